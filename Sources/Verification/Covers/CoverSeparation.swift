import Exact
import F1B
import Foundation

/// Whether a classifier puts covers on their own sides: each box's score
/// βᵀs + γ enclosed over the box (its first K coordinates, the classified
/// state) in double-endpoint interval arithmetic, and read by the
/// classification rule.
struct BoxClassification: Sendable {
    let classifier: Classifier
    let stateSize: Int
    private let beta: [DoubleInterval]
    private let gamma: DoubleInterval

    init(classifier: Classifier, stateSize: Int) {
        self.classifier = classifier
        self.stateSize = stateSize
        beta = classifier.beta.map { DoubleInterval(enclosing: $0) }
        gamma = DoubleInterval(enclosing: classifier.gamma)
    }

    /// βᵀs + γ over the box.
    func score(_ box: [DoubleInterval]) -> DoubleInterval {
        var s = gamma
        for k in 0..<stateSize { s = s + beta[k] * box[k] }
        return s
    }

    func certainty(_ box: [DoubleInterval], _ label: ClassLabel) -> Classification.Certainty {
        Classification.certify(score(box), label: label)
    }

    /// The boxes not certified on their correct side.
    func unsettled(_ boxes: [(leaf: Int32, box: [DoubleInterval])], _ label: ClassLabel) -> [Int32] {
        boxes.filter { certainty($0.box, label) != .correct }.map(\.leaf)
    }

    /// A certified lower bound on the least signed margin over the two covers' boxes.
    func margin(positive: [[DoubleInterval]], negative: [[DoubleInterval]]) -> Margin? {
        var m: Margin?
        for (boxes, label) in [(positive, ClassLabel.positive), (negative, .negative)] {
            for box in boxes {
                let s = score(box)
                m.include(Margin(value: Rational(exactly: label == .positive ? s.lower : -s.upper)!, tie: label))
            }
        }
        return m
    }
}

/// A classifier for two covers when the file gives none: exact linear
/// programming on the corners of their boxes (first K coordinates), the
/// corners first filtered to those extreme along a fan of directions and
/// grown with the corners of any box the candidate does not certify.
/// Whatever it returns is then certified leaf by leaf; nil if the LP finds
/// the corner sets inseparable.
enum CoverSeparation {
    static func classifier(positive: [[DoubleInterval]], negative: [[DoubleInterval]], stateSize K: Int) -> Classifier? {
        func corners(_ i: Int, _ boxes: [[DoubleInterval]]) -> [[Rational]] {
            let box = boxes[i]
            return (0..<(1 << K)).map { mask in
                (0..<K).map { k in Rational(exactly: mask >> k & 1 == 1 ? box[k].upper : box[k].lower)! }
            }
        }
        func extreme(_ boxes: [[DoubleInterval]]) -> Set<Int> {
            guard boxes.count > 64 else { return Set(boxes.indices) }
            var keep = Set<Int>()
            let directions = 48
            for d in 0..<directions {
                let angle = Double(d) * 2 * Double.pi / Double(directions)
                let v: [Double] = (0..<K).map { k -> Double in
                    if k == 0 { return cos(angle) }
                    if k == 1 { return sin(angle) }
                    return Double((d * (k + 3)) % 7) - 3
                }
                let projections = boxes.map { box in (0..<K).reduce(0.0) { $0 + v[$1] * box[$1].midpoint } }
                if let best = projections.indices.max(by: { projections[$0] < projections[$1] }) { keep.insert(best) }
                if let worst = projections.indices.min(by: { projections[$0] < projections[$1] }) { keep.insert(worst) }
            }
            return keep
        }
        var p = extreme(positive), q = extreme(negative)
        for _ in 0..<6 {
            let decision = LinearSeparation.decide(positive: p.sorted().flatMap { corners($0, positive) },
                                                   negative: q.sorted().flatMap { corners($0, negative) })
            guard case .separable(let candidate, _) = decision else { return nil }
            let rule = BoxClassification(classifier: candidate, stateSize: K)
            let badP = positive.indices.filter { rule.certainty(positive[$0], .positive) != .correct }
            let badQ = negative.indices.filter { rule.certainty(negative[$0], .negative) != .correct }
            if badP.isEmpty && badQ.isEmpty { return candidate }
            p.formUnion(badP.prefix(32))
            q.formUnion(badQ.prefix(32))
        }
        return nil
    }
}
