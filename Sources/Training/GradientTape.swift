import Cells
import Exact
import _LaneMath

/// Reverse-mode differentiation for the one cell definition: a `TapeLanes`
/// value is a `FloatLanes` value (64 paths) plus its place on a tape that
/// records every operation a cell performs on it. `gradients` then runs the
/// chain rule backwards over the record, lane by lane:
///
///     ā_x += ā_y · ∂y/∂x   for every recorded y = f(x, …), newest first.
///
/// Values that are not on the tape (constants such as 1 in 1 − z) carry no
/// gradient; they join the tape as leaves the first time they meet a taped value.
public final class GradientTape: @unchecked Sendable {
    @usableFromInline enum Operation {
        case leaf
        case add(Int32, Int32)
        case subtract(Int32, Int32)
        case multiply(Int32, Int32)
        /// acc + a·b
        case fused(Int32, Int32, Int32)
        case negate(Int32)
        /// Per lane one of four drives, by the step's inputs (index into `inputs`).
        case select(Int32, Int32, Int32, Int32, input: Int32)
        case activate(Activation, Int32)
    }

    @usableFromInline var values: [FloatLanes] = []
    @usableFromInline var operations: [Operation] = []
    @usableFromInline var inputs: [LaneInputs] = []

    /// Reused between passes, so that repeated training steps do not allocate.
    var adjoint: [FloatLanes] = []

    public init() {}

    public var count: Int { values.count }

    /// Empties the tape, keeping its storage for the next pass.
    public func reset() {
        values.removeAll(keepingCapacity: true)
        operations.removeAll(keepingCapacity: true)
        inputs.removeAll(keepingCapacity: true)
    }

    @inlinable
    func record(_ value: FloatLanes, _ operation: Operation) -> Int32 {
        values.append(value)
        operations.append(operation)
        return Int32(values.count - 1)
    }

    /// A new independent variable (a parameter).
    public func variable(_ value: FloatLanes) -> TapeLanes {
        TapeLanes(value: value, node: record(value, .leaf), tape: self)
    }

    /// The adjoint of every node, given the adjoints of some outputs.
    public func gradients(seeds: [(TapeLanes, FloatLanes)]) -> [FloatLanes] {
        var adjoint = self.adjoint
        self.adjoint = []
        adjoint.removeAll(keepingCapacity: true)
        adjoint.append(contentsOf: repeatElement(.zero, count: values.count))
        defer { self.adjoint = adjoint }
        for (output, seed) in seeds where output.node >= 0 { adjoint[Int(output.node)] = adjoint[Int(output.node)] + seed }
        for i in stride(from: values.count - 1, through: 0, by: -1) {
            let g = adjoint[i]
            switch operations[i] {
            case .leaf:
                break
            case .add(let a, let b):
                adjoint[Int(a)] = adjoint[Int(a)] + g
                adjoint[Int(b)] = adjoint[Int(b)] + g
            case .subtract(let a, let b):
                adjoint[Int(a)] = adjoint[Int(a)] + g
                adjoint[Int(b)] = adjoint[Int(b)] - g
            case .multiply(let a, let b):
                adjoint[Int(a)].addProduct(g, values[Int(b)])
                adjoint[Int(b)].addProduct(g, values[Int(a)])
            case .fused(let acc, let a, let b):
                adjoint[Int(acc)] = adjoint[Int(acc)] + g
                adjoint[Int(a)].addProduct(g, values[Int(b)])
                adjoint[Int(b)].addProduct(g, values[Int(a)])
            case .negate(let a):
                adjoint[Int(a)] = adjoint[Int(a)] - g
            case .select(let d0, let d1, let d2, let d3, let input):
                // Each drive gets g on the lanes that selected it: the forward selection with g in its slot.
                let x = inputs[Int(input)], z = FloatLanes.zero
                adjoint[Int(d0)] = adjoint[Int(d0)] + select4(g, z, z, z, x)
                adjoint[Int(d1)] = adjoint[Int(d1)] + select4(z, g, z, z, x)
                adjoint[Int(d2)] = adjoint[Int(d2)] + select4(z, z, g, z, x)
                adjoint[Int(d3)] = adjoint[Int(d3)] + select4(z, z, z, g, x)
            case .activate(let activation, let x):
                let y = values[i], input = values[Int(x)]
                let slope: FloatLanes
                switch activation {
                case .tanh: slope = FloatLanes.one - y * y
                case .sigmoid: slope = y * (FloatLanes.one - y)
                case .hardclip: slope = FloatLanes.masked(.one, where: FloatLanes.inside(input, -1, 1), else: .zero)
                case .relu: slope = FloatLanes.masked(.one, where: FloatLanes.inside(input, 0, .infinity), else: .zero)
                }
                adjoint[Int(x)].addProduct(g, slope)
            }
        }
        return adjoint
    }
}

