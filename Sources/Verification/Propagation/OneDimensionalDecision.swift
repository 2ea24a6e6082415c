import Exact
import F1B

/// The K = 1 decision shared by the certified engines, from the extremes of
/// each class: for the least and the greatest final state of the positive and
/// of the negative paths, an enclosure of the true extreme and a witness path
/// with an enclosure of its own final state.
///
/// With a classifier C(s) = +1 iff βs + γ ≥ 0, the worst positive path is the
/// least (β > 0) or greatest (β < 0) positive state, and symmetrically for the
/// negatives: PASS when the worst scores are certified on their correct sides,
/// FAIL when a witness path is certified on the wrong side. Without one, the
/// classes separate iff one lies entirely above the other: PASS with the
/// threshold halfway between certified bounds, FAIL when witness paths
/// certifiably interleave (a positive below a negative and another above
/// another). Anything else is open at this precision.
struct OneDimensionalDecision {
    struct Extreme {
        var enclosure: Interval
        var witness: Interval
        var path: () -> Path
    }

    var positiveLeast, positiveGreatest, negativeLeast, negativeGreatest: Extreme

    func scored(_ e: Extreme, _ classifier: Classifier?) -> ScoredPath {
        let score = classifier.map { c in Interval(c.beta[0]) * e.witness + Interval(c.gamma) }
        return ScoredPath(path: e.path(), finalState: [], score: nil, finalEnclosure: [e.witness], scoreEnclosure: score)
    }

    /// Hulls enclosing every final state of each class.
    var hulls: (positive: Interval, negative: Interval) {
        (Interval(lower: positiveLeast.enclosure.lower, upper: positiveGreatest.enclosure.upper),
         Interval(lower: negativeLeast.enclosure.lower, upper: negativeGreatest.enclosure.upper))
    }

    func outcome(classifier: Classifier?, precision: Int) -> Outcome {
        let evidence = PassEvidence.extremeEnclosures(positive: hulls.positive, negative: hulls.negative)
        if let classifier {
            let beta = classifier.beta[0]
            func score(_ x: Interval) -> Interval { Interval(beta) * x + Interval(classifier.gamma) }
            let worstPositive = beta.signum >= 0 ? positiveLeast : positiveGreatest
            let worstNegative = beta.signum >= 0 ? negativeGreatest : negativeLeast
            let p = score(worstPositive.enclosure), q = score(worstNegative.enclosure)
            if Classification.certify(p, label: .positive) == .correct, Classification.certify(q, label: .negative) == .correct {
                return .pass(Certificate(evidence: evidence, classifier: classifier,
                                         margin: Margin.least(Margin(value: p.lower, tie: .positive), Margin(value: -q.upper, tie: .negative))))
            }
            var wrong: [ScoredPath] = []
            if Classification.certify(score(worstPositive.witness), label: .positive) == .wrong { wrong.append(scored(worstPositive, classifier)) }
            if Classification.certify(score(worstNegative.witness), label: .negative) == .wrong { wrong.append(scored(worstNegative, classifier)) }
            if !wrong.isEmpty {
                return .fail(Refutation(counterexample: .misclassified(wrong.sorted { $0.path.canonicallyPrecedes($1.path) }),
                                        classifier: classifier, count: .atLeast(BigInteger(wrong.count))))
            }
            return .open(.extremesOverlap(precision: precision))
        }
        if positiveLeast.enclosure.lower > negativeGreatest.enclosure.upper {
            return separated(above: positiveLeast.enclosure.lower, below: negativeGreatest.enclosure.upper, sign: 1, evidence)
        } else if negativeLeast.enclosure.lower > positiveGreatest.enclosure.upper {
            return separated(above: negativeLeast.enclosure.lower, below: positiveGreatest.enclosure.upper, sign: -1, evidence)
        } else if positiveLeast.witness.upper < negativeGreatest.witness.lower
                    && positiveGreatest.witness.lower > negativeLeast.witness.upper {
            return .fail(Refutation(counterexample: .interleaved(positiveBelow: scored(positiveLeast, nil), negativeAbove: scored(negativeGreatest, nil),
                                                                 positiveAbove: scored(positiveGreatest, nil), negativeBelow: scored(negativeLeast, nil)),
                                    classifier: nil, count: nil))
        }
        return .open(.extremesOverlap(precision: precision))
    }

    /// Classifier sign·(s − θ) ≥ 0 with θ halfway between the certified bounds.
    func separated(above: Rational, below: Rational, sign: Int, _ evidence: PassEvidence) -> Outcome {
        let threshold = (above + below) / 2
        return .pass(Certificate(evidence: evidence, classifier: Classifier(beta: [Rational(sign)], gamma: Rational(-sign) * threshold),
                                 classifierFound: true, margin: Margin(value: (above - below) / 2)))
    }
}
