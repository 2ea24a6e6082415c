import F1B
import Foundation

/// The package root, found from this file's path.
public let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The path of a shipped construction file.
public func shippedConstruction(_ name: String) -> String {
    packageRoot.appendingPathComponent("constructions/\(name)").path
}

/// Damages `lines` one to three times: deletes a line, swaps two, inserts a
/// line of `junk`, or overwrites one character with junk. For fuzz tests.
public func mutate(_ lines: [String], junk: [String], using rng: inout SplitMix64) -> [String] {
    var lines = lines
    func pick(_ count: Int) -> Int { Int(rng.next() % UInt64(max(count, 1))) }
    for _ in 0..<(pick(3) + 1) {
        if lines.isEmpty { lines = [""] }
        let i = pick(lines.count)
        switch rng.next() % 4 {
        case 0: lines.remove(at: i)
        case 1: lines.swapAt(i, pick(lines.count))
        case 2: lines.insert(junk[pick(junk.count)], at: i)
        default:
            var chars = Array(lines[i])
            if !chars.isEmpty { chars[pick(chars.count)] = junk[pick(junk.count)].first ?? "x" }
            lines[i] = String(chars)
        }
    }
    return lines
}
