import Exact

/// What a run shows, computed from its recorded states: per recorded time and
/// dimension, histograms and moments of each class (and for K = 2 a sample of
/// the joint states, as in the paper's Figure 4); the error of the file's
/// classifier on the final states; and per recorded time the error of a
/// linear classifier fitted on half the paths and scored on the other half.
public struct SimulationSummary: Sendable {
    public var setup: SimulationSetup
    public var stateSize: Int
    public var histograms: [Histogram]
    public var moments: [Moments]
    public var scatter: [ScatterSample]
    public var fileClassifier: ClassifierError?
    public var fitted: [TimedFit]

    /// Mean and standard deviation of one class's values of one dimension at one time.
    public struct Moments: Sendable, Equatable {
        public var time: Int
        public var dimension: Int
        public var positive: Bool
        public var mean: Double
        public var standardDeviation: Double
    }

    /// The first `count` paths of each class, as points (K = 2 only).
    public struct ScatterSample: Sendable, Equatable {
        public var time: Int
        public var positive: [[Float]]
        public var negative: [[Float]]
    }

    /// The file's classifier on every final state.
    public struct ClassifierError: Sendable, Equatable {
        public var classifier: Classifier
        /// Positive paths called −1, over P.
        public var positive: ErrorEstimate
        /// Negative paths called +1, over P.
        public var negative: ErrorEstimate
        /// All misclassified paths over 2P: an estimate of Pe.
        public var total: ErrorEstimate
    }

    public struct TimedFit: Sendable, Equatable {
        public var time: Int
        public var fit: FittedClassifier
    }

    /// - Parameters:
    ///   - bins: histogram bins per time and dimension.
    ///   - range: common histogram range (needed to merge shards); else each
    ///     dimension's histograms span its values over all recorded times (so
    ///     panels over time share an axis).
    ///   - scatterPoints: points per class and time kept for K = 2.
    public init(states: SimulatedStates, classifier: Classifier?, bins: Int = 60,
                range: ClosedRange<Double>? = nil, scatterPoints: Int = 2000) {
        setup = states.setup
        stateSize = states.stateSize
        let P = setup.pathsPerClass, K = stateSize
        histograms = []
        moments = []
        scatter = []
        fitted = []
        let ranges = (0..<K).map { k -> ClosedRange<Double> in
            if let range { return range }
            var low = Double.infinity, high = -Double.infinity
            for ti in setup.times.indices {
                for positive in [true, false] {
                    for v in states.values(positive: positive, timeIndex: ti, dimension: k) {
                        low = min(low, Double(v))
                        high = max(high, Double(v))
                    }
                }
            }
            return low < high ? low...high : (low - 0.5)...(high + 0.5)
        }
        for (ti, t) in setup.times.enumerated() {
            for k in 0..<K {
                let p = states.values(positive: true, timeIndex: ti, dimension: k)
                let n = states.values(positive: false, timeIndex: ti, dimension: k)
                histograms.append(Histogram(time: t, dimension: k + 1, positive: p, negative: n, bins: bins, range: ranges[k]))
                for (values, positive) in [(p, true), (n, false)] {
                    let mean = values.reduce(0.0) { $0 + Double($1) } / Double(P)
                    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(P)
                    moments.append(Moments(time: t, dimension: k + 1, positive: positive, mean: mean,
                                           standardDeviation: variance.squareRoot()))
                }
            }
            if K == 2 {
                let m = min(scatterPoints, P)
                scatter.append(ScatterSample(time: t,
                                             positive: (0..<m).map { states.state(positive: true, timeIndex: ti, path: $0) },
                                             negative: (0..<m).map { states.state(positive: false, timeIndex: ti, path: $0) }))
            }
            let fit: FittedClassifier
            if K == 1 {
                let values = { (positive: Bool) in states.values(positive: positive, timeIndex: ti, dimension: 0).map(Double.init) }
                fit = FittedClassifier.fit(positive: values(true), negative: values(false))
            } else {
                let rows = { (positive: Bool) -> StateRows in
                    var values = [Double](repeating: 0, count: P * K)
                    for k in 0..<K {
                        for (i, v) in states.values(positive: positive, timeIndex: ti, dimension: k).enumerated() { values[i * K + k] = Double(v) }
                    }
                    return StateRows(K: K, values: values)
                }
                fit = FittedClassifier.fit(positive: rows(true), negative: rows(false))
            }
            fitted.append(TimedFit(time: t, fit: fit))
        }
        fileClassifier = classifier.map { Self.error(of: $0, on: states) }
    }

    /// The classifier's error on every final state (C(s) = +1 iff βᵀs + γ ≥ 0, in Double).
    public static func error(of classifier: Classifier, on states: SimulatedStates) -> ClassifierError {
        let P = states.setup.pathsPerClass, K = states.stateSize
        let beta = classifier.beta.map(Double.init), gamma = Double(classifier.gamma)
        let last = states.setup.times.count - 1
        func errors(_ positive: Bool) -> Int {
            // βᵀs + γ path by path, one dimension at a time (no per-path arrays).
            var scores = [Double](repeating: gamma, count: P)
            for k in 0..<K {
                for (i, v) in states.values(positive: positive, timeIndex: last, dimension: k).enumerated() {
                    scores[i] += beta[k] * Double(v)
                }
            }
            let label: ClassLabel = positive ? .positive : .negative
            return scores.reduce(0) { $0 + (Classification.isCorrect($1, label: label) ? 0 : 1) }
        }
        let ep = errors(true), en = errors(false)
        return ClassifierError(classifier: classifier, positive: ErrorEstimate(errors: ep, trials: P),
                               negative: ErrorEstimate(errors: en, trials: P),
                               total: ErrorEstimate(errors: ep + en, trials: 2 * P))
    }

    /// The fit at the final time n.
    public var finalFit: FittedClassifier { fitted.last!.fit }
}
