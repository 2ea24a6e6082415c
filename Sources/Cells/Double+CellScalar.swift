import Exact
import Foundation

extension Double: CellScalar {
    /// The Double nearest to the exact parameter (ties to even).
    public init(exactly value: Rational, context: Void) { self.init(value) }
    public static var one: Double { 1 }

    public mutating func addProduct(_ a: Double, _ b: Double) { self += a * b }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    public mutating func activate(_ activation: Activation) {
        switch activation {
        case .hardclip: self = Swift.min(Swift.max(self, -1), 1)
        case .relu: self = Swift.max(self, 0)
        case .tanh: self = Foundation.tanh(self)
        case .sigmoid: self = 1 / (1 + Foundation.exp(-self))
        }
    }
}
