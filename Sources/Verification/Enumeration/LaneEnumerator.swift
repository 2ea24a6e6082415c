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
/// subtrees (tasks, pulled one at a time by `threads` workers); within a task the nodes of one depth are
/// stepped together, each lane a (parent, input) pair with its own input, so
/// every cell step computes `width` states. About 2·n·2^n node steps in all.
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

        /// The nodes of one depth: their states in chunks of `width` lanes
        /// (chunk c holds nodes c·W…), the bits so far and where the flag fell.
        struct Level {
            var chunks: [[Lanes]] = []
            var masks: [UInt64] = []
            var flags: [Int32] = []
            var count: Int { masks.count }
        }

        mutating func run(_ prefix: ExhaustivePrefix) {
            let W = Lanes.width
            // The prefix's state, in lane 0.
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
            var level = Level(chunks: [state], masks: [mask], flags: [Int32(flag)])
            var inputs = [StepInput](repeating: StepInput(index: 0), count: W)
            var parents = [Int](repeating: 0, count: W)
            for t in prefix.depth..<n {
                // The children of every node at depth t, in canonical order of their subtrees.
                var childParent: [Int32] = [], childInput: [UInt8] = []
                childParent.reserveCapacity(level.count * 4)
                childInput.reserveCapacity(level.count * 4)
                for p in 0..<level.count {
                    for bit in [0, 1] {
                        if level.flags[p] == 0 {
                            childParent.append(Int32(p)); childInput.append(UInt8(bit | 2))
                            if t + 1 < n { childParent.append(Int32(p)); childInput.append(UInt8(bit)) }
                        } else {
                            childParent.append(Int32(p)); childInput.append(UInt8(bit))
                        }
                    }
                }
                let leavesNow = t + 1 == n
                var nextLevel = Level()
                if !leavesNow {
                    nextLevel.masks.reserveCapacity(childParent.count)
                    nextLevel.flags.reserveCapacity(childParent.count)
                }
                var indices = [Int](repeating: 0, count: W), positive = [Bool](repeating: false, count: W)
                var start = 0
                while start < childParent.count {
                    let count = min(W, childParent.count - start)
                    // Gather each child's parent into its lane.
                    var gathered = state
                    for j in 0..<W {
                        let c = start + min(j, count - 1)
                        let p = Int(childParent[c])
                        parents[j] = p
                        inputs[j] = StepInput(index: Int(childInput[c]))
                        let source = level.chunks[p / W]
                        for k in gathered.indices { gathered[k].setLane(j, from: source[k], lane: p % W) }
                    }
                    var out = gathered
                    cell.step(gathered, Lanes.Input(inputs), into: &out, scratch: &scratch)
                    for j in 0..<count {
                        let p = parents[j], input = inputs[j]
                        let childMask = level.masks[p] << 1 | UInt64(input.informationBit == 1 ? 1 : 0)
                        let childFlag = input.flagged ? Int32(t + 1) : level.flags[p]
                        if leavesNow {
                            let L = Int(childFlag)
                            indices[j] = (L - 1) << n | Int(childMask)
                            positive[j] = (childMask >> UInt64(n - L)) & 1 == 1
                        } else {
                            nextLevel.masks.append(childMask)
                            nextLevel.flags.append(childFlag)
                        }
                    }
                    if leavesNow {
                        tally.leaves(out, count: count, indices: indices, positive: positive)
                    } else {
                        nextLevel.chunks.append(out)
                    }
                    start += count
                }
                level = nextLevel
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
