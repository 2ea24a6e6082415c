import Foundation
import Sharding
import Testing

/// A sweep of squares: item j's square, summed; the inputs are the item count.
struct Squares: ShardedSweep {
    static let kind = "test-squares"
    static let title = "a test result"
    var items: Int
    var values: [Int]
    var inputs: Int { items }
    mutating func absorb(_ other: Squares) { values = (values + other.values).sorted() }

    static func run(items: Int, shard: Shard) -> ShardedResult<Squares> {
        ShardedResult(Squares(items: items, values: shard.indices(below: items).map { $0 * $0 }), shard: shard)
    }
}

@Suite struct ShardTests {
    @Test func parsesIOfN() throws {
        let s = try Shard(parsing: "2/5")
        #expect(s.index == 2 && s.count == 5 && s.description == "2/5")
        #expect(try Shard(parsing: "0/1") == .whole)
    }

    @Test(arguments: ["", "1", "2/2", "-1/3", "1/0", "a/b", "1/2/3", " 1/2", "1/-2"])
    func refusesBadText(_ text: String) {
        #expect(throws: ShardParseError(text: text)) { try Shard(parsing: text) }
        #expect(ShardParseError(text: text).description.contains("expected i/N with 0 ≤ i < N"))
    }

    @Test func shardsPartitionTheItems() {
        let shards = (0..<3).map { Shard(index: $0, count: 3) }
        let items = Array(10..<20)
        let parts = shards.map { $0.items(of: items) }
        #expect(parts.flatMap { $0 }.sorted() == items)
        #expect(parts[1] == [11, 14, 17])
        #expect(Array(shards[2].indices(below: 10)) == [2, 5, 8])
        #expect((0..<10).filter { shards[0].owns($0) } == [0, 3, 6, 9])
    }
}

@Suite struct ShardedResultTests {
    func text(_ r: ShardedResult<Squares>) throws -> String { try ResultFile.serialized(r) }

    @Test func mergedShardsEqualTheUnshardedRun() throws {
        let whole = Squares.run(items: 10, shard: .whole)
        let files = try [2, 0, 1].map { (name: "s\($0).json", text: try text(Squares.run(items: 10, shard: Shard(index: $0, count: 3)))) }
        let merged = try ShardMerge.merge(files, as: Squares.self)
        #expect(merged.isComplete && merged.shards == [0, 1, 2])
        #expect(merged.sweep == whole.sweep && merged.fingerprint == whole.fingerprint)
    }

    @Test func theFileRoundTripsWithItsKeys() throws {
        let r = Squares.run(items: 4, shard: Shard(index: 1, count: 2))
        let json = try text(r)
        for key in ["\"kind\":\"test-squares\"", "\"fingerprint\":", "\"shards\":[1]", "\"shard_count\":2", "\"items\":4"] {
            #expect(json.contains(key), "\(key) in \(json)")
        }
        #expect(try ResultFile.decode(ShardedResult<Squares>.self, from: json, file: "f", what: "x") == r)
        #expect(ResultFile.kind(of: json) == "test-squares" && ResultFile.kind(of: "[]") == nil)
    }

    @Test func shardsOfOtherInputsAreRefused() throws {
        let a = try text(Squares.run(items: 10, shard: Shard(index: 0, count: 2)))
        let b = try text(Squares.run(items: 11, shard: Shard(index: 1, count: 2)))
        #expect {
            try ShardMerge.merge([("a.json", a), ("b.json", b)], as: Squares.self)
        } throws: { error in
            "\(error)".hasPrefix("b.json: error: not a shard of the same sweep: its inputs differ")
        }
    }

    @Test func otherSplitsAndRepeatsAreRefused() throws {
        var a = Squares.run(items: 10, shard: Shard(index: 0, count: 2))
        #expect(throws: MergeError.otherSplit(expected: 2, found: 3)) { try a.merge(Squares.run(items: 10, shard: Shard(index: 1, count: 3))) }
        #expect(throws: MergeError.repeated([0])) { try a.merge(Squares.run(items: 10, shard: Shard(index: 0, count: 2))) }
        #expect(MergeError.repeated([0]).description == "shard 0 given twice")
        #expect(!a.isComplete && a.missingShards == [1])
    }

    @Test func otherKindsAndBrokenFilesAreRefused() {
        let other = "{\"kind\":\"f1b-search\",\"fingerprint\":\"0\",\"shards\":[0],\"shard_count\":1}"
        #expect { try ShardMerge.merge([("o.json", other)], as: Squares.self) } throws: { "\($0)".contains("o.json: error: not a test result") }
        let outOfRange = "{\"schema\":1,\"kind\":\"test-squares\",\"fingerprint\":\"0\",\"shards\":[2],\"shard_count\":2,\"items\":1,\"values\":[]}"
        #expect { try ShardMerge.merge([("r.json", outOfRange)], as: Squares.self) } throws: { "\($0)".contains("0 ≤ i < shard_count") }
        #expect { try ShardMerge.merge([("j.json", "not json")], as: Squares.self) } throws: { "\($0)".contains("j.json: error") }
    }

    @Test func fingerprintsAreStableAndDiscriminating() {
        #expect(Fingerprint.of("") == "cbf29ce484222325")
        #expect(Fingerprint.of(inputs: [1, 2]) == Fingerprint.of(inputs: [1, 2]))
        #expect(Fingerprint.of(inputs: [1, 2]) != Fingerprint.of(inputs: [2, 1]))
    }
}
