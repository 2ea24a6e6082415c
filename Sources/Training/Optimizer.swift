/// First-order optimizers over a flat parameter vector.
public enum OptimizerKind: String, Sendable, CaseIterable {
    case adam, sgd
}

/// Adam (Kingma & Ba 2015), with bias correction:
///
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
///     θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε),
///
/// β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸ (PyTorch's defaults); or plain SGD, θ ← θ − lr · g.
public struct Optimizer: Sendable {
    public let kind: OptimizerKind
    public let learningRate: Double
    var m: [Double]
    var v: [Double]
    var t = 0

    public init(_ kind: OptimizerKind, learningRate: Double, count: Int) {
        self.kind = kind
        self.learningRate = learningRate
        m = Array(repeating: 0, count: count)
        v = Array(repeating: 0, count: count)
    }

    public mutating func step(_ parameters: inout [Float], gradient g: [Double]) {
        t += 1
        switch kind {
        case .sgd:
            for i in parameters.indices { parameters[i] -= Float(learningRate * g[i]) }
        case .adam:
            let b1 = 0.9, b2 = 0.999, epsilon = 1e-8
            let c1 = 1 - pow(b1, Double(t)), c2 = 1 - pow(b2, Double(t))
            for i in parameters.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                parameters[i] -= Float(learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon))
            }
        }
    }
}

/// g scaled so that its Euclidean norm is at most `limit` (gradient clipping).
public func clipped(_ g: [Double], norm limit: Double) -> [Double] {
    let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return norm > limit ? g.map { $0 * limit / norm } : g
}

import Foundation
