import Exact

/// A parameter matrix entered into a number system: the form cells are built
/// from. Entries that are exactly zero in a construction file are *structural*
/// zeros — the cell skips them, which is exact. A trainable parameter has
/// none: every entry takes part, whatever its current value.
public struct ParameterMatrix<Scalar: CellScalar>: Sendable {
    public let rows: Int
    public let columns: Int
    public var entries: [Scalar]
    /// Entries known to be exactly zero (skipped by `AffineMap`).
    public let structuralZeros: [Bool]

    /// Every entry live (a trainable parameter).
    public init(rows: Int, columns: Int, entries: [Scalar]) {
        precondition(entries.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.entries = entries
        structuralZeros = Array(repeating: false, count: entries.count)
    }

    /// An exact matrix entered into the number system; its exact zeros are structural.
    public init(_ m: ExactMatrix, context: Scalar.Context) {
        rows = m.rows
        columns = m.columns
        entries = m.entries.map { Scalar(exactly: $0, context: context) }
        structuralZeros = m.entries.map(\.isZero)
    }

    /// Entry-wise a + b (structural zero where both are): two bias vectors
    /// that a cell only ever uses summed, as the frameworks' b_ih + b_hh.
    public static func sum(_ a: ParameterMatrix, _ b: ParameterMatrix) -> ParameterMatrix {
        precondition(a.rows == b.rows && a.columns == b.columns)
        return ParameterMatrix(rows: a.rows, columns: a.columns,
                               entries: (0..<a.entries.count).map { a.structuralZeros[$0] ? b.entries[$0] : b.structuralZeros[$0] ? a.entries[$0] : a.entries[$0] + b.entries[$0] },
                               structuralZeros: zip(a.structuralZeros, b.structuralZeros).map { $0 && $1 })
    }

    /// The matrix product a·b in the number system (an entry is a structural
    /// zero when every term of its sum is): a composition of two linear maps,
    /// as a cell with an input projection uses it.
    public static func product(_ a: ParameterMatrix, _ b: ParameterMatrix) -> ParameterMatrix {
        precondition(a.columns == b.rows)
        var entries: [Scalar] = []
        var zeros: [Bool] = []
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var total = Scalar.zero
                var structural = true
                for k in 0..<a.columns where !a.isStructuralZero(i, k) && !b.isStructuralZero(k, j) {
                    total.addProduct(a[i, k], b[k, j])
                    structural = false
                }
                entries.append(total)
                zeros.append(structural)
            }
        }
        return ParameterMatrix(rows: a.rows, columns: b.columns, entries: entries, structuralZeros: zeros)
    }

    /// A structural zero matrix (a term the cell does not have).
    public static func zeros(rows: Int, columns: Int) -> ParameterMatrix {
        ParameterMatrix(rows: rows, columns: columns, entries: Array(repeating: .zero, count: rows * columns),
                        structuralZeros: Array(repeating: true, count: rows * columns))
    }

    init(rows: Int, columns: Int, entries: [Scalar], structuralZeros: [Bool]) {
        self.rows = rows
        self.columns = columns
        self.entries = entries
        self.structuralZeros = structuralZeros
    }

    public subscript(i: Int, j: Int) -> Scalar { entries[i * columns + j] }
    public func isStructuralZero(_ i: Int, _ j: Int) -> Bool { structuralZeros[i * columns + j] }
}
