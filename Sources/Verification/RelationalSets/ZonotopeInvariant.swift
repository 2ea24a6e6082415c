import Cells
import Exact
import F1B
import _Parallel

/// How hard `ZonotopeInvariant.find` tries; all fixed in advance.
public struct ZonotopeInvariantOptions: Sendable, Equatable {
    /// Transient lengths t at which invariants around the propagated sets are tried.
    public var attemptSteps: [Int]
    /// Widening rounds per attempt.
    public var iterations: Int
    /// Source splits tried per attempt (pieces 2^depth).
    public var splitDepths: [Int]

    public init(attemptSteps: [Int] = [4, 8, 16, 32, 64], iterations: Int = 10, splitDepths: [Int] = [0, 2]) {
        self.attemptSteps = attemptSteps.sorted()
        self.iterations = iterations
        self.splitDepths = splitDepths
    }
}

/// What the search found: an every-n certificate, the propagation's
/// decisions of the lengths before it, and if none, why.
public struct ZonotopeInvariantResult: Sendable, Equatable {
    public var certificate: ZonotopeInvariantCertificate?
    /// n = 1…(the last step propagated), by zonotope propagation.
    public var decisions: [Int: ZonotopeDecision]
    public var failure: ZonotopeInvariantFailure?

    /// Every n ≥ 1 passes: a certificate, and each n below its `from` passed.
    public var everyLengthPasses: Bool {
        guard let certificate else { return false }
        return (1..<Swift.max(certificate.from, 1)).allSatisfy { decisions[$0]?.isPass == true }
    }
}

public enum ZonotopeInvariantFailure: Sendable, Equatable {
    /// No template closed under the step within the widening rounds (at the last attempt).
    case notClosed(attempts: Int)
    /// Closed templates were found but the classifier does not separate H₊ and H₋.
    case notSeparated(attempts: Int)
    /// The propagated sets became unbounded at this step.
    case unbounded(step: Int)
    /// `shouldStop` said so (a deadline, an interrupt) at this step.
    case stopped(step: Int)
}

/// Every-n certificates in template domains (`ZonotopeInvariantCertificate`):
/// the phase sets are propagated (`PhaseZonotopes`), deciding each n on the
/// way; at each attempt step t, for each choice of directions
/// (`TemplateDirections`) the tightest parallelotopes around the phase sets
/// of step t are grown by Kleene iteration with widening —
///
///     H_q ← hull_W(H_q ∪ images of the edges into q), each facet then pushed
///     out by a growing share of its width —
///
/// until the images of all edges lie in their targets (a certificate), the
/// classifier no longer separates H₊ and H₋ (they only grow, so this attempt
/// is over), or the rounds run out. Every check is certified; the search
/// itself (directions, widening) is heuristic and deterministic.
public enum ZonotopeInvariant {
    public static func find(cell: CellSpecification, classifier: Classifier,
                            budget: ZonotopeBudget = ZonotopeBudget(), options: ZonotopeInvariantOptions = ZonotopeInvariantOptions(),
                            threads: Int = availableThreads,
                            progress: (Int) -> Void = { _ in },
                            shouldStop: @Sendable () -> Bool = { false }) -> ZonotopeInvariantResult {
        let readout = ZonotopeReadout(classifier)
        var sets = PhaseZonotopes(cell: cell, budget: budget, readout: readout, threads: threads)
        let width = cell.model.stateWidth(stateSize: cell.stateSize)
        let clouds = TemplateDirections.clouds(cell)
        let facets = TemplateDirections.allCases.map { d in
            (0..<3).map { q in d.facets(cloud: clouds[q], beta: readout.direction, width: width) }
        }
        var result = ZonotopeInvariantResult(certificate: nil, decisions: [:], failure: nil)
        var closedButApart = 0, attempts = 0
        let last = Swift.min(options.attemptSteps.last ?? 0, budget.maximumLength)
        guard last >= 1 else { return result }
        for t in 1...last {
            guard !shouldStop() else {
                result.failure = .stopped(step: t)
                return result
            }
            switch sets.advance(shouldStop: shouldStop) {
            case .advanced: break
            case .unbounded:
                result.failure = .unbounded(step: t)
                return result
            case .stopped:
                result.failure = .stopped(step: t)
                return result
            }
            progress(t)
            result.decisions[t] = ZonotopePropagation.decision(sets, readout: readout)
            guard options.attemptSteps.contains(t) else { continue }
            for directions in facets {
                for depth in options.splitDepths {
                    guard !shouldStop() else {
                        result.failure = .stopped(step: t)
                        return result
                    }
                    attempts += 1
                    switch attempt(sets, facets: directions, splitDepth: depth, readout: readout, iterations: options.iterations) {
                    case .certificate(let sets, let margin):
                        result.certificate = ZonotopeInvariantCertificate(
                            from: t, before: sets[0], positive: sets[1], negative: sets[2], classifier: classifier,
                            margin: margin, splitDepth: depth, budget: budget)
                        result.failure = nil
                        return result
                    case .notSeparated: closedButApart += 1
                    case .notClosed: break
                    }
                }
            }
            result.failure = closedButApart > 0 ? .notSeparated(attempts: attempts) : .notClosed(attempts: attempts)
        }
        return result
    }

    enum Attempt {
        case certificate([Parallelotope], margin: Double)
        case notSeparated
        case notClosed
    }

    /// Kleene iteration with widening from the phase sets' hulls.
    static func attempt(_ propagated: PhaseZonotopes, facets: [[[Double]]], splitDepth: Int, readout: ZonotopeReadout,
                        iterations: Int) -> Attempt {
        var sets = (0..<3).map { q in Parallelotope(facets: facets[q], around: propagated.zonotopes[q]) }
        for q in 0..<3 { sets[q] = widened(sets[q], by: 0.02) }
        var share = 0.05
        for _ in 0..<iterations {
            guard ZonotopeInvariantCertificate.margin(positive: sets[1], negative: sets[2], readout: readout) != nil else {
                return .notSeparated
            }
            switch ZonotopeInvariantCertificate.closure(sets, image: propagated.image, splitDepth: splitDepth) {
            case .failed:
                return .notClosed
            case .images(_, closed: true):
                let margin = ZonotopeInvariantCertificate.margin(positive: sets[1], negative: sets[2], readout: readout)!
                return .certificate(sets, margin: margin)
            case .images(let images, closed: false):
                for q in 0..<3 where !images[q].isEmpty {
                    let hull = Parallelotope(facets: sets[q].facets, around: images[q])
                    var grown = sets[q]
                    for i in 0..<grown.dimension {
                        grown.lower[i] = Swift.min(grown.lower[i], hull.lower[i])
                        grown.upper[i] = Swift.max(grown.upper[i], hull.upper[i])
                    }
                    sets[q] = grown == sets[q] ? grown : widened(grown, by: share)
                }
                share *= 1.6
            }
        }
        return .notClosed
    }

    /// Each facet pushed out by `share` of its width (and a little absolutely, for flat ones).
    static func widened(_ p: Parallelotope, by share: Double) -> Parallelotope {
        var w = p
        for i in 0..<p.dimension {
            let delta = share * (p.upper[i] - p.lower[i]) + 1e-9 * (1 + p.upper[i].magnitude + p.lower[i].magnitude)
            w.lower[i] = p.lower[i] - delta
            w.upper[i] = p.upper[i] + delta
        }
        return w
    }
}
