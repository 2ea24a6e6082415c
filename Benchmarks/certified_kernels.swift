// Benchmark: the certified Double kernels and BallLanes (built and run by
// Benchmarks/certified-kernels, which prints PyTorch's float64 figures from the
// same run beside these). One thread. Prints one line per figure as
// `key value unit`, which the script reads.
import Cells
import Exact
import F1B
import Glibc

/// This thread's CPU seconds for `body`, best of `repeats` runs: the machine is
/// shared, and CPU time (on both sides) keeps other processes' load out of the figures.
func seconds(repeats: Int = 5, _ body: () -> Void) -> Double {
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = now()
        body()
        best = min(best, now() - start)
    }
    return best
}

var sink = 0.0
func report(_ key: String, _ value: Double, _ unit: String) { print(key, String(format: "%.4g", value), unit) }

// MARK: - ns per certified tanh, σ, exp

var rng = SplitMix64(seed: 1)
let points = (0..<4096).map { _ in Double(Int(rng.next() % 16001) - 8000) / 1000 }
let widths = (0..<4096).map { _ in Double(rng.next() % 1000) * 1e-12 }
func perCall(_ label: String, calls: Int, _ f: (DoubleInterval) -> DoubleInterval, interval: Bool) {
    let t = seconds {
        var acc = 0.0
        for k in 0..<calls {
            let x = points[k & 4095]
            acc += f(DoubleInterval(lower: x, upper: interval ? x + widths[k & 4095] : x)).upper
        }
        sink += acc
    }
    report(label, t / Double(calls) * 1e9, "ns")
}
for interval in [false, true] {
    let kind = interval ? "interval" : "point"
    perCall("tanh_fast_\(kind)", calls: 2_000_000, { $0.tanh }, interval: interval)
    perCall("tanh_arb_\(kind)", calls: 100_000, { $0.arbTanh }, interval: interval)
    perCall("sigmoid_fast_\(kind)", calls: 2_000_000, { $0.sigmoid }, interval: interval)
    perCall("sigmoid_arb_\(kind)", calls: 100_000, { $0.arbSigmoid }, interval: interval)
    perCall("exp_fast_\(kind)", calls: 2_000_000, { $0.exp }, interval: interval)
    perCall("exp_arb_\(kind)", calls: 100_000, { $0.arbExp }, interval: interval)
}

// Vector lanes: ns per lane for the point enclosure and the ball.
let vectors = (0..<512).map { i in SIMD8<Double>((0..<8).map { points[(i * 8 + $0) & 4095] }) }
let radii = SIMD8<Double>(repeating: 1e-12)
for (label, f) in [("tanh_lanes_enclosure", { (x: SIMD8<Double>) in CertifiedTanh.enclosure(x).value }),
                   ("tanh_lanes_ball", { (x: SIMD8<Double>) in CertifiedTanh.ball(mid: x, radius: radii).radius }),
                   ("sigmoid_lanes_ball", { (x: SIMD8<Double>) in CertifiedSigmoid.ball(mid: x, radius: radii).radius })] {
    let rounds = 2000
    let t = seconds {
        var acc = SIMD8<Double>()
        for _ in 0..<rounds { for v in vectors { acc += f(v) } }
        sink += acc.sum()
    }
    report(label, t / Double(rounds * vectors.count * 8) * 1e9, "ns/lane")
}

// MARK: - addProduct in a matrix–vector loop (row accumulators in registers)

/// ns per addProduct term of y = U·h + d over K×K, the accumulation a cell's
/// step does, written with a local accumulator per row (what the arithmetic
/// costs without the generic cell's array handling).
func matrixVector<S: CellScalar>(_: S.Type, K: Int, rounds: Int, make: (Int) -> S) -> Double {
    let u = (0..<(K * K)).map(make), h = (0..<K).map { make($0 + 7) }
    var y = [S](repeating: S.zero, count: K)
    let t = seconds {
        for _ in 0..<rounds {
            u.withUnsafeBufferPointer { u in
                h.withUnsafeBufferPointer { h in
                    y.withUnsafeMutableBufferPointer { y in
                        for i in 0..<K {
                            var acc = y[i]
                            for j in 0..<K { acc.addProduct(u[i * K + j], h[j]) }
                            y[i] = acc
                        }
                    }
                }
            }
        }
    }
    return t / Double(rounds * K * K) * 1e9
}
for K in [8, 32] {
    let rounds = 4_000_000 / (K * K)
    let ball = matrixVector(BallLanes.self, K: K, rounds: rounds) { BallLanes(exactly: Rational($0 % 13 - 6, 64 * K)) }
    let double = matrixVector(Double.self, K: K, rounds: rounds) { Double($0 % 13 - 6) / Double(64 * K) }
    let lanes = matrixVector(DoubleLanes.self, K: K, rounds: rounds) { DoubleLanes(exactly: Rational($0 % 13 - 6, 64 * K)) }
    report("addproduct\(K)_balllanes", ball / Double(BallLanes.width), "ns/lane")
    report("addproduct\(K)_doublelanes", lanes / Double(DoubleLanes.width), "ns/lane")
    report("addproduct\(K)_double", double, "ns")
}

