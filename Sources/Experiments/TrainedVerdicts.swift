import Constructions
import Exact
import F1B
import Foundation
import Training
import Verification
import _Parallel

/// What `f1b check` says of each successful trained model: at the n it was
/// trained for, at 2n, and for every n — the question training success (an
/// error below 1% on sampled paths) cannot answer.
public struct TrainedVerdict: Sendable {
    public struct Decision: Sendable {
        public var verdict: Verdict
        /// How it was decided: the method, and for a fail what shows it.
        public var how: String
        public var seconds: Double
    }

    public var model: String
    public var length: Int
    public var seed: UInt64
    public var atLength: Decision
    public var atDouble: Decision
    public var everyLength: Decision

    public var decided: Bool { atLength.verdict != .inconclusive }

    public init(model: String, length: Int, seed: UInt64, atLength: Decision, atDouble: Decision, everyLength: Decision) {
        self.model = model
        self.length = length
        self.seed = seed
        self.atLength = atLength
        self.atDouble = atDouble
        self.everyLength = everyLength
    }
}

/// The verdicts of one (model, n) group of trained models, counted.
public struct TrainedVerdictGroup: Sendable {
    public struct Counts: Sendable {
        public var pass = 0, fail = 0, inconclusive = 0
    }
    public var model: String
    public var length: Int
    public var models: Int
    public var atLength = Counts(), atDouble = Counts(), everyLength = Counts()
    public var medianSecondsAtLength: Double
}

public enum TrainedVerdicts {
    /// Per (model, n), in order: how many pass, fail or are undecided at n, 2n and every n.
    public static func groups(_ verdicts: [TrainedVerdict]) -> [TrainedVerdictGroup] {
        let keys = Set(verdicts.map { "\($0.model)|\($0.length)" })
        return keys.map { key -> TrainedVerdictGroup in
            let rows = verdicts.filter { "\($0.model)|\($0.length)" == key }
            func counts(_ d: KeyPath<TrainedVerdict, TrainedVerdict.Decision>) -> TrainedVerdictGroup.Counts {
                var c = TrainedVerdictGroup.Counts()
                for r in rows {
                    switch r[keyPath: d].verdict {
                    case .pass: c.pass += 1
                    case .fail: c.fail += 1
                    case .inconclusive: c.inconclusive += 1
                    }
                }
                return c
            }
            let times = rows.map(\.atLength.seconds).sorted()
            return TrainedVerdictGroup(model: rows[0].model, length: rows[0].length, models: rows.count,
                                       atLength: counts(\.atLength), atDouble: counts(\.atDouble), everyLength: counts(\.everyLength),
                                       medianSecondsAtLength: times[times.count / 2])
        }.sorted { ($0.model, $0.length) < ($1.model, $1.length) }
    }

    /// Decides every successful run of `runs` on `threads` workers, which pull
    /// the runs one at a time (each check on one thread).
    public static func decide(_ runs: [TrainingExperiment.Run], model: String, threads: Int = availableThreads,
                              progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> [TrainedVerdict] {
        let successes = runs.filter { $0.stepsToSuccess != nil }
        var sequential = Checker.Options()
        sequential.budget.threads = 1
        let options = sequential
        return mapPulling(tasks: successes.count, threads: threads, progress: progress) { i in
            let run = successes[i]
            let c = run.model.construction(name: "\(model)-n\(run.length)-seed\(run.seed)")
            return TrainedVerdict(model: model, length: run.length, seed: run.seed,
                                  atLength: check(c, .list([run.length]), options: options),
                                  atDouble: check(c, .list([2 * run.length]), options: options),
                                  everyLength: check(c, .all, options: options))
        }
    }

    /// One `f1b check` (method auto), timed.
    public static func check(_ c: Construction, _ lengths: SequenceLengths, options: Checker.Options = .init()) -> TrainedVerdict.Decision {
        let start = Date()
        let report = Checker(options: options).check(c, lengths: lengths)
        let seconds = Date().timeIntervalSince(start)
        if lengths == .all, let all = report.everyLength {
            return .init(verdict: all.verdict, how: all.summary, seconds: seconds)
        }
        let r = report.results[0]
        return .init(verdict: r.verdict, how: describe(r), seconds: seconds)
    }

    static func describe(_ r: LengthResult) -> String {
        switch (r.verdict, r.counterexample) {
        case (.pass, _): return r.procedure.title
        case (.fail, .misclassified(let paths)?):
            if let m = r.misclassified { return "\(m) of \(r.pathCount) paths misclassified (\(r.procedure.title))" }
            let count = r.errorCount?.lowerBound ?? BigInteger(paths.count)
            return "≥ \(count) path\(count == BigInteger(1) ? "" : "s") certified misclassified (\(r.procedure.title))"
        case (.fail, _): return "no linear classifier (\(r.procedure.title))"
        case (.inconclusive, _): return r.reason ?? "inconclusive"
        }
    }
}

