/// The gated combination shared by the GRU (eq. 13) and the PRU (eq. 16):
///
///     s_t = z ⊙ s̃ + (1 − z) ⊙ s_{t−1}
///
/// written as the paper writes it (not s + z(s̃ − s)), so interval enclosures
/// later see the same expression.
@inlinable @inline(__always)
func gatedCombination<Scalar: CellScalar>(z: [Scalar], candidate: [Scalar], previous: [Scalar],
                                          into next: inout [Scalar]) {
    let one = Scalar.one
    for k in 0..<z.count {
        next[k].assign(z[k] * candidate[k])
        next[k].addProduct(one - z[k], previous[k])
    }
}
