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

/// The combination of the cells whose gate g *retains* (UGRNN, the refined
/// cells, the frameworks' GRU), g and the candidate read from `gates`:
///
///     s_t = g ⊙ s_{t−1} + (1 − g) ⊙ s̃
///
/// into `next[offset..<offset + K]`, the old state read from `previous` at the same offset.
@inlinable @inline(__always)
func retainingCombination<Scalar: CellScalar>(_ gates: [Scalar], g gOffset: Int, candidate cOffset: Int, count K: Int,
                                              previous: [Scalar], into next: inout [Scalar], at offset: Int = 0) {
    let one = Scalar.one
    for k in 0..<K {
        let g = gates[gOffset + k]
        next[offset + k].assign(g * previous[offset + k])
        next[offset + k].addProduct(one - g, gates[cOffset + k])
    }
}

/// The refine gate of Gu et al. (2020, eq. 12, with the square on the last f
/// that the flattened text drops; their eq. 16 and appendix have it): from a
/// gate f and a refine gate r, both in (0, 1),
///
///     g = r ⊙ (1 − (1 − f)²) + (1 − r) ⊙ f²  ∈ [f², 1 − (1 − f)²],
///
/// so r can push g towards 0 or 1 beyond what f alone reaches (f = 0.9 gives
/// g up to 0.99). Written as the paper writes it; in place into `gates[fOffset…]`.
@inlinable @inline(__always)
func refine<Scalar: CellScalar>(_ gates: inout [Scalar], f fOffset: Int, r rOffset: Int, count K: Int) {
    let one = Scalar.one
    for k in 0..<K {
        let f = gates[fOffset + k], r = gates[rOffset + k]
        let complement = one - f
        var g = r * (one - complement * complement)
        g.addProduct(one - r, f * f)
        gates[fOffset + k] = g
    }
}
