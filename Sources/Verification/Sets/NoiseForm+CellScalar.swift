import Cells
import Exact

/// Affine forms as one more number system of the cells: running a cell's one
/// definition on the forms of a zonotope of states gives forms over the same
/// symbols (and fresh ones) that enclose the step's image (`ZonotopeStep`).
extension NoiseForm: CellScalar {
    /// Context: the noise symbols of the computation, which the parameters
    /// carry so that the forms derived from them can take fresh symbols.
    public typealias Context = NoiseSymbols
    /// U h + V c as one matrix product (`NoiseFormRecurrentTerms`).
    public typealias RecurrentTerms = NoiseFormRecurrentTerms

    /// The parameter q: the Double interval around it, as a constant with an error term.
    public init(exactly value: Rational, context: NoiseSymbols) { self.init(enclosing: value, symbols: context) }

    public static var zero: NoiseForm { NoiseForm(constant: 0) }
    public static var one: NoiseForm { NoiseForm(constant: 1) }

    public static func + (a: NoiseForm, b: NoiseForm) -> NoiseForm { combine(a, b, sign: 1) }
    public static func - (a: NoiseForm, b: NoiseForm) -> NoiseForm { combine(a, b, sign: -1) }
    public static func * (a: NoiseForm, b: NoiseForm) -> NoiseForm { product(a, b) }

    public mutating func addProduct(_ a: NoiseForm, _ b: NoiseForm) { accumulateProduct(a, b) }

    /// Exact: negation of a Double is.
    public mutating func negate() {
        centre = -centre
        for i in coefficients.indices { coefficients[i] = -coefficients[i] }
    }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    public mutating func activate(_ activation: Activation) { apply(activation) }

    /// The same form: centre, error, radius, coefficients up to trailing zeros, and context.
    public static func == (a: NoiseForm, b: NoiseForm) -> Bool {
        guard a.centre == b.centre && a.error == b.error && a.radius == b.radius && a.symbols === b.symbols else { return false }
        let n = Swift.max(a.coefficients.count, b.coefficients.count)
        for i in 0..<n where (i < a.coefficients.count ? a.coefficients[i] : 0) != (i < b.coefficients.count ? b.coefficients[i] : 0) {
            return false
        }
        return true
    }
}
