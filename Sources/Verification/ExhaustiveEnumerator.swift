import Cells
import Dispatch
import Exact
import F1B

/// Runs a cell over every one of the n·2^n paths of F1B(n) (Definition 1),
/// sharing prefixes: the tree of inputs is walked depth first, and a node's
/// state is computed once for all paths through it (the steps before the flag
/// are shared by every L after them). About 2·n·2^n cell steps in all,
/// against n²·2^n for path-by-path evaluation.
///
/// The tree is cut at a shallow depth into independent tasks run on all cores;
/// results are merged in task order, so they do not depend on the thread count.
public struct ExhaustiveEnumerator<Cell: RecurrentCell>: Sendable where Cell.Scalar: EnumerableScalar {
    public typealias Scalar = Cell.Scalar
    public let cell: Cell

    public init(cell: Cell) { self.cell = cell }

    public struct Options: Sendable {
        /// Score every leaf with this classifier (counting misclassified paths).
        public var classifier: Classifier?
        /// Keep the distinct final states of each class with a representative path.
        public var collectStates: Bool
        /// Stop collecting past this many distinct final states (both classes).
        public var maximumStates: Int
        /// How many misclassified paths (first in canonical order) to keep.
        public var counterexampleLimit: Int

        public init(classifier: Classifier?, collectStates: Bool, maximumStates: Int = 2_000_000, counterexampleLimit: Int = 5) {
            self.classifier = classifier
            self.collectStates = collectStates
            self.maximumStates = maximumStates
            self.counterexampleLimit = counterexampleLimit
        }
    }

    public struct Outcome {
        public var length: Int
        public var misclassified: Int
        /// Canonical indices (see `Path.index`) of the first misclassified paths.
        public var firstMisclassified: [Int]
        /// With a classifier: the least signed margin over all paths, i.e. the
        /// minimum of βᵀs + γ over positive paths and of −(βᵀs + γ) over negative
        /// ones (negative when some path is misclassified).
        public var leastMargin: Scalar?
        /// Distinct classified final states of positive / negative paths → the
        /// smallest canonical index of a path reaching it. Empty unless collected.
        public var positiveStates: [[Scalar]: Int]
        public var negativeStates: [[Scalar]: Int]
        /// True when `maximumStates` was exceeded (the state sets are incomplete).
        public var stateLimitExceeded: Bool
    }

