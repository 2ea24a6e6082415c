import Exact
import F1B
import Synchronization
import _Parallel

/// The grid covers are merged on, and the images they step with: a
/// `Partition` of state space and `BoxImage`'s certified images, computed in
/// parallel batches. A cover keeps, per leaf, one box inside it (`CoverSweep`);
/// the image of a box is split among the leaves it meets, each receiving the
/// image's intersection with its own box.
final class CoverGraph: @unchecked Sendable {
    private(set) var partition: Partition
    let images: BoxImage<DoubleInterval>
    /// Set when an image leaves the root box: the cover would be unsound there.
    private(set) var escape: [DoubleInterval]?
    private(set) var imagesComputed = 0
    /// Deliberately unsound, for tests only: every image moved up by this
    /// fraction of (its width + 2^−20), so that the soundness tests can show
    /// they catch an image rule that loses states.
    var unsoundShiftForTesting = 0.0

    var width: Int { partition.width }

    /// Every reachable state lies in this box (`StateBound`): images are clipped to it.
    let bound: [DoubleInterval]?
    /// Workers the images are computed on.
    let threads: Int

    init(partition: Partition, images: BoxImage<DoubleInterval>, bound: [DoubleInterval]? = nil, threads: Int) {
        self.partition = partition
        self.images = images
        self.bound = bound
        self.threads = threads
    }

    /// The leaf's box.
    func box(_ leaf: Int) -> [DoubleInterval] {
        let b = partition.box(leaf)
        return zip(b.lower, b.upper).map { DoubleInterval(lower: $0, upper: $1) }
    }

    /// Enclosures of F(box, input) for every (box, input), in chunks pulled by
    /// `threads` workers (each image lands in its own slot); nil when
    /// `shouldStop` says so before a chunk (one step of a cover with 10⁵
    /// elements takes seconds, and a deadline must be able to cut it).
    func images(_ work: [(box: [DoubleInterval], input: Int)],
                shouldStop: @Sendable () -> Bool = { false }) -> [[DoubleInterval]]? {
        guard !work.isEmpty else { return [] }
        let W = width
        let results = UnsafeMutableBufferPointer<DoubleInterval>.allocate(capacity: work.count * W)
        defer { results.deallocate() }
        nonisolated(unsafe) let shared = results
        let images = self.images, shift = unsoundShiftForTesting, bound = self.bound
        let chunk = 32
        let stopped = Atomic<Bool>(false)
        runPulling(tasks: (work.count + chunk - 1) / chunk, threads: threads) { _, c in
            // A stopped run's slots stay unwritten: nothing reads them (nil is returned).
            guard !stopped.load(ordering: .relaxed), !shouldStop() else { stopped.store(true, ordering: .relaxed); return }
            for i in (c * chunk)..<min(work.count, (c + 1) * chunk) {
                var image = images.image(work[i].box, StepInput(index: work[i].input))
                // The true image lies in the a-priori box too (the box is invariant), so in the intersection.
                if let bound { for k in 0..<W { if let both = image[k].intersection(bound[k]) { image[k] = both } } }
                if shift > 0 { image = image.map { x in let d = shift * (x.width + 0x1p-20); return DoubleInterval(lower: x.lower + d, upper: x.upper + d) } }
                for k in 0..<W { (shared.baseAddress! + i * W + k).initialize(to: image[k]) }
            }
        }
        guard !stopped.load(ordering: .relaxed) else { return nil }
        imagesComputed += work.count
        return (0..<work.count).map { i in Array(results[(i * W)..<(i * W + W)]) }
    }

    /// Calls `receive` with each leaf the image meets and the image's part in
    /// that leaf; records an escape (and calls nothing) if the image leaves the root box.
    func distribute(_ image: [DoubleInterval], _ receive: (Int32, [DoubleInterval]) -> Void) {
        let l = image.map(\.lower), u = image.map(\.upper)
        guard partition.rootContains(lower: l, upper: u) else {
            if escape == nil { escape = image }
            return
        }
        var meeting: [Int32] = []
        partition.leaves(meeting: l, u, into: &meeting)
        for leaf in meeting {
            let b = partition.box(Int(leaf))
            var part = image
            for k in 0..<width {
                let lo = b.lower[b.lower.startIndex + k], hi = b.upper[b.upper.startIndex + k]
                part[k] = DoubleInterval(lower: Swift.max(image[k].lower, lo), upper: Swift.min(image[k].upper, hi))
            }
            receive(leaf, part)
        }
    }

    /// Halves each of these leaves.
    func refine(_ leaves: [Int]) {
        for leaf in Set(leaves).sorted() { partition.split(leaf) }
    }
}
