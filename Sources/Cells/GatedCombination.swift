/// The gated combination shared by the GRU (eq. 13) and the PRU (eq. 16), with
/// z and s̃ read from `gates` at the given offsets:
///
///     s_t = z ⊙ s̃ + (1 − z) ⊙ s_{t−1}
///
/// written as the paper writes it (not s + z(s̃ − s)), so interval enclosures
/// later see the same expression.
@inlinable @inline(__always)
func gatedCombination<Scalar: CellScalar>(_ gates: [Scalar], z zOffset: Int, candidate cOffset: Int,
                                          previous: [Scalar], into next: inout [Scalar]) {
    let one = Scalar.one
    for k in 0..<next.count {
        let z = gates[zOffset + k]
        next[k].assign(z * gates[cOffset + k])
        next[k].addProduct(one - z, previous[k])
    }
}
