import Cells
import Exact
import F1B
import Testing

/// The deliberately unsound policy: every rounding and error term dropped.
enum DroppedRounding: BallRounding {
    static var roundoff: Double { 0 }
    static var inflation: Double { 1 }
    static var radiusFloor: Double { 0 }
    static var enclosureErrors: Double { 0 }
}

/// `BallLanes` runs the one generic cell definition on eight paths at once.
/// For random cells (Vanilla tanh, GRU, LSTM, in the paper's and PyTorch's
/// conventions, K = 1…8) and random paths, each lane's enclosure of the final
/// state contains the 256-bit `Interval` enclosure of the same path (and the
/// exact `Rational` state for hardclip and relu cells), and stays narrow; with
/// the rounding terms dropped the same check fails.
@Suite struct BallLanesTests {
    /// A random cell of moderate weights: input weights and biases k/64 in
    /// [−2, 2], every fifth a multiple of 1/3 instead (not dyadic, so parameters
    /// enter with a radius); recurrent and peephole matrices (U, V) the same
    /// divided by 2K, so each row's absolute sum stays near 1/2 and the cell
    /// contracts (interval radii grow with the row sums of |U|, not its norm);
    /// a small initial state.
    func randomCell(_ model: CellModel, _ convention: CellConvention, activation: Activation? = nil, K: Int,
                    using rng: inout SplitMix64) -> CellSpecification {
        func entry() -> Rational {
            rng.next() % 5 == 0 ? Rational(Int(rng.next() % 13) - 6, 3) : Rational(Int(rng.next() % 257) - 128, 64)
        }
        var parameters: [String: ExactMatrix] = [:]
        for shape in model.parameterShapes(stateSize: K, convention: convention) {
            let scale = shape.name.hasPrefix("U") || shape.name.hasPrefix("V") ? Rational(1, 2 * K) : 1
            parameters[shape.name] = ExactMatrix(rows: shape.rows, columns: shape.columns,
                                                 entries: (0..<(shape.rows * shape.columns)).map { _ in entry() * scale })
        }
        let initial = (0..<model.stateWidth(stateSize: K)).map { _ in Rational(Int(rng.next() % 9) - 4, 8) }
        return CellSpecification(model: model, activation: activation, stateSize: K, flags: .plusMinus,
                                 parameters: parameters, initialState: initial, convention: convention)
    }

    /// The full final states of up to eight paths, lane i on paths[i].
    struct LaneRun<Rounding: BallRounding>: CellVisitor {
        typealias Scalar = RoundedBallLanes<Rounding>
        let paths: [Path]
        func visit<C: RecurrentCell>(_ cell: C) -> [Scalar] where C.Scalar == Scalar {
            var state = cell.initialState, next = state
            var scratch = cell.makeScratch()
            for t in 1...paths[0].length {
                cell.step(state, BallLaneInputs(paths.map { $0.input(at: t) }), into: &next, scratch: &scratch)
                swap(&state, &next)
            }
            return state
        }
    }

    /// The full final state of each path in a scalar number system.
    struct PathRun<S: CellScalar>: CellVisitor where S.Input == StepInput {
        typealias Scalar = S
        let paths: [Path]
        let context: S.Context
        func visit<C: RecurrentCell>(_ cell: C) -> [[S]] where C.Scalar == S { paths.map { cell.run($0) } }
    }

    /// Lanes whose enclosure misses the 256-bit enclosure of the same path, over
    /// random cells of every model and convention; and the widest radius seen.
    func misses<Rounding: BallRounding>(_: Rounding.Type, seed: UInt64, cellsPerCase: Int, n: Int) -> (misses: Int, widest: Double, lanes: Int) {
        var rng = SplitMix64(seed: seed)
        var missed = 0, widest = 0.0, lanes = 0
        let cases: [(CellModel, CellConvention)] = [(.vanilla, .paper), (.vanilla, .pytorch), (.gru, .paper), (.gru, .pytorch),
                                                    (.lstm, .paper), (.lstm, .pytorch)]
        for (model, convention) in cases {
            for K in 1...8 where K <= 3 || K % cellsPerCase == 0 || K == 8 {
                let spec = randomCell(model, convention, K: K, using: &rng)
                let paths = (0..<8).map { _ in Path.random(length: n, using: &rng) }
                let balls = spec.withCell(LaneRun<Rounding>(paths: paths))
                let precise = spec.withCell(PathRun<Interval>(paths: paths, context: 256))
                for (lane, state) in precise.enumerated() {
                    for (k, x) in state.enumerated() {
                        let enclosure = balls[k].lane(lane)
                        lanes += 1
                        widest = Swift.max(widest, balls[k].radius[lane])
                        guard enclosure.lower.isFinite, enclosure.upper.isFinite else { missed += 1; continue }
                        if !(Rational(exactly: enclosure.lower)! <= x.lower && x.upper <= Rational(exactly: enclosure.upper)!) { missed += 1 }
                    }
                }
            }
        }
        return (missed, widest, lanes)
    }

