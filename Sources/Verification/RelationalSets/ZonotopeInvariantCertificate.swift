import Cells
import Exact
import F1B
import _Parallel

/// An every-n certificate in a template domain: parallelotopes H_b, H₊, H₋
/// (`Parallelotope`) with
///
///     F(H_b, (±1, no flag)) ⊆ H_b,
///     F(H_b, (+1, flag)) ⊆ H₊,  F(H₊, (±1, no flag)) ⊆ H₊,
///     F(H_b, (−1, flag)) ⊆ H₋,  F(H₋, (±1, no flag)) ⊆ H₋,
///
/// each image a certified zonotope (`ZonotopeImage` of the pieces of the
/// source's enclosing zonotope, split `splitDepth` times along its widest
/// generators) whose containment in the target is proved facet by facet;
/// with βᵀs + γ ≥ 0 on H₊ and < 0 on H₋ (certified support functions); and
/// with the propagated phase sets of step `from` inside them. By induction
/// R_q(t) ⊆ H_q for every t ≥ `from`, so every n ≥ `from` passes; the n
/// below it are decided by propagation on the way (`ZonotopeInvariantResult`).
public struct ZonotopeInvariantCertificate: Sendable, Equatable {
    public var from: Int
    public var before: Parallelotope
    public var positive: Parallelotope
    public var negative: Parallelotope
    public var classifier: Classifier
    /// A certified lower bound on the least signed margin over H₊ ∪ H₋.
    public var margin: Double
    /// Each source parallelotope is cut into 2^splitDepth pieces for its images.
    public var splitDepth: Int
    /// The propagation budget whose sets at step `from` lie in the H_q.
    public var budget: ZonotopeBudget

    public var sets: [Parallelotope] { [before, positive, negative] }
}

/// What the closure of three parallelotopes under the step looks like.
enum InvariantClosure {
    /// The images that land outside their target, per target phase (empty: closed).
    case images([[Zonotope]], closed: Bool)
    /// A parallelotope's generator form could not be certified, or an image was unbounded.
    case failed
}

extension ZonotopeInvariantCertificate {
    /// The images of every edge out of H = (H_b, H₊, H₋), per target phase,
    /// and whether each lies in its target.
    static func closure(_ sets: [Parallelotope], image: ZonotopeImage, splitDepth: Int) -> InvariantClosure {
        var sources: [[Zonotope]] = []
        for p in sets {
            guard let z = p.enclosingZonotope else { return .failed }
            sources.append(pieces(z, depth: splitDepth))
        }
        var images: [[Zonotope]] = [[], [], []]
        var closed = true
        for target in 0..<3 {
            for (source, inputIndex) in CoverSweep.sources(of: target) {
                for piece in sources[source] {
                    guard let z = image.image(piece, StepInput(index: inputIndex)) else { return .failed }
                    images[target].append(z)
                    if closed && !sets[target].contains(z).isProved { closed = false }
                }
            }
        }
        return .images(images, closed: closed)
    }

    /// The zonotope cut 2^depth times, each cut halving the widest generator of each piece.
    static func pieces(_ z: Zonotope, depth: Int) -> [Zonotope] {
        var out = [z]
        for _ in 0..<depth {
            out = out.flatMap { p -> [Zonotope] in
                guard let j = p.widestGenerator() else { return [p] }
                let (a, b) = p.split(along: j)
                return [a, b]
            }
        }
        return out
    }

    /// A certified lower bound on the signed margins over H₊ and H₋, or nil
    /// when the classifier does not certifiably put them on their sides.
    static func margin(positive: Parallelotope, negative: Parallelotope, readout: ZonotopeReadout) -> Double? {
        guard let p = positive.enclosingZonotope, let n = negative.enclosingZonotope else { return nil }
        let sp = readout.score(p), sn = readout.score(n)
        guard readout.certifies(sp, .positive), readout.certifies(sn, .negative) else { return nil }
        return Swift.min(sp.lower, -sn.upper)
    }

    /// Re-derives every claim of the certificate from its data: the closure,
    /// the separation, and the propagated sets of step `from` inside the H_q
    /// (propagated on `threads` workers).
    public func recheck(cell: CellSpecification, threads: Int = availableThreads) -> Bool {
        let width = cell.model.stateWidth(stateSize: cell.stateSize)
        let image = ZonotopeImage(cell, generatorBudget: budget.generatorsPerDimension * width)
        guard case .images(_, closed: true) = Self.closure(sets, image: image, splitDepth: splitDepth) else { return false }
        guard Self.margin(positive: positive, negative: negative, readout: ZonotopeReadout(classifier)) != nil else { return false }
        var propagation = PhaseZonotopes(cell: cell, budget: budget, readout: nil, threads: threads)
        for _ in 0..<from { guard propagation.advance() == .advanced else { return false } }
        return (0..<3).allSatisfy { q in propagation.zonotopes[q].allSatisfy { sets[q].contains($0).isProved } }
    }
}