    /// Precondition: 1 ≤ n ≤ 57.
    public func enumerate(length n: Int, options: Options) -> Outcome {
        precondition(n >= 1 && n <= 57)
        let splitDepth = min(n - 1, 8)
        let prefixes = Self.prefixes(depth: splitDepth, length: n)
        let classifier = options.classifier.map { c in
            (beta: c.beta.map(Scalar.init(exactly:)), gamma: Scalar(exactly: c.gamma))
        }
        let perTaskLimit = options.maximumStates
        let results = UnsafeMutableBufferPointer<Task?>.allocate(capacity: prefixes.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let shared = results
        DispatchQueue.concurrentPerform(iterations: prefixes.count) { i in
            var task = Task(cell: cell, length: n, classifier: classifier, options: options, stateLimit: perTaskLimit)
            task.run(prefix: prefixes[i])
            shared[i] = task
        }
        var outcome = Outcome(length: n, misclassified: 0, firstMisclassified: [], leastMargin: nil, positiveStates: [:],
                              negativeStates: [:], stateLimitExceeded: false)
        for case let task? in results {
            outcome.misclassified += task.misclassified
            if let m = task.leastMargin { outcome.leastMargin = outcome.leastMargin.map { Swift.min($0, m) } ?? m }
            outcome.firstMisclassified += task.firstMisclassified
            outcome.stateLimitExceeded = outcome.stateLimitExceeded || task.stateLimitExceeded
            guard options.collectStates, !outcome.stateLimitExceeded else { continue }
            outcome.positiveStates.merge(task.positiveStates, uniquingKeysWith: min)
            outcome.negativeStates.merge(task.negativeStates, uniquingKeysWith: min)
            if outcome.positiveStates.count + outcome.negativeStates.count > options.maximumStates {
                outcome.stateLimitExceeded = true
            }
        }
        if outcome.stateLimitExceeded { outcome.positiveStates = [:]; outcome.negativeStates = [:] }
        outcome.firstMisclassified.sort()
        outcome.firstMisclassified = Array(outcome.firstMisclassified.prefix(options.counterexampleLimit))
        return outcome
    }

    /// A node of the input tree at `depth`: the bits so far and where the flag
    /// fell (0: not yet).
    struct Prefix: Sendable {
        var depth: Int
        var mask: UInt64
        var flagPosition: Int
    }

    static func prefixes(depth: Int, length n: Int) -> [Prefix] {
        var level = [Prefix(depth: 0, mask: 0, flagPosition: 0)]
        for t in 0..<depth {
            level = level.flatMap { p -> [Prefix] in
                var children: [Prefix] = []
                for bit in [0, 1] as [UInt64] {
                    if p.flagPosition == 0 {
                        children.append(Prefix(depth: t + 1, mask: p.mask << 1 | bit, flagPosition: t + 1))
                        if t + 1 < n { children.append(Prefix(depth: t + 1, mask: p.mask << 1 | bit, flagPosition: 0)) }
                    } else {
                        children.append(Prefix(depth: t + 1, mask: p.mask << 1 | bit, flagPosition: p.flagPosition))
                    }
                }
                return children
            }
        }
        return level
    }

    /// One subtree's walk, with its own state buffers and tallies.
    struct Task {
        let cell: Cell
        let n: Int
        let classifier: (beta: [Scalar], gamma: Scalar)?
        let collect: Bool
        let limit: Int
        let stateLimit: Int
        var levels: [[Scalar]]
        var score: Scalar
        var leastMargin: Scalar?
        var misclassified = 0
        var firstMisclassified: [Int] = []
        var positiveStates: [[Scalar]: Int] = [:]
        var negativeStates: [[Scalar]: Int] = [:]
        var stateLimitExceeded = false

        init(cell: Cell, length n: Int, classifier: (beta: [Scalar], gamma: Scalar)?, options: Options, stateLimit: Int) {
            self.cell = cell
            self.n = n
            self.classifier = classifier
            collect = options.collectStates
            limit = options.counterexampleLimit
            self.stateLimit = stateLimit
            levels = Array(repeating: cell.initialState, count: n + 1)
            score = .zero
        }

        mutating func run(prefix: Prefix) {
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
            if t == n { return leaf(mask: mask, flagPosition: L) }
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

        @inline(__always)
        mutating func leaf(mask: UInt64, flagPosition L: Int) {
            let positive = (mask >> UInt64(n - L)) & 1 == 1
            let index = (L - 1) << n | Int(mask)
            let final = levels[n]
            if let classifier {
                score.assign(classifier.gamma)
                for k in 0..<classifier.beta.count { score.addProduct(classifier.beta[k], final[k]) }
                if !positive { score.negate() }
                if let m = leastMargin { if score < m { leastMargin!.assign(score) } } else { leastMargin = score }
                if score < .zero {
                    misclassified += 1
                    recordMisclassified(index)
                }
            }
            if collect && !stateLimitExceeded {
                let state = cell.stateWidth == cell.stateSize ? final : Array(final.prefix(cell.stateSize))
                if positive {
                    if let old = positiveStates[state] { if index < old { positiveStates[state] = index } }
                    else { positiveStates[state] = index }
                } else {
                    if let old = negativeStates[state] { if index < old { negativeStates[state] = index } }
                    else { negativeStates[state] = index }
                }
                if positiveStates.count + negativeStates.count > stateLimit {
                    stateLimitExceeded = true
                    positiveStates = [:]
                    negativeStates = [:]
                }
            }
        }

        mutating func recordMisclassified(_ index: Int) {
            if firstMisclassified.count < limit {
                firstMisclassified.append(index)
                firstMisclassified.sort()
            } else if let last = firstMisclassified.last, index < last {
                firstMisclassified[firstMisclassified.count - 1] = index
                firstMisclassified.sort()
            }
        }
    }
}
