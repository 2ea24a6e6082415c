/// Which sequence lengths n to check: one n, a closed range a...b, an explicit
/// list (whose items may be ranges), or every n ≥ 1 (`all`). Written as in
/// construction files' `expect.n` and `--n`: `12`, `1...40`, `1,5,10`,
/// `1...5,10` (or a YAML list), `all`.
public enum SequenceLengths: Sendable, Equatable, CustomStringConvertible {
    case list([Int])
    case all

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case notPositive(String)
        case tooLong(String)
        case emptyRange(Int, Int)

        public var description: String {
            switch self {
            case .malformed(let s):
                return "expected n as an integer, a range a...b, a comma-separated list or 'all', found '\(s)'"
            case .notPositive(let s): return "sequence lengths start at 1, found '\(s)'"
            case .tooLong(let s): return "n = \(s) exceeds the largest length f1b accepts, \(SequenceLengths.maximumLength)"
            case .emptyRange(let a, let b): return "the range \(a)...\(b) is empty (expected a ≤ b)"
            }
        }
    }

    /// Largest n accepted in a spec: the tool works with n·2^n path counts and
    /// per-step state; past this a typo is likelier than intent.
    public static let maximumLength = 1_000_000

    public static func parse(_ text: String) throws(ParseError) -> SequenceLengths {
        let s = text.trimmingSpaces
        if s == "all" { return .all }
        var lengths: [Int] = []
        var seen = Set<Int>()
        for part in s.split(separator: ",", omittingEmptySubsequences: false) {
            // An n given twice ("1...3,2") is checked once.
            lengths += try parseItem(String(part)).filter { seen.insert($0).inserted }
        }
        return .list(lengths)
    }

    /// `n` or `a...b`.
    static func parseItem(_ text: String) throws(ParseError) -> [Int] {
        let s = text.trimmingSpaces
        guard let dots = s.firstRange(of: "...") else { return [try parseLength(s)] }
        let a = try parseLength(String(s[..<dots.lowerBound]))
        let b = try parseLength(String(s[dots.upperBound...]))
        guard a <= b else { throw .emptyRange(a, b) }
        return Array(a...b)
    }

    public static func parseLength(_ text: String) throws(ParseError) -> Int {
        let s = text.trimmingSpaces
        guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 45 }), s.dropFirst().allSatisfy({ $0 != "-" }) else {
            throw .malformed(s)
        }
        guard let n = Int(s), n <= maximumLength else { throw .tooLong(s) }
        guard n >= 1 else { throw .notPositive(s) }
        return n
    }

    /// The spec as written in files: runs of three or more consecutive lengths
    /// become ranges ("1...38,40,41").
    public var description: String {
        switch self {
        case .all: return "all"
        case .list(let ns):
            var items: [String] = []
            var i = 0
            while i < ns.count {
                var j = i
                while j + 1 < ns.count, ns[j + 1] == ns[j] + 1 { j += 1 }
                if j - i >= 2 {
                    items.append("\(ns[i])...\(ns[j])")
                } else {
                    items += ns[i...j].map(String.init)
                }
                i = j + 1
            }
            return items.joined(separator: ",")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
