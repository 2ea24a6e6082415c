// swift-tools-version:6.0
import PackageDescription

/// Code generation for the machine that builds (AVX-512 or AVX2 where present):
/// the simulator's SIMD lanes are 16 Floats wide, and the certified kernels'
/// fused multiply–adds (`addingProduct`) are single instructions rather than
/// calls to libm's `fma` per lane (x86-64's baseline has no FMA). Every module
/// that specialises the generic cells or kernels builds with it; fused
/// operations round once either way, so results do not depend on it.
///
/// The same modules are optimised in debug builds too: they hold the exact and
/// certified arithmetic, which the test suite runs over thousands of paths and
/// sets (the full suite on 2 cores: 2,347 s unoptimised, 574 s with this).
/// `assert` still checks (`-assert-config Debug`) and `@testable` imports
/// still work (`-enable-testing` stays on in the debug configuration).
let hostVectorUnits: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "native"]),
    .unsafeFlags(["-O", "-assert-config", "Debug"], .when(configuration: .debug)),
]

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
        // FLINT/Arb ball arithmetic (no pkg-config file in Debian's libflint-arb-dev):
        // certified tanh, σ and exp for the double-endpoint intervals.
        .systemLibrary(name: "CArb", providers: [.apt(["libflint-arb-dev"])]),
        // z3 for `f1b prove`'s piecewise-linear statements (nonlinear real arithmetic).
        .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"]), .brew(["z3"])]),
        // OpenBLAS: the float engines' batched matrix products (pinned to one thread per worker).
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .target(name: "Exact", dependencies: ["CGMP", "CArb"], swiftSettings: hostVectorUnits),
        // Shards of a sweep (`--shard i/N`), the result file they write, and the one merge (`f1b merge`).
        .target(name: "Sharding"),
        .target(name: "F1B", dependencies: ["Exact"]),
        // Vector code for the Monte-Carlo engine: generic cells are specialised for
        // FloatLanes where they are used, so every module that runs them builds
        // for the host's vector units.
        .target(name: "_LaneMath", dependencies: ["CBLAS"], swiftSettings: hostVectorUnits),
        // Work spread over threads: the default thread count, even and uneven (pulled) tasks.
        .target(name: "_Parallel"),
        .target(name: "Cells", dependencies: ["Exact", "F1B", "_LaneMath"], swiftSettings: hostVectorUnits),
        .target(name: "Constructions", dependencies: ["Exact", "F1B", "Cells", "Yams"]),
        .target(name: "Verification", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Sharding", "_LaneMath", "_Parallel"], swiftSettings: hostVectorUnits),
        .target(name: "Bounds", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Verification"], swiftSettings: hostVectorUnits),
        .target(name: "Simulation", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Sharding", "_LaneMath", "_Parallel"],
                swiftSettings: hostVectorUnits),
        .target(name: "Training", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Sharding", "Simulation", "_LaneMath", "_Parallel"], swiftSettings: hostVectorUnits),
        // Parametric statements: z3 for piecewise-linear cells, interval branch-and-bound for tanh/σ.
        .target(name: "Proofs", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Verification", "Bounds", "CZ3"], swiftSettings: hostVectorUnits),
        // Analyses that read a model rather than score it: discrepancy, connectivity.
        .target(name: "Analyses", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Simulation", "_Parallel"]),
        // Markdown and SVG writers of every report; they format the results of Experiments and Proofs.
        .target(name: "Reports", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Verification", "Bounds", "Simulation", "Analyses", "Experiments", "Proofs"]),
        // Experiments that combine engines (training, checking) and return typed results.
        .target(name: "Experiments", dependencies: ["Exact", "F1B", "Cells", "Constructions", "Sharding", "Verification", "Bounds", "Simulation", "Training", "Analyses", "_Parallel"]),
        .executableTarget(
            name: "f1b",
            dependencies: [
                "Exact", "F1B", "Cells", "Constructions", "Sharding", "Verification", "Bounds", "Simulation", "Training", "Reports", "Experiments", "Proofs", "Analyses", "_Parallel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["F1B"], path: "Tests/TestSupport"),
        .testTarget(name: "ExactTests", dependencies: ["Exact"], exclude: ["make_enclosure_references.py"]),
        .testTarget(name: "F1BTests", dependencies: ["F1B"]),
        .testTarget(name: "ShardingTests", dependencies: ["Sharding"]),
        .testTarget(name: "CellsTests", dependencies: ["Cells", "Constructions"],
                    exclude: ["make_pytorch_fixture.py", "Fixtures"]),
        .testTarget(name: "ConstructionsTests", dependencies: ["Constructions", "Cells", "TestSupport"]),
        .testTarget(name: "VerificationTests", dependencies: ["Verification", "Constructions", "TestSupport"],
                    exclude: ["Fixtures", "make_independent_reference.py"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Sharding", "Cells", "Constructions", "Verification", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Sharding", "Cells", "Simulation", "F1B", "Constructions", "Verification", "Exact"]),
        .testTarget(name: "BoundsTests", dependencies: ["Bounds", "Verification", "Constructions", "TestSupport"]),
        .testTarget(name: "AnalysesTests", dependencies: ["Analyses", "Cells", "Constructions", "F1B", "Exact", "TestSupport"]),
        .testTarget(name: "ProofsTests", dependencies: ["Proofs", "Verification", "Constructions", "Cells", "Exact", "F1B", "TestSupport"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Sharding", "Training", "Cells", "Simulation", "Verification", "Constructions", "F1B", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Sharding", "Experiments", "Analyses", "Simulation", "Verification", "Proofs", "Bounds", "Constructions", "Cells", "Exact", "F1B", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["f1b", "Sharding", "Constructions", "Cells", "F1B", "Exact", "Simulation", "Reports", "Experiments", "TestSupport"],
                    exclude: ["Fixtures", "make_pytorch_check_fixtures.py"]),
    ],
    swiftLanguageModes: [.v6]
)