/// Per lane the drive StepInput.index selects (bit 0: X^I = +1, bit 1: flag on).
@inline(__always)
func select4(_ d0: FloatLanes, _ d1: FloatLanes, _ d2: FloatLanes, _ d3: FloatLanes, _ input: LaneInputs) -> FloatLanes {
    FloatLanes.masked(FloatLanes.masked(d3, where: input.positive, else: d2), where: input.flagged,
                      else: FloatLanes.masked(d1, where: input.positive, else: d0))
}

/// A `FloatLanes` value on a `GradientTape` (or a constant, off it).
public struct TapeLanes: CellScalar, @unchecked Sendable {
    public var value: FloatLanes
    /// Place on the tape; −1 for a constant.
    public var node: Int32
    public unowned(unsafe) var tape: GradientTape?

    @inlinable
    init(value: FloatLanes, node: Int32, tape: GradientTape?) {
        self.value = value
        self.node = node
        self.tape = tape
    }

    public init(constant value: FloatLanes) { self.init(value: value, node: -1, tape: nil) }

    public init(exactly value: Rational, context: Void) { self.init(constant: FloatLanes(exactly: value)) }

    public typealias Input = LaneInputs

    public static var zero: TapeLanes { TapeLanes(constant: .zero) }
    public static var one: TapeLanes { TapeLanes(constant: .one) }

    public static func == (a: TapeLanes, b: TapeLanes) -> Bool { a.value == b.value }
    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    /// The node of `x` on `tape`, recording a constant as a leaf.
    @inlinable
    static func node(_ x: TapeLanes, on tape: GradientTape) -> Int32 {
        x.node >= 0 ? x.node : tape.record(x.value, .leaf)
    }

    @inlinable
    static func binary(_ a: TapeLanes, _ b: TapeLanes, _ value: FloatLanes,
                       _ operation: (Int32, Int32) -> GradientTape.Operation) -> TapeLanes {
        guard let tape = a.tape ?? b.tape else { return TapeLanes(constant: value) }
        let op = operation(node(a, on: tape), node(b, on: tape))
        return TapeLanes(value: value, node: tape.record(value, op), tape: tape)
    }

    public static func + (a: TapeLanes, b: TapeLanes) -> TapeLanes { binary(a, b, a.value + b.value, GradientTape.Operation.add) }
    public static func - (a: TapeLanes, b: TapeLanes) -> TapeLanes { binary(a, b, a.value - b.value, GradientTape.Operation.subtract) }
    public static func * (a: TapeLanes, b: TapeLanes) -> TapeLanes { binary(a, b, a.value * b.value, GradientTape.Operation.multiply) }

    public mutating func addProduct(_ a: TapeLanes, _ b: TapeLanes) {
        var value = self.value
        value.addProduct(a.value, b.value)
        guard let tape = tape ?? a.tape ?? b.tape else {
            self = TapeLanes(constant: value)
            return
        }
        let op = GradientTape.Operation.fused(Self.node(self, on: tape), Self.node(a, on: tape), Self.node(b, on: tape))
        self = TapeLanes(value: value, node: tape.record(value, op), tape: tape)
    }

    public mutating func negate() {
        var value = self.value
        value.negate()
        guard let tape else {
            self = TapeLanes(constant: value)
            return
        }
        self = TapeLanes(value: value, node: tape.record(value, .negate(node)), tape: tape)
    }

    public mutating func activate(_ activation: Activation) {
        var value = self.value
        value.activate(activation)
        guard let tape else {
            self = TapeLanes(constant: value)
            return
        }
        self = TapeLanes(value: value, node: tape.record(value, .activate(activation, node)), tape: tape)
    }

    public static func drive(_ drives: [TapeLanes], rows: Int, row k: Int, for input: LaneInputs) -> TapeLanes {
        let d0 = drives[k], d1 = drives[rows + k], d2 = drives[2 * rows + k], d3 = drives[3 * rows + k]
        let value = (select4(d0.value, d1.value, d2.value, d3.value, input))
        guard let tape = d0.tape ?? d1.tape ?? d2.tape ?? d3.tape else { return TapeLanes(constant: value) }
        tape.inputs.append(input)
        let op = GradientTape.Operation.select(node(d0, on: tape), node(d1, on: tape), node(d2, on: tape), node(d3, on: tape),
                                               input: Int32(tape.inputs.count - 1))
        return TapeLanes(value: value, node: tape.record(value, op), tape: tape)
    }
}
