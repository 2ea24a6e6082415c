import Cells
import Exact
import F1B
import Sharding
import Synchronization
import _Parallel

/// What is done with each final state of an exhaustive walk: a tally kept per
/// task and merged in task order.
public protocol LeafTally: Sendable {
    associatedtype Scalar: CellScalar
    /// One path: its full final state, canonical index (see `Path.index`) and class.
    mutating func leaf(_ state: [Scalar], index: Int, positive: Bool)
    /// Adds a later task's tally (tasks are merged in canonical order).
    mutating func merge(_ other: Self)
}

/// Runs a cell over every one of the n·2^n paths of F1B(n) (Definition 1),
/// sharing prefixes: the tree of inputs is walked depth first, and a node's
/// state is computed once for all paths through it (the steps before the flag
/// are shared by every L after them). About 2·n·2^n cell steps in all,
/// against n²·2^n for path-by-path evaluation.
///
/// The tree is cut at a shallow depth into independent tasks, which `threads`
/// workers pull one at a time (subtrees differ in cost); tallies are merged in
/// task order, so results do not depend on the thread count.
public struct ExhaustiveEnumerator<Cell: RecurrentCell>: Sendable where Cell.Scalar.Input == StepInput {
    public typealias Scalar = Cell.Scalar
    public let cell: Cell
    /// Workers the subtrees are spread over.
    public let threads: Int

    public init(cell: Cell, threads: Int = availableThreads) {
        self.cell = cell
        self.threads = threads
    }

    /// Walks every path of F1B(n) (or a shard's subtrees), feeding final
    /// states to tallies made by `makeTally`; nil when `shouldStop` cut the
    /// walk short. Precondition: 1 ≤ n ≤ 57.
    public func walk<T: LeafTally>(length n: Int, shard: Shard?, makeTally: @Sendable () -> T,
                                   progress: @escaping @Sendable (Int, Int) -> Void,
                                   shouldStop: @escaping @Sendable () -> Bool) -> T? where T.Scalar == Scalar {
        precondition(n >= 1 && n <= 57)
        let all = ExhaustivePrefix.prefixes(depth: min(n - 1, 8), length: n)
        let owned = all.indices.filter { shard?.owns($0) ?? true }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: owned.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let shared = results
        let done = Atomic<Int>(0)
        runPulling(tasks: owned.count, threads: threads) { _, i in
            guard !shouldStop() else { return }
            var task = Task(cell: cell, length: n, tally: makeTally())
            task.run(prefix: all[owned[i]])
            shared[i] = task.tally
            progress(done.add(1, ordering: .relaxed).newValue, owned.count)
        }
        guard done.load(ordering: .relaxed) == owned.count else { return nil }
        var total = makeTally()
        for i in 0..<owned.count { total.merge(results[i]!) }
        return total
    }

    /// Every path, to the end.
    public func walk<T: LeafTally>(length n: Int, makeTally: @Sendable () -> T) -> T where T.Scalar == Scalar {
        walk(length: n, shard: nil, makeTally: makeTally, progress: { _, _ in }, shouldStop: { false })!
    }

    /// One subtree's walk, with its own state buffers and tally.
    struct Task<T: LeafTally> where T.Scalar == Scalar {
        let cell: Cell
        let n: Int
        var levels: [[Scalar]]
        var tally: T

        init(cell: Cell, length n: Int, tally: T) {
            self.cell = cell
            self.n = n
            self.tally = tally
            levels = Array(repeating: cell.initialState, count: n + 1)
        }

        mutating func run(prefix: ExhaustivePrefix) {
            var mask: UInt64 = 0
            var flag = 0
            for t in 0..<prefix.depth {
                let bit = (prefix.mask >> UInt64(prefix.depth - 1 - t)) & 1
                let flagged = prefix.flagPosition == t + 1
                cell.step(levels[t], StepInput(informationBit: bit == 1 ? 1 : -1, flagged: flagged), into: &levels[t + 1])
                mask = mask << 1 | bit
                if flagged { flag = t + 1 }
            }
            descend(depth: prefix.depth, mask: mask, flagPosition: flag)
        }

        mutating func descend(depth t: Int, mask: UInt64, flagPosition L: Int) {
            if t == n {
                let positive = (mask >> UInt64(n - L)) & 1 == 1
                tally.leaf(levels[n], index: (L - 1) << n | Int(mask), positive: positive)
                return
            }
            for bit in [0, 1] as [UInt64] {
                let x = bit == 1 ? 1 : -1
                if L == 0 {
                    // Flag here, or (if there is still room) later.
                    cell.step(levels[t], StepInput(informationBit: x, flagged: true), into: &levels[t + 1])
                    descend(depth: t + 1, mask: mask << 1 | bit, flagPosition: t + 1)
                    if t + 1 < n {
                        cell.step(levels[t], StepInput(informationBit: x, flagged: false), into: &levels[t + 1])
                        descend(depth: t + 1, mask: mask << 1 | bit, flagPosition: 0)
                    }
                } else {
                    cell.step(levels[t], StepInput(informationBit: x, flagged: false), into: &levels[t + 1])
                    descend(depth: t + 1, mask: mask << 1 | bit, flagPosition: L)
                }
            }
        }
    }
}

/// A node of F1B's input tree at `depth`: the bits so far (most significant
/// first) and where the flag fell (0: not yet). The enumerations cut the tree
/// at a depth into the subtrees below these nodes, in canonical order.
struct ExhaustivePrefix: Sendable {
    var depth: Int
    var mask: UInt64
    var flagPosition: Int

    /// Every node at `depth` of F1B(n)'s tree, in canonical order of the paths below them.
    static func prefixes(depth: Int, length n: Int) -> [ExhaustivePrefix] {
        var level = [ExhaustivePrefix(depth: 0, mask: 0, flagPosition: 0)]
        for t in 0..<depth {
            level = level.flatMap { p -> [ExhaustivePrefix] in
                var children: [ExhaustivePrefix] = []
                for bit in [0, 1] as [UInt64] {
                    if p.flagPosition == 0 {
                        children.append(ExhaustivePrefix(depth: t + 1, mask: p.mask << 1 | bit, flagPosition: t + 1))
                        if t + 1 < n { children.append(ExhaustivePrefix(depth: t + 1, mask: p.mask << 1 | bit, flagPosition: 0)) }
                    } else {
                        children.append(ExhaustivePrefix(depth: t + 1, mask: p.mask << 1 | bit, flagPosition: p.flagPosition))
                    }
                }
                return children
            }
        }
        return level
    }
}
