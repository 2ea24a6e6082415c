// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "f1b",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "f1b", targets: ["f1b"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // GMP as a system library; shim.h turns its mpq_*/mpz_* macros into functions.
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]
        ),
        .target(name: "Exact", dependencies: ["CGMP"]),
        .target(name: "F1B", dependencies: ["Exact"]),
        .target(name: "Cells", dependencies: ["Exact", "F1B"]),
        .target(name: "Constructions", dependencies: ["Exact", "F1B", "Cells", "Yams"]),
        .target(name: "Verification", dependencies: ["Exact", "F1B", "Cells", "Constructions"]),
        .target(name: "Bounds", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Verification"]),
        .target(name: "Reports", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Verification", "Bounds"]),
        .executableTarget(
            name: "f1b",
            dependencies: [
                "Exact", "F1B", "Cells", "Constructions", "Verification", "Bounds", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["F1B"], path: "Tests/TestSupport"),
        .testTarget(name: "ExactTests", dependencies: ["Exact"], exclude: ["make_enclosure_references.py"]),
        .testTarget(name: "F1BTests", dependencies: ["F1B"]),
        .testTarget(name: "CellsTests", dependencies: ["Cells", "Constructions"]),
        .testTarget(name: "ConstructionsTests", dependencies: ["Constructions", "TestSupport"]),
        .testTarget(name: "VerificationTests", dependencies: ["Verification", "Constructions", "TestSupport"]),
        .testTarget(name: "BoundsTests", dependencies: ["Bounds", "Verification", "Constructions", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["f1b", "Constructions", "Cells", "F1B", "Exact", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
