import Cells
import Exact
import F1B

/// Certified enclosure propagation of F1B's three reachable sets, for cells
/// whose classified state is one number that evolves on its own (K = 1; for
/// the LSTM, no U weights, so that c never reads d).
///
/// For each phase (before the flag; after it with label +1; with −1) and step
/// t it keeps enclosures of the least and the greatest reachable state. If the
/// update s ↦ F(s, x) is monotone on the hull of a phase's reachable states for
/// every input x, the extremes of the next step are images of the extremes of
/// this one:
///
///     min R_q(t+1) = min over sources (p, x) of F(min R_p(t), x)   (F increasing in s)
///                                                 F(max R_p(t), x)   (F decreasing in s)
///
/// so interval images of the bound enclosures enclose the new extremes. The
/// method is complete under that monotonicity, which is certified at every
/// step by running the cell in `IntervalDual` over the hull (∂F/∂s ≥ 0 or ≤ 0
/// throughout); where it cannot be certified the sweep stops, and the check is
/// inconclusive from there on.
///
/// Each bound also carries the path that attains it (chosen where enclosures
/// overlap by the most extreme witness) and an enclosure of that path's own
/// final state, so that a FAIL is shown by real paths.
struct EnclosurePropagation<Cell: RecurrentCell>: Sendable where Cell.Scalar == Interval {
    enum Side: Int { case least = 0, greatest = 1 }

    struct Bound: Sendable {
        /// Contains the true extreme of the phase's reachable states.
        var enclosure: Interval
        /// Contains the final state of the witness path.
        var witness: Interval
    }

    /// How a bound of step t was reached from step t − 1.
    struct Back: Sendable {
        var phase: UInt8
        var side: UInt8
        var input: UInt8
    }

    let cell: Cell
    /// ∂F/∂s enclosed over an interval of states, for one input.
    let derivative: @Sendable (Interval, StepInput) -> Interval
    let stateWidth: Int

    /// bounds[phase][side], nil for an empty phase.
    private(set) var bounds: [[Bound]?]
    /// back[t − 1][phase·2 + side] for step t.
    private(set) var back: [[Back]] = []
    private(set) var stopReason: String?
    var depth: Int { back.count }

    init(cell: Cell, derivative: @escaping @Sendable (Interval, StepInput) -> Interval) {
        self.cell = cell
        self.derivative = derivative
        stateWidth = cell.stateWidth
        let s0 = cell.initialState[0]
        bounds = [[Bound(enclosure: s0, witness: s0), Bound(enclosure: s0, witness: s0)], nil, nil]
    }

    /// F(s, x) for the classified coordinate (other coordinates kept at s_0's, which F does not read).
    func image(_ s: Interval, _ input: StepInput) -> Interval {
        var state = cell.initialState
        state[0] = s
        var next = state
        cell.step(state, input, into: &next)
        return next[0]
    }

    /// Which sources feed each phase.
    static func sources(of phase: Phase) -> [(Phase, StepInput)] {
        switch phase {
        case .beforeFlag:
            return [(.beforeFlag, StepInput(informationBit: -1, flagged: false)), (.beforeFlag, StepInput(informationBit: 1, flagged: false))]
        case .positive:
            return [(.beforeFlag, StepInput(informationBit: 1, flagged: true)),
                    (.positive, StepInput(informationBit: -1, flagged: false)), (.positive, StepInput(informationBit: 1, flagged: false))]
        case .negative:
            return [(.beforeFlag, StepInput(informationBit: -1, flagged: true)),
                    (.negative, StepInput(informationBit: -1, flagged: false)), (.negative, StepInput(informationBit: 1, flagged: false))]
        }
    }

    /// One step; false (with `stopReason`) when monotonicity cannot be certified.
    mutating func advance() -> Bool {
        guard stopReason == nil else { return false }
        var next: [[Bound]?] = [nil, nil, nil]
        var links = [Back](repeating: Back(phase: 0, side: 0, input: 0), count: 6)
        for target in Phase.allCases {
            var least: (Bound, Back)?
            var greatest: (Bound, Back)?
            for (source, input) in Self.sources(of: target) {
                guard let b = bounds[source.rawValue] else { continue }
                let hull = Interval(lower: b[0].enclosure.lower, upper: b[1].enclosure.upper, precision: b[0].enclosure.precision)
                let slope = derivative(hull, input)
                let order: (Side, Side)
                if slope.lower.signum >= 0 {
                    order = (.least, .greatest)
                } else if slope.upper.signum <= 0 {
                    order = (.greatest, .least)
                } else {
                    stopReason = "the update is not certified monotone in the state on the reachable interval \(hull.description) at step \(depth + 1) (∂F/∂s ∈ \(slope.description)); enclosure propagation is complete only for monotone updates"
                    return false
                }
                for (side, from) in [(Side.least, order.0), (.greatest, order.1)] {
                    let src = b[from.rawValue]
                    let enclosure = image(src.enclosure, input)
                    // The witness path's own state needs its own image unless it is the same interval.
                    let candidate = Bound(enclosure: enclosure,
                                          witness: src.enclosure == src.witness ? enclosure : image(src.witness, input))
                    let link = Back(phase: UInt8(source.rawValue), side: UInt8(from.rawValue), input: UInt8(input.index))
                    if side == .least {
                        if let (current, currentLink) = least {
                            let enclosure = Interval(lower: Swift.min(current.enclosure.lower, candidate.enclosure.lower),
                                                     upper: Swift.min(current.enclosure.upper, candidate.enclosure.upper),
                                                     precision: current.enclosure.precision)
                            let better = candidate.witness.upper < current.witness.upper
                            least = (Bound(enclosure: enclosure, witness: better ? candidate.witness : current.witness),
                                     better ? link : currentLink)
                        } else {
                            least = (candidate, link)
                        }
                    } else {
                        if let (current, currentLink) = greatest {
                            let enclosure = Interval(lower: Swift.max(current.enclosure.lower, candidate.enclosure.lower),
                                                     upper: Swift.max(current.enclosure.upper, candidate.enclosure.upper),
                                                     precision: current.enclosure.precision)
                            let better = candidate.witness.lower > current.witness.lower
                            greatest = (Bound(enclosure: enclosure, witness: better ? candidate.witness : current.witness),
                                        better ? link : currentLink)
                        } else {
                            greatest = (candidate, link)
                        }
                    }
                }
            }
            if let least, let greatest {
                next[target.rawValue] = [least.0, greatest.0]
                links[target.rawValue * 2] = least.1
                links[target.rawValue * 2 + 1] = greatest.1
            }
        }
        bounds = next
        back.append(links)
        return true
    }

    /// The witness path of a bound at the current depth.
    func path(_ phase: Phase, _ side: Side) -> Path {
        let n = depth
        var bits = [Int8](repeating: 0, count: n)
        var flag = 0
        var slot = phase.rawValue * 2 + side.rawValue
        for t in stride(from: n, to: 0, by: -1) {
            let link = back[t - 1][slot]
            let input = StepInput(index: Int(link.input))
            bits[t - 1] = Int8(input.informationBit)
            if input.flagged { flag = t }
            slot = Int(link.phase) * 2 + Int(link.side)
        }
        return Path(flagPosition: flag, informationBits: bits)
    }

    func bound(_ phase: Phase, _ side: Side) -> Bound { bounds[phase.rawValue]![side.rawValue] }
}