// MARK: - Cell steps per second: GRU and LSTM (paper), K = 8 and 32

/// Moderate weights: input weights and biases in [−2, 2], U (and the LSTM's
/// peepholes V) divided by 2K; zero initial state.
func cell(_ model: CellModel, _ K: Int) -> CellSpecification {
    var rng = SplitMix64(seed: UInt64(K))
    var parameters: [String: ExactMatrix] = [:]
    for shape in model.parameterShapes(stateSize: K) {
        let scale = shape.name.hasPrefix("U") || shape.name.hasPrefix("V") ? Rational(1, 2 * K) : 1
        parameters[shape.name] = ExactMatrix(rows: shape.rows, columns: shape.columns, entries: (0..<(shape.rows * shape.columns)).map { _ in
            Rational(Int(rng.next() % 257) - 128, 64) * scale
        })
    }
    return CellSpecification(model: model, activation: nil, stateSize: K, flags: .plusMinus, parameters: parameters,
                             initialState: Array(repeating: 0, count: model == .lstm ? 2 * K : K))
}

/// Steps of one cell along `inputs`, timed from the state after `warmUp`
/// (untimed) steps — away from the zero initial state, whose exact small
/// values are cheap for GMP; returns cell-steps per second (`lanes` states per step).
struct StepRun<S: CellScalar>: CellVisitor {
    typealias Scalar = S
    let context: S.Context
    let warmUp: [S.Input]
    let inputs: [S.Input]
    let lanes: Int
    let probe: (S) -> Double
    func visit<C: RecurrentCell>(_ cell: C) -> Double where C.Scalar == S {
        var state = cell.initialState, next = state, scratch = cell.makeScratch()
        for input in warmUp {
            cell.step(state, input, into: &next, scratch: &scratch)
            swap(&state, &next)
        }
        let start = state
        let t = seconds(repeats: 3) {
            state = start
            for input in inputs {
                cell.step(state, input, into: &next, scratch: &scratch)
                swap(&state, &next)
            }
        }
        sink += probe(state[0])
        return Double(inputs.count * lanes) / t
    }
}

for model in [CellModel.gru, .lstm] {
    for K in [8, 32] {
        let spec = cell(model, K), name = (model == .gru ? "gru" : "lstm") + "\(K)"
        let steps = K == 8 ? 20_000 : 2_000, warm = 20
        let inputs = (0..<(steps + warm)).map { _ in StepInput(index: Int(rng.next() % 4)) }
        let laneInputs = (0..<(steps + warm)).map { _ in
            BallLaneInputs(positiveBits: UInt8(truncatingIfNeeded: rng.next()), flaggedBits: rng.next() % 16 == 0 ? 1 : 0)
        }
        func run<S: CellScalar>(_: S.Type, _ context: S.Context, _ inputs: [S.Input], steps: Int, lanes: Int = 1,
                                probe: @escaping (S) -> Double) -> Double {
            spec.withCell(StepRun<S>(context: context, warmUp: Array(inputs.prefix(warm)), inputs: Array(inputs[warm..<(warm + steps)]),
                                     lanes: lanes, probe: probe))
        }
        report("\(name)_balllanes", run(BallLanes.self, (), laneInputs, steps: steps, lanes: BallLanes.width) { $0.mid[0] + $0.maxRadius }, "steps/s")
        report("\(name)_doubleinterval", run(DoubleInterval.self, (), inputs, steps: steps) { $0.upper }, "steps/s")
        report("\(name)_interval128", run(Interval.self, 128, inputs, steps: steps / 100) { Double($0.upper) }, "steps/s")
        report("\(name)_double", run(Double.self, (), inputs, steps: steps) { $0 }, "steps/s")
    }
}
if sink == 42 { print("") }
