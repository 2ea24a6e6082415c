import Exact
import F1B

/// The forward closure of a cover: elements H_b, H₊, H₋ (one box per leaf)
/// containing the covers of some step t, with
///
///     F(H_b, (±1, no flag)) ⊆ H_b,   F(H_b, (+1, flag)) ⊆ H₊,   F(H₊, (±1, no flag)) ⊆ H₊,
///     F(H_b, (−1, flag)) ⊆ H₋,       F(H₋, (±1, no flag)) ⊆ H₋,
///
/// each image enclosed by `BoxImage` and split among the leaves it meets. By
/// induction every C_q(t′), t′ ≥ t, lies in H_q, so a classifier that puts H₊
/// and H₋ on their sides passes F1B(n) for every n ≥ t.
///
/// Computed by a worklist: an element whose box grows is re-imaged. So that it
/// terminates, a box that keeps growing is widened — after `widenAfter`
/// growths each growing bound is pushed out by twice its last change, doubling
/// each time, and after eight more the box is its whole leaf — which only
/// enlarges H (still an invariant, only coarser).
struct CoverClosure {
    struct Element {
        var box: [DoubleInterval]
        var growths: Int
    }

    /// H_q per phase, leaf → element; nil past `limit` elements or when an image leaves the root box.
    static func closure(of layer: CoverSweep.Layer, graph: CoverGraph, limit: Int, widenAfter: Int = 4,
                        shouldStop: @Sendable () -> Bool = { false }) -> [[Int32: Element]]? {
        let W = graph.width
        var H = [[Int32: Element]](repeating: [:], count: 3)
        var dirty: [(phase: Int, leaf: Int32)] = []
        for q in 0..<3 {
            for (i, leaf) in layer.leaves[q].enumerated() {
                H[q][leaf] = Element(box: layer.box(q, i, width: W), growths: 0)
                dirty.append((q, leaf))
            }
        }
        var size = dirty.count
        while !dirty.isEmpty {
            // A closure can take many passes on a large cover: the budget's wall clock is checked on each.
            if shouldStop() { return nil }
            var work: [(box: [DoubleInterval], input: Int)] = []
            var targets: [Int] = []
            for (p, leaf) in dirty {
                for q in 0..<3 {
                    for (source, input) in CoverSweep.sources(of: q) where source == p {
                        work.append((H[p][leaf]!.box, input))
                        targets.append(q)
                    }
                }
            }
            var marked = [Set<Int32>](repeating: [], count: 3)
            guard let images = graph.images(work, shouldStop: shouldStop) else { return nil }
            for (image, q) in zip(images, targets) {
                graph.distribute(image) { leaf, part in
                    guard var e = H[q][leaf] else {
                        H[q][leaf] = Element(box: part, growths: 0)
                        marked[q].insert(leaf)
                        size += 1
                        return
                    }
                    guard !zip(e.box, part).allSatisfy({ $0.contains($1) }) else { return }
                    e.growths += 1
                    let whole = graph.box(Int(leaf))
                    e.box = (0..<W).map { k in
                        var lo = Swift.min(e.box[k].lower, part[k].lower), hi = Swift.max(e.box[k].upper, part[k].upper)
                        if e.growths > widenAfter + 8 {
                            (lo, hi) = (whole[k].lower, whole[k].upper)
                        } else if e.growths > widenAfter {
                            let push = Double(1 << (e.growths - widenAfter))
                            if lo < e.box[k].lower { lo = Swift.max(whole[k].lower, lo - push * (e.box[k].lower - lo)) }
                            if hi > e.box[k].upper { hi = Swift.min(whole[k].upper, hi + push * (hi - e.box[k].upper)) }
                        }
                        return DoubleInterval(lower: lo, upper: hi)
                    }
                    H[q][leaf] = e
                    marked[q].insert(leaf)
                }
            }
            if size > limit || graph.escape != nil { return nil }
            dirty = (0..<3).flatMap { q in marked[q].sorted().map { (q, $0) } }
        }
        return H
    }
}
