import Exact
import F1B

/// Why a procedure does not apply to a problem (a closed list).
public enum NotApplicable: Sendable, Equatable {
    /// The procedure needs exact states: piecewise-linear cells only.
    case needsPiecewiseLinearCell
    /// The procedure follows one number per phase: K = 1 only.
    case needsOneDimensionalState(stateSize: Int)
    /// K = 1 propagation needs the classified number to evolve on its own.
    case classifiedStateReadsOtherHalf
    /// The procedure decides F1B only, not Flagged-m-Bit.
    case flaggedOneBitOnly(flags: Int)
    /// The procedure decides the Flagged-m-Bit test (m ≥ 2) only.
    case flaggedBitsOnly
    /// A falsifier needs a classifier to err (or a cell where non-separability can be shown).
    case needsClassifier
    /// Enclosures alone cannot decide separability without a classifier for this test.
    case needsReadouts
    /// The procedure decides one length at a time, not every n.
    case lengthsOnly
    /// The cell's state has more entries than the procedure handles.
    case stateTooLarge(width: Int, limit: Int)
    /// Not selected: `--method` names another procedure.
    case notSelected
}

/// A work budget that was reached.
public enum Limit: Sendable, Equatable {
    /// Paths to enumerate at one n (`--max-paths`).
    case paths(BigInteger)
    /// Distinct states stored (`--max-states`).
    case states(Int)
    /// Leaves of a cover's partition (`--max-boxes`).
    case boxes(Int)
    /// Steps swept looking for repetition or an invariant (`--max-depth`).
    case depth(Int)
    /// Sets kept by a relational-set procedure.
    case sets(Int)
}

/// Why a length (or every n) was left open: a closed list, so writers say it
/// in words and callers never parse it.
public enum OpenReason: Sendable, Equatable {
    /// The procedure does not apply.
    case notApplicable(NotApplicable)
    /// A work budget would be exceeded.
    case budget(Limit)
    /// The wall-clock limit (`--time-limit`) ran out before this length was decided.
    case timeLimit(seconds: Double)
    /// The share of the time limit given to one every-n attempt ran out (the
    /// rest is kept for finding the boundary length by length).
    case timeShare(seconds: Double)
    /// Interrupted (Ctrl-C) before this length was decided.
    case interrupted
    /// The procedure's estimated time exceeds what is left of the time limit.
    case wouldExceedTimeLimit(estimatedSeconds: Double, secondsLeft: Double)
    /// Every path was seen; these paths' score enclosures hold 0 at this precision.
    case undecidedPaths(count: BigInteger, precision: Int, first: Path?)
    /// K = 1: the enclosures of the extreme final states straddle the threshold (or overlap, without a classifier).
    case extremesOverlap(precision: Int)
    /// K = 1 propagation: the update is not certified monotone on the reachable interval.
    case notMonotone(step: Int)
    /// An over-approximation of the reachable sets meets the wrong side of the
    /// classifier (or the other class) at this step: not proved, not refuted.
    case overApproximationNotSeparated(step: Int)
    /// Refinement stopped making progress: boxes narrower than their own rounding, or a tie.
    case refinementStalled(boxes: Int)
    /// The exact reachable sets did not repeat within the budget.
    case notRepeating(depth: Int, states: Int)
    /// No invariant (closed sets separated by the classifier) was found.
    case noInvariant(depth: Int)
    /// Without a classifier: none found that certifiably separates the enclosures.
    case noClassifierCertified(precision: Int)
    /// A counterexample or certificate failed its re-check (it is never reported as a verdict).
    case recheckFailed(String)
    /// Every n: no length up to this one was found failing, and no certificate covers every n.
    case noFailureUpTo(Int)
    /// A falsifier examined these paths and found none certified misclassified.
    case noCounterexampleFound(paths: Int)
    /// The state enclosures left every box up to ±extent (the cell has no
    /// a-priori bound; the true states may or may not grow).
    case escaped(extent: Double)
    /// A relational-set image became unbounded at this step (a form lost every
    /// bound: an overflow, or a cell whose states grow without limit).
    case unboundedImage(step: Int)
    /// A sharded enumeration's merged result lacks these shards (0-based, as `--shard i/N`).
    case shardsMissing([Int])
}
