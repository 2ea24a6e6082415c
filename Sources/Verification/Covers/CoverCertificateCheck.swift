import Cells
import Constructions
import Exact
import F1B

/// An independent re-check of a cover's every-n certificate in
/// rational-endpoint interval arithmetic (`Interval` at `precision` bits, not
/// the double-endpoint arithmetic that found it), using nothing of the sweep
/// but the boxes it produced:
///
/// 1. *closure*: for every box B of H_p and every input x that feeds phase q
///    from p, the enclosure of F(B, x) — intersected with the cell's a-priori
///    box (`StateBound`), which holds every reachable state — lies in the
///    union of H_q's boxes (`BoxUnion.covers`, exact);
/// 2. *separation*: the classifier certifies every box of H₊ on the +1 side and
///    every box of H₋ on the −1 side;
/// 3. *start*: every path of F1B(t), t the certificate's step, ends in H (its
///    final state's enclosure inside the union of its phase's boxes), checked
///    path by path when there are at most `startPaths` of them.
///
/// Returns nil when all hold, else what failed.
struct CoverCertificateCheck {
    let cell: CellSpecification
    let precision: Int
    var startPaths = 1 << 14

    func violation(_ certificate: CoverInvariant) -> String? {
        let images = BoxImage<Interval>(cell, context: precision)
        let sets = [certificate.before, certificate.positive, certificate.negative]
        for q in 0..<3 {
            for (p, input) in CoverSweep.sources(of: q) {
                for (i, box) in sets[p].enumerated() {
                    var image = images.image(box.map { $0.withPrecision(precision) }, StepInput(index: input))
                    // Every reachable state lies in the cell's a-priori box, so images may be clipped to it.
                    if let bound = certificate.bound { image = zip(image, bound).map { $0.intersection($1) ?? $0 } }
                    if !BoxUnion.covers(image, by: sets[q]) {
                        return "the image of box \(i) of phase \(p) under input \(StepInput(index: input)) leaves phase \(q)'s boxes"
                    }
                }
            }
        }
        let rule = certificate.classifier
        for (boxes, label) in [(certificate.positive, ClassLabel.positive), (certificate.negative, .negative)] {
            for (i, box) in boxes.enumerated() {
                let score = zip(rule.beta, box).reduce(Interval(rule.gamma)) { $0 + Interval($1.0) * $1.1 }
                if Classification.certify(score, label: label) != .correct { return "box \(i) of label \(label.symbol) is not certified on its side" }
            }
        }
        let t = certificate.from
        guard t <= 57, t << t <= startPaths else { return nil }
        let paths = (0..<(t << t)).map { Path(length: t, index: $0) }
        let finals = cell.withCell(FullEnclosedPaths(paths: paths, context: precision))
        for (path, state) in zip(paths, finals) where !BoxUnion.covers(state, by: path.label > 0 ? sets[1] : sets[2]) {
            return "the final state of \(path) at step \(t) is outside the boxes"
        }
        return nil
    }
}

/// Enclosures of the full final states of paths (every state entry).
struct FullEnclosedPaths: CellVisitor {
    typealias Scalar = Interval
    let paths: [Path]
    let context: Int
    func visit<C: RecurrentCell>(_ cell: C) -> [[Interval]] where C.Scalar == Interval { paths.map { cell.run($0) } }
}

/// Exact containment of a closed box in a finite union of closed boxes, all
/// with rational bounds. B ⊆ A ∪ rest iff B \ A ⊆ rest, and B \ A is the
/// union of the pieces {x ∈ B : x_j ∈ A_j for j < d, x_d ∉ A_d}, d = 1…W, each
/// a product of intervals with open or closed ends, disjoint from A — so each
/// piece is checked against the rest alone, and the recursion ends.
enum BoxUnion {
    struct Side: Equatable {
        var lower: Rational, upper: Rational
        var lowerOpen = false, upperOpen = false

        var isEmpty: Bool { lower > upper || (lower == upper && (lowerOpen || upperOpen)) }

        func meets(_ a: Interval) -> Bool {
            let low = lowerOpen ? lower < a.upper : lower <= a.upper
            let high = upperOpen ? a.lower < upper : a.lower <= upper
            return low && high
        }

        func inside(_ a: Interval) -> Bool { a.lower <= lower && upper <= a.upper }
    }

    static func covers(_ box: [Interval], by boxes: [[Interval]]) -> Bool {
        covers(box.map { Side(lower: $0.lower, upper: $0.upper) }, boxes[...])
    }

    static func covers(_ box: [Side], _ boxes: ArraySlice<[Interval]>) -> Bool {
        if box.contains(where: \.isEmpty) { return true }
        guard let i = boxes.firstIndex(where: { a in zip(box, a).allSatisfy { $0.meets($1) } }) else { return false }
        let a = boxes[i]
        var rest = boxes
        rest.remove(at: i)
        if zip(box, a).allSatisfy({ $0.inside($1) }) { return true }
        var clipped = box
        for d in box.indices {
            // Below and above A in dimension d, inside A in the dimensions before.
            var below = clipped, above = clipped
            below[d] = Side(lower: clipped[d].lower, upper: Swift.min(clipped[d].upper, a[d].lower),
                            lowerOpen: clipped[d].lowerOpen, upperOpen: a[d].lower <= clipped[d].upper ? true : clipped[d].upperOpen)
            above[d] = Side(lower: Swift.max(clipped[d].lower, a[d].upper), upper: clipped[d].upper,
                            lowerOpen: a[d].upper >= clipped[d].lower ? true : clipped[d].lowerOpen, upperOpen: clipped[d].upperOpen)
            if !covers(below, rest) || !covers(above, rest) { return false }
            // The part of dimension d inside A.
            clipped[d] = Side(lower: Swift.max(clipped[d].lower, a[d].lower), upper: Swift.min(clipped[d].upper, a[d].upper),
                              lowerOpen: a[d].lower > clipped[d].lower ? false : clipped[d].lowerOpen,
                              upperOpen: a[d].upper < clipped[d].upper ? false : clipped[d].upperOpen)
        }
        return true
    }
}
