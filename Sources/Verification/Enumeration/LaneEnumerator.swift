import Cells
import Exact
import F1B
import Sharding
import Synchronization
import _Parallel

/// What is done with each leaf chunk of a lane walk: the final states of up to
/// `width` paths at once. A tally is kept per task and merged in task order.
protocol LaneTally: Sendable {
    associatedtype Lanes: CertifiedLanes
    /// `count` leaves: lane i is the path with canonical index `indices[i]` and class `positive[i]`.
    mutating func leaves(_ state: [Lanes], count: Int, indices: [Int], positive: [Bool])
    mutating func merge(_ other: Self)
}

/// Runs a cell over every path of F1B(n) in a lane number system, sharing
/// prefixes as `ExhaustiveEnumerator` does, but a level of the input tree at
/// a time and `width` nodes per step: the tree is cut at depth d into
/// subtrees (tasks, pulled one at a time by `threads` workers); within a task
/// the nodes of one depth are held `width` to a chunk, and each chunk steps
/// once per input (two after the flag, four before it), all its lanes with
/// that input — so a `SplitStepCell` forms each chunk's recurrent products
/// once for all its children. About 2·n·2^n node steps in all.
///
/// Tallies are merged in task order, so results do not depend on the thread
/// count; a shard takes every N-th task. Work stops between tasks when
/// `shouldStop` says so (the walk is then incomplete).
struct LaneEnumerator<Cell: RecurrentCell>: Sendable where Cell.Scalar: CertifiedLanes {
    typealias Lanes = Cell.Scalar
    let cell: Cell
    /// Workers the subtrees are spread over.
    let threads: Int

    /// The depth the tree is cut at: subtrees of at most 12 levels (their
    /// frontier fits in cache), and at least a few dozen tasks for the cores.
    static func cutDepth(_ n: Int) -> Int { max(min(n - 1, 4), n - 12) }

    /// Paths below a prefix: 2^(n−d) with the flag taken, else (n − d)·2^(n−d) more (flag later).
    static func leafCount(_ p: ExhaustivePrefix, length n: Int) -> Int {
        let below = n - p.depth
        return p.flagPosition > 0 ? 1 << below : below << below
    }

