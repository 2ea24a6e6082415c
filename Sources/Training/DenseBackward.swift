import Cells
import Simulation
import _LaneMath

extension DenseCell {
    /// One step of back-propagation through time for N paths: the chain rule
    /// through `forward`'s equations, given ∂L/∂s_t (`dState`, internal layout),
    /// writes ∂L/∂s_{t−1} into `dPrevious` and replaces the step's gate values in
    /// `gates` by the adjoints of the products' rows (their pre-activations), from
    /// which the weight gradients are one product over all steps afterwards
    /// (`DenseBatchLoss`). Per cell, with ḡ the adjoint of g and σ' = σ(1 − σ), tanh' = 1 − tanh²:
    ///
    /// - Vanilla: ā = s̄ ⊙ f'(a); s̄_{t−1} = Uᵀ ā.
    /// - GRU (paper): z̄ = s̄ ⊙ (s̃ − s), s̃̄ = s̄ ⊙ z, ā_s = s̃̄ ⊙ tanh', q̄ = U_sᵀ ā_s
    ///   (q = r ⊙ s), r̄ = q̄ ⊙ s; s̄_{t−1} = s̄ ⊙ (1 − z) + q̄ ⊙ r + [U_r; U_z]ᵀ [ā_r; ā_z].
    /// - GRU (frameworks): z̄ = s̄ ⊙ (s − n), ā_n = s̄ ⊙ (1 − z) ⊙ tanh', r̄ = ā_n ⊙ m,
    ///   m̄ = ā_n ⊙ r; s̄_{t−1} = s̄ ⊙ z + [U_r; U_z; U_n]ᵀ [ā_r; ā_z; m̄].
    /// - LSTM: ō = d̄ ⊙ tanh c, c̄ ← c̄ + d̄ ⊙ o ⊙ tanh'(c), ī = c̄ ⊙ c̃, f̄ = c̄ ⊙ c_{t−1},
    ///   c̃̄ = c̄ ⊙ i; c̄_{t−1} = c̄ ⊙ f, and [d̄_{t−1}; c̄_{t−1}] += [U | V]ᵀ [ā_i; ā_f; ā_o; ā_c̃].
    ///
    /// `z` is the step's input ([e(x_t); s_{t−1}]), `state` holds s_t (rows 4…),
    /// `mixed` the paper GRU's [e(x_t); r ⊙ s_{t−1}], `scratch` K rows of work.
    package func backward(_ z: MatrixView, state: MatrixView, gates: MatrixView, mixed: MatrixView,
                          dState: MatrixView, into dPrevious: MatrixView, scratch: MatrixView, paths N: Int) {
        let K = stateSize
        let one = FloatVector(repeating: 1)
        let recurrent = first.view(stride: firstColumns).offset(row: 0, column: 4)
        switch kind {
        case .vanilla(let f):
            for k in 0..<K {
                let a = gates.row(k), y = state.row(4 + k), ds = dState.row(k)
                for j in stride(from: 0, to: N, by: 16) {
                    let slope: FloatVector
                    switch f {
                    case .tanh: let v = load(y + j); slope = one - v * v
                    case .sigmoid: let v = load(y + j); slope = v * (one - v)
                    case .hardclip: slope = floatVector(bitPattern: inside(load(a + j), -1, 1) & bitPattern(one))
                    case .relu: slope = floatVector(bitPattern: inside(load(a + j), 0, .infinity) & bitPattern(one))
                    }
                    store(load(ds + j) * slope, a + j)
                }
            }
            MatrixProduct.multiply(K, N, K, recurrent, gates, into: dPrevious, transposingA: true)
        case .gru:
            for k in 0..<K {
                let u = gates.row(K + k), c = gates.row(2 * K + k), h = z.row(4 + k)
                let ds = dState.row(k), dp = dPrevious.row(k)
                for j in stride(from: 0, to: N, by: 16) {
                    let g = load(ds + j), zv = load(u + j), cv = load(c + j)
                    store(g * (one - zv), dp + j)
                    store(g * (cv - load(h + j)) * (zv * (one - zv)), u + j)
                    store(g * zv * (one - cv * cv), c + j)
                }
            }
            let candidateRecurrent = candidate.view(stride: 4 + K).offset(row: 0, column: 4)
            MatrixProduct.multiply(K, N, K, candidateRecurrent, gates.offset(row: 2 * K), into: scratch, transposingA: true)
            for k in 0..<K {
                let r = gates.row(k), h = z.row(4 + k), dq = scratch.row(k), dp = dPrevious.row(k)
                for j in stride(from: 0, to: N, by: 16) {
                    let q = load(dq + j), rv = load(r + j)
                    store(load(dp + j).addingProduct(q, rv), dp + j)
                    store(q * load(h + j) * (rv * (one - rv)), r + j)
                }
            }
            MatrixProduct.multiply(K, N, 2 * K, recurrent, gates, into: dPrevious, transposingA: true, beta: 1)
        case .resetAfterGRU:
            for k in 0..<K {
                let r = gates.row(k), u = gates.row(K + k), m = gates.row(2 * K + k), n = gates.row(3 * K + k)
                let h = z.row(4 + k), ds = dState.row(k), dp = dPrevious.row(k)
                for j in stride(from: 0, to: N, by: 16) {
                    let g = load(ds + j), zv = load(u + j), nv = load(n + j), rv = load(r + j)
                    store(g * zv, dp + j)
                    let an = g * (one - zv) * (one - nv * nv)
                    store(an * load(m + j) * (rv * (one - rv)), r + j)
                    store(an * rv, m + j)
                    store(an, n + j)
                    store(g * (load(h + j) - nv) * (zv * (one - zv)), u + j)
                }
            }
            MatrixProduct.multiply(K, N, 3 * K, recurrent, gates, into: dPrevious, transposingA: true, beta: 1)
        case .lstm:
            for k in 0..<K {
                let i = gates.row(k), f = gates.row(K + k), o = gates.row(2 * K + k), g = gates.row(3 * K + k)
                let t = gates.row(4 * K + k), cPrevious = z.row(4 + K + k)
                let dh = dState.row(k), dc = dState.row(K + k), dpH = dPrevious.row(k), dpC = dPrevious.row(K + k)
                for j in stride(from: 0, to: N, by: 16) {
                    let iv = load(i + j), fv = load(f + j), ov = load(o + j), gv = load(g + j), tv = load(t + j)
                    let dhv = load(dh + j)
                    let dcv = load(dc + j).addingProduct(dhv * ov, one - tv * tv)
                    store(dhv * tv * (ov * (one - ov)), o + j)
                    store(dcv * gv * (iv * (one - iv)), i + j)
                    store(dcv * load(cPrevious + j) * (fv * (one - fv)), f + j)
                    store(dcv * iv * (one - gv * gv), g + j)
                    store(dcv * fv, dpC + j)
                    store(FloatVector(), dpH + j)
                }
            }
            MatrixProduct.multiply(readWidth, N, 4 * K, recurrent, gates, into: dPrevious, transposingA: true, beta: 1)
        }
    }
}

/// The lanes with low < x < high, as `FloatLanes.inside` tests them (the slope of hardclip and relu).
@inline(__always)
func inside(_ x: FloatVector, _ low: Float, _ high: Float) -> LaneMask {
    greater(x, FloatVector(repeating: low)) & greater(FloatVector(repeating: high), x)
}
