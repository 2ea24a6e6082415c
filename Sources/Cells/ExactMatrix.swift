import Exact

/// A matrix of exact rationals, row-major: the form parameters take in
/// construction files and transforms. A vector is a matrix with one column.
public struct ExactMatrix: Sendable, Equatable, Hashable {
    public let rows: Int
    public let columns: Int
    public var entries: [Rational]

    public init(rows: Int, columns: Int, entries: [Rational]) {
        precondition(entries.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    public static func zeros(_ rows: Int, _ columns: Int) -> ExactMatrix {
        ExactMatrix(rows: rows, columns: columns, entries: Array(repeating: Rational(), count: rows * columns))
    }

    /// A column vector.
    public init(vector: [Rational]) { self.init(rows: vector.count, columns: 1, entries: vector) }

    public init(rowsOf values: [[Rational]]) {
        self.init(rows: values.count, columns: values.first?.count ?? 0, entries: values.flatMap { $0 })
    }

    public subscript(i: Int, j: Int) -> Rational {
        get { entries[i * columns + j] }
        set { entries[i * columns + j] = newValue }
    }

    public func row(_ i: Int) -> [Rational] { Array(entries[(i * columns)..<((i + 1) * columns)]) }
    public var rowArrays: [[Rational]] { (0..<rows).map(row) }
    public var isZero: Bool { entries.allSatisfy(\.isZero) }
}