    func walk<T: LaneTally>(length n: Int, shard: Shard?, makeTally: @Sendable () -> T,
                            progress: @escaping @Sendable (Int, Int) -> Void, shouldStop: @escaping @Sendable () -> Bool)
        -> LaneWalkResult<T> where T.Lanes == Lanes {
        precondition(n >= 1 && n <= 57)
        let all = ExhaustivePrefix.prefixes(depth: Self.cutDepth(n), length: n)
        let owned = all.indices.filter { shard?.owns($0) ?? true }
        let total = owned.reduce(0) { $0 + Self.leafCount(all[$1], length: n) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: owned.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let shared = results
        let done = Atomic<Int>(0), tasks = Atomic<Int>(0)
        runPulling(tasks: owned.count, threads: threads) { _, i in
            guard !shouldStop() else { return }
            let prefix = all[owned[i]]
            var task = Task(cell: cell, length: n, tally: makeTally())
            task.run(prefix)
            shared[i] = task.tally
            let leaves = Self.leafCount(prefix, length: n)
            let sum = done.add(leaves, ordering: .relaxed).newValue
            tasks.add(1, ordering: .relaxed)
            progress(sum, total)
        }
        let walked = tasks.load(ordering: .relaxed)
        guard walked == owned.count else {
            return LaneWalkResult(tally: nil, paths: done.load(ordering: .relaxed), tasksDone: walked, tasksOwned: owned.count)
        }
        var merged = makeTally()
        for i in 0..<owned.count { merged.merge(results[i]!) }
        return LaneWalkResult(tally: merged, paths: total, tasksDone: walked, tasksOwned: owned.count)
    }

    /// One subtree, level by level.
    struct Task<T: LaneTally> where T.Lanes == Lanes {
        let cell: Cell
        let n: Int
        var tally: T

        init(cell: Cell, length n: Int, tally: T) {
            self.cell = cell
            self.n = n
            self.tally = tally
        }

        /// The nodes of one depth in chunks of `width` lanes: each chunk's
        /// states, how many lanes it uses, and per lane the bits so far and
        /// where the flag fell. A chunk holds only nodes before the flag or
        /// only nodes after it, so its children share their inputs.
        struct Level {
            var chunks: [[Lanes]] = []
            var counts: [Int] = []
            var beforeFlag: [Bool] = []
            /// masks[c·W + j], flags[c·W + j]: lane j of chunk c.
            var masks: [UInt64] = []
            var flags: [Int32] = []

            mutating func append(_ chunk: [Lanes], count: Int, beforeFlag before: Bool, masks m: [UInt64], flags f: [Int32]) {
                chunks.append(chunk)
                counts.append(count)
                beforeFlag.append(before)
                masks += m
                flags += f
            }

            /// The same nodes with the part-filled chunks of each phase packed
            /// together (the top of a subtree starts from one node; full chunks
            /// have full children, so this only gathers near the top).
            func packed(width W: Int) -> Level {
                guard counts.contains(where: { $0 < W }) else { return self }
                var level = Level()
                for before in [true, false] {
                    var chunk: [Lanes]? = nil, used = 0
                    var m = [UInt64](repeating: 0, count: W), f = [Int32](repeating: 0, count: W)
                    func flush() {
                        guard var full = chunk else { return }
                        for k in full.indices { let source = full[k]; for j in used..<W { full[k].setLane(j, from: source, lane: used - 1) } }
                        level.append(full, count: used, beforeFlag: before, masks: m, flags: f)
                        chunk = nil
                        used = 0
                    }
                    for c in chunks.indices where beforeFlag[c] == before {
                        guard counts[c] < W else {
                            level.append(chunks[c], count: W, beforeFlag: before,
                                         masks: Array(masks[(c * W)..<(c * W + W)]), flags: Array(flags[(c * W)..<(c * W + W)]))
                            continue
                        }
                        for j in 0..<counts[c] {
                            if chunk == nil { chunk = chunks[c] }
                            for k in chunk!.indices { chunk![k].setLane(used, from: chunks[c][k], lane: j) }
                            m[used] = masks[c * W + j]
                            f[used] = flags[c * W + j]
                            used += 1
                            if used == W { flush() }
                        }
                    }
                    flush()
                }
                return level
            }
        }

        mutating func run(_ prefix: ExhaustivePrefix) {
            let W = Lanes.width
            // The prefix's state, in every lane.
            var state = cell.initialState, next = state
            var scratch = cell.makeScratch()
            var mask: UInt64 = 0, flag = 0
            for t in 0..<prefix.depth {
                let bit = (prefix.mask >> UInt64(prefix.depth - 1 - t)) & 1
                let flagged = prefix.flagPosition == t + 1
                let x = StepInput(informationBit: bit == 1 ? 1 : -1, flagged: flagged)
                cell.step(state, Lanes.Input(Array(repeating: x, count: W)), into: &next, scratch: &scratch)
                swap(&state, &next)
                mask = mask << 1 | bit
                if flagged { flag = t + 1 }
            }
            var level = Level()
            level.append(state, count: 1, beforeFlag: flag == 0, masks: Array(repeating: mask, count: W),
                         flags: Array(repeating: Int32(flag), count: W))
            // Every lane of a chunk's child v gets the same input: flagged children first.
            let flaggedInputs = [StepInput(informationBit: -1, flagged: true), StepInput(informationBit: 1, flagged: true)]
            let plainInputs = [StepInput(informationBit: -1, flagged: false), StepInput(informationBit: 1, flagged: false)]
            func lanes(_ inputs: [StepInput]) -> [Lanes.Input] { inputs.map { Lanes.Input(Array(repeating: $0, count: W)) } }
            let beforeVariants = (all: flaggedInputs + plainInputs, last: flaggedInputs)
            let beforeLanes = (all: lanes(beforeVariants.all), last: lanes(beforeVariants.last))
            let afterLanes = lanes(plainInputs)
            var children = [[Lanes]](repeating: state, count: 4)
            var indices = [Int](repeating: 0, count: W), positive = [Bool](repeating: false, count: W)
            var childMasks = [UInt64](repeating: 0, count: W), childFlags = [Int32](repeating: 0, count: W)
            for t in prefix.depth..<n {
                let leavesNow = t + 1 == n
                var nextLevel = Level()
                for c in level.chunks.indices {
                    let before = level.beforeFlag[c], count = level.counts[c]
                    let variants = before ? (leavesNow ? beforeVariants.last : beforeVariants.all) : plainInputs
                    let inputs = before ? (leavesNow ? beforeLanes.last : beforeLanes.all) : afterLanes
                    cell.step(level.chunks[c], inputs: inputs, into: &children, scratch: &scratch)
                    for (v, x) in variants.enumerated() {
                        for j in 0..<W {
                            let p = c * W + j
                            childMasks[j] = level.masks[p] << 1 | (x.informationBit == 1 ? 1 : 0)
                            childFlags[j] = x.flagged ? Int32(t + 1) : level.flags[p]
                        }
                        if leavesNow {
                            for j in 0..<count {
                                let L = Int(childFlags[j])
                                indices[j] = (L - 1) << n | Int(childMasks[j])
                                positive[j] = (childMasks[j] >> UInt64(n - L)) & 1 == 1
                            }
                            tally.leaves(children[v], count: count, indices: indices, positive: positive)
                        } else {
                            nextLevel.append(children[v], count: count, beforeFlag: before && !x.flagged, masks: childMasks, flags: childFlags)
                        }
                    }
                }
                level = nextLevel.packed(width: W)
            }
        }
    }
}

/// What a lane walk produced.
struct LaneWalkResult<T> {
    /// Nil when the walk was cut short.
    var tally: T?
    /// Leaves (paths) walked.
    var paths: Int
    /// Tasks walked of those owned.
    var tasksDone: Int
    var tasksOwned: Int
}
