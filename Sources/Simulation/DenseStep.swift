import Cells
import _LaneMath

/// Sixteen consecutive Floats of a row.
@inlinable @inline(__always)
package func load(_ p: UnsafeMutablePointer<Float>) -> FloatVector { UnsafeRawPointer(p).loadUnaligned(as: FloatVector.self) }

@inlinable @inline(__always)
package func store(_ v: FloatVector, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: FloatVector.self) }

extension DenseCell {
    /// Writes the one-hot code e(x) of 64 paths' inputs into rows 0…3 of `z`,
    /// columns `column..<column + 64`: row i is 1 where the path's input has
    /// `StepInput.index` i (bit 0: X^I = +1, bit 1: flag on), else 0.
    @inlinable
    package static func encode(_ inputs: LaneInputs, into z: MatrixView, column: Int) {
        let one = bitPattern(FloatVector(repeating: 1))
        @inline(__always) func part(_ p: LaneMask, _ f: LaneMask, _ offset: Int) {
            store(floatVector(bitPattern: ~p & ~f & one), z.row(0) + column + offset)
            store(floatVector(bitPattern: p & ~f & one), z.row(1) + column + offset)
            store(floatVector(bitPattern: ~p & f & one), z.row(2) + column + offset)
            store(floatVector(bitPattern: p & f & one), z.row(3) + column + offset)
        }
        let p = inputs.positive.parts, f = inputs.flagged.parts
        part(p.0, f.0, 0); part(p.1, f.1, 16); part(p.2, f.2, 32); part(p.3, f.3, 48)
    }

    /// One step of the cell for N paths (N a multiple of 16), the cell's
    /// equations gate by gate on vectors of 16 paths:
    ///
    /// - `z`: rows 0…3 the inputs' one-hot code, rows 4… the state s_{t−1} (internal layout);
    /// - `next`: rows 4… receive s_t;
    /// - `gates`: receive the gate values the backward pass needs (`gateRows` rows);
    /// - `mixed`: the paper GRU's [e(x); r ⊙ h] ((4 + K) rows; unused otherwise).
    ///
    /// Each operation is the one the generic cell performs, in its order
    /// (products accumulated with fused multiply-adds onto the input term),
    /// so the two differ only in the order of the recurrent sums and in
    /// the vector tanh/σ, which are `FloatLanes`' own.
    package func forward(_ z: MatrixView, into next: MatrixView, gates: MatrixView, mixed: MatrixView, paths N: Int) {
        let K = stateSize
        MatrixProduct.multiply(firstRows, N, firstColumns, first.view(stride: firstColumns), z, into: gates)
        let one = FloatVector(repeating: 1)
        switch kind {
        case .vanilla(let f):
            @inline(__always) func apply(_ activation: (FloatVector) -> FloatVector) {
                for k in 0..<K {
                    let a = gates.row(k), s = next.row(4 + k)
                    for j in stride(from: 0, to: N, by: 16) { store(activation(load(a + j)), s + j) }
                }
            }
            switch f {
            case .tanh: apply(_LaneMath.tanh)
            case .sigmoid: apply(sigmoid)
            case .hardclip: apply(hardclip)
            case .relu: apply(relu)
            }
        case .gru:
            for i in 0..<4 { mixed.row(i).update(from: z.row(i), count: N) }
            for k in 0..<K {
                let r = gates.row(k), u = gates.row(K + k), h = z.row(4 + k), q = mixed.row(4 + k)
                for j in stride(from: 0, to: N, by: 16) {
                    let rv = sigmoid(load(r + j))
                    store(rv, r + j)
                    store(sigmoid(load(u + j)), u + j)
                    store(rv * load(h + j), q + j)
                }
            }
            MatrixProduct.multiply(K, N, 4 + K, candidate.view(stride: 4 + K), mixed, into: gates.offset(row: 2 * K))
            for k in 0..<K {
                let u = gates.row(K + k), c = gates.row(2 * K + k), h = z.row(4 + k), s = next.row(4 + k)
                for j in stride(from: 0, to: N, by: 16) {
                    let cv = _LaneMath.tanh(load(c + j)), zv = load(u + j)
                    store(cv, c + j)
                    store((zv * cv).addingProduct(one - zv, load(h + j)), s + j)
                }
            }
        case .resetAfterGRU:
            let e0 = z.row(0), e1 = z.row(1), e2 = z.row(2), e3 = z.row(3)
            for k in 0..<K {
                let r = gates.row(k), u = gates.row(K + k), m = gates.row(2 * K + k), n = gates.row(3 * K + k)
                let h = z.row(4 + k), s = next.row(4 + k)
                let d0 = FloatVector(repeating: candidateDrive[k]), d1 = FloatVector(repeating: candidateDrive[K + k])
                let d2 = FloatVector(repeating: candidateDrive[2 * K + k]), d3 = FloatVector(repeating: candidateDrive[3 * K + k])
                for j in stride(from: 0, to: N, by: 16) {
                    let rv = sigmoid(load(r + j)), zv = sigmoid(load(u + j))
                    // W_n x + b_in: the one input term whose code is 1 (the others add exact zeros).
                    let drive = load(e0 + j) * d0 + load(e1 + j) * d1 + load(e2 + j) * d2 + load(e3 + j) * d3
                    let nv = _LaneMath.tanh(drive.addingProduct(rv, load(m + j)))
                    store(rv, r + j)
                    store(zv, u + j)
                    store(nv, n + j)
                    store(((one - zv) * nv).addingProduct(zv, load(h + j)), s + j)
                }
            }
        case .lstm:
            for k in 0..<K {
                let i = gates.row(k), f = gates.row(K + k), o = gates.row(2 * K + k), g = gates.row(3 * K + k)
                let t = gates.row(4 * K + k)
                let c = z.row(4 + K + k), hOut = next.row(4 + k), cOut = next.row(4 + K + k)
                for j in stride(from: 0, to: N, by: 16) {
                    let iv = sigmoid(load(i + j)), fv = sigmoid(load(f + j)), ov = sigmoid(load(o + j))
                    let gv = _LaneMath.tanh(load(g + j))
                    let cv = (iv * gv).addingProduct(fv, load(c + j))
                    let tv = _LaneMath.tanh(cv)
                    store(iv, i + j); store(fv, f + j); store(ov, o + j); store(gv, g + j); store(tv, t + j)
                    store(cv, cOut + j)
                    store(ov * tv, hOut + j)
                }
            }
        }
    }
}