    /// Every lane contains the 256-bit enclosure; after 20 steps no radius reaches 10⁻¹⁰.
    @Test func lanesContainThePreciseStatesAndStayNarrow() {
        let result = misses(RigorousRounding.self, seed: 61, cellsPerCase: 2, n: 20)
        #expect(result.misses == 0, "\(result.misses) of \(result.lanes) lanes miss the 256-bit state")
        #expect(result.widest < 1e-10, "widest radius \(result.widest) after 20 steps")
        #expect(result.lanes > 1000)
    }

    /// The same check with the rounding terms dropped finds lanes that miss.
    @Test func droppingTheRoundingTermsIsCaught() {
        let result = misses(DroppedRounding.self, seed: 61, cellsPerCase: 4, n: 20)
        #expect(result.misses > 0, "no lane of \(result.lanes) missed without the rounding terms")
    }

    /// Piecewise-linear cells: every lane contains the exact rational state.
    @Test(arguments: [Activation.hardclip, .relu])
    func piecewiseLinearLanesContainTheExactState(_ activation: Activation) {
        var rng = SplitMix64(seed: 62)
        for K in 1...6 {
            for convention in [CellConvention.paper, .pytorch] {
                let spec = randomCell(.vanilla, convention, activation: activation, K: K, using: &rng)
                let paths = (0..<8).map { _ in Path.random(length: 16, using: &rng) }
                let balls = spec.withCell(LaneRun<RigorousRounding>(paths: paths))
                let exact = spec.withCell(PathRun<Rational>(paths: paths, context: ()))
                for (lane, state) in exact.enumerated() {
                    for (k, x) in state.enumerated() {
                        let e = balls[k].lane(lane)
                        #expect(e.lower.isFinite && Rational(exactly: e.lower)! <= x && x <= Rational(exactly: e.upper)!,
                                "\(activation) K=\(K) lane \(lane) row \(k): \(e) misses \(x)")
                    }
                }
            }
        }
    }

    /// The midpoints follow the Double cell (one definition, two number systems).
    @Test func midpointsFollowTheDoubleCell() {
        var rng = SplitMix64(seed: 63)
        for model in [CellModel.gru, .lstm, .vanilla] {
            let spec = randomCell(model, .paper, K: 4, using: &rng)
            let paths = (0..<8).map { _ in Path.random(length: 12, using: &rng) }
            let balls = spec.withCell(LaneRun<RigorousRounding>(paths: paths))
            let doubles = spec.withCell(PathRun<Double>(paths: paths, context: ()))
            for (lane, state) in doubles.enumerated() {
                for (k, x) in state.enumerated() { #expect(Swift.abs(balls[k].mid[lane] - x) < 1e-12) }
            }
        }
    }

    /// Entering values: exact rationals (dyadic or not, huge), intervals, and back.
    @Test func valuesEnterAndLeaveEnclosed() {
        for q in [Rational(1, 3), Rational(-7, 10), Rational(3, 8), Rational(numerator: BigInteger.power(10, 400), denominator: 3),
                  Rational(numerator: 1, denominator: BigInteger.power(10, 400))] {
            let b = BallLanes(exactly: q)
            for i in 0..<BallLanes.width {
                let l = b.lane(i)
                #expect(!l.lower.isFinite || (Rational(exactly: l.lower)! <= q && q <= Rational(exactly: l.upper)!))
            }
        }
        #expect(BallLanes(exactly: Rational(3, 8)).radius == SIMD8(repeating: 0))
        #expect(BallLanes(exactly: Rational(1, 3)).maxRadius <= 0x1p-54)
        let intervals = [DoubleInterval(lower: -1, upper: 2), DoubleInterval(0.1), DoubleInterval(lower: 1e-300, upper: 3e-300),
                         DoubleInterval(lower: -.infinity, upper: 0), DoubleInterval(lower: 0.1, upper: 0.3), DoubleInterval(-0.0),
                         DoubleInterval(lower: 1e300, upper: .greatestFiniteMagnitude), DoubleInterval(lower: -3, upper: -3)]
        let b = BallLanes(lanes: intervals)
        for (i, x) in intervals.enumerated() { #expect(b.lane(i).contains(x), "lane \(i): \(b.lane(i)) ⊉ \(x)") }
        #expect(b.lane(1) == DoubleInterval(0.1) && b.lane(7) == DoubleInterval(-3.0))
        var nan = b
        nan.mid[2] = .nan
        #expect(nan.maxRadius == .infinity && nan.lane(2) == DoubleInterval(lower: -.infinity, upper: .infinity))
    }

    /// Lanes copied one at a time and a repeated interval: each lane the ball it
    /// was given, exactly, the others untouched; copying a lane onto itself changes nothing.
    @Test func lanesAreSetOneAtATime() {
        let source = BallLanes(lanes: (0..<8).map { DoubleInterval(lower: Double($0) / 3, upper: Double($0) / 3 + 0.01) })
        let interval = DoubleInterval(lower: 0.1, upper: 0.3)
        var x = BallLanes(repeating: interval)
        for i in 0..<8 { #expect(x.lane(i).contains(interval) && x.lane(i) == BallLanes(lanes: Array(repeating: interval, count: 8)).lane(i)) }
        #expect(BallLanes(repeating: DoubleInterval(-0.25)) == BallLanes(exactly: Rational(-1, 4)))
        let start = x
        x.setLane(5, from: source, lane: 2)
        x.setLane(0, from: source, lane: 7)
        x.setLane(3, from: x, lane: 3)
        for i in 0..<8 {
            let expected = i == 5 ? source.lane(2) : i == 0 ? source.lane(7) : start.lane(i)
            #expect(x.lane(i) == expected, "lane \(i)")
        }
        #expect(x.mid[5] == source.mid[2] && x.radius[5] == source.radius[2] && x.radius[0] == source.radius[7])
        var y = source
        y.setLane(1, from: y, lane: 4)                                        // aliasing
        #expect(y.mid[1] == source.mid[4] && y.radius[1] == source.radius[4] && y.mid[4] == source.mid[4])
    }

    /// Aliasing: x ← x + x·x and x ← activation(x) give what copies give.
    @Test func aliasingGivesTheSameAnswer() {
        let start = BallLanes(lanes: (0..<8).map { DoubleInterval(lower: Double($0) / 3 - 1, upper: Double($0) / 3 - 0.9) })
        var x = start
        x.addProduct(x, x)
        var y = start
        y.addProduct(start, start)
        #expect(x == y)
        for activation in Activation.allCases {
            x = start
            x.activate(activation)
            #expect(x == BallLanes.apply(activation, start))
        }
    }

    /// hardclip and relu at the ends: inside unchanged, beyond a point, across the intersection.
    @Test func piecewiseLinearActivationsAreExactOnTheEnds() {
        let x = BallLanes(lanes: [DoubleInterval(lower: -0.5, upper: 0.5), DoubleInterval(lower: 2, upper: 3),
                                  DoubleInterval(lower: -3, upper: -2), DoubleInterval(lower: 0.5, upper: 1.5),
                                  DoubleInterval(lower: -4, upper: 4), DoubleInterval(0.0), DoubleInterval(lower: -1, upper: 1),
                                  DoubleInterval(lower: .nan, upper: 0)])
        let g = BallLanes.apply(.hardclip, x), r = BallLanes.apply(.relu, x)
        #expect(g.lane(0) == DoubleInterval(lower: -0.5, upper: 0.5) && g.lane(1) == DoubleInterval(1.0) && g.lane(2) == DoubleInterval(-1.0))
        #expect(g.lane(3).contains(DoubleInterval(lower: 0.5, upper: 1)) && g.lane(3).width < 0.5 + 1e-14)
        #expect(g.lane(4).contains(DoubleInterval(lower: -1, upper: 1)) && g.lane(4).width < 2 + 1e-13)
        #expect(g.lane(6) == DoubleInterval(lower: -1, upper: 1) && g.lane(7).contains(DoubleInterval(lower: -1, upper: 1)) && g.lane(7).width < 2 + 1e-13)
        #expect(r.lane(2) == DoubleInterval(0.0) && r.lane(1) == DoubleInterval(lower: 2, upper: 3))
        #expect(r.lane(4).contains(DoubleInterval(lower: 0, upper: 4)) && r.lane(4).lower > -1e-13 && r.lane(5) == DoubleInterval(0.0))
    }
}
