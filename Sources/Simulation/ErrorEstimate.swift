/// An error rate measured on simulated paths: k errors in N paths, with the
/// exact (Clopper–Pearson) two-sided interval for the true rate,
///
///     lower = B⁻¹(α/2; k, N−k+1),  upper = B⁻¹(1−α/2; k+1, N−k),
///
/// (lower = 0 when k = 0, upper = 1 when k = N), which covers the true rate
/// with probability at least 1 − α whatever it is.
public struct ErrorEstimate: Sendable, Equatable {
    public var errors: Int
    public var trials: Int
    public var confidence: Double
    public var lower: Double
    public var upper: Double

    public init(errors: Int, trials: Int, confidence: Double = 0.95) {
        precondition(trials > 0 && (0...trials).contains(errors) && confidence > 0 && confidence < 1)
        self.errors = errors
        self.trials = trials
        self.confidence = confidence
        let alpha = 1 - confidence, k = Double(errors), N = Double(trials)
        lower = errors == 0 ? 0 : betaQuantile(alpha / 2, a: k, b: N - k + 1)
        upper = errors == trials ? 1 : betaQuantile(1 - alpha / 2, a: k + 1, b: N - k)
    }

    /// k / N.
    public var rate: Double { Double(errors) / Double(trials) }

    /// Whether `p` lies in the interval.
    public func covers(_ p: Double) -> Bool { lower <= p && p <= upper }
}

/// Written with its rate and interval (for readers), read back from k, N and
/// the confidence (the interval is recomputed, so a file cannot contradict it).
extension ErrorEstimate: Codable {
    enum CodingKeys: String, CodingKey { case errors, trials, rate, lower, upper, confidence }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let errors = try c.decode(Int.self, forKey: .errors), trials = try c.decode(Int.self, forKey: .trials)
        let confidence = try c.decodeIfPresent(Double.self, forKey: .confidence) ?? 0.95
        guard trials > 0, (0...trials).contains(errors), confidence > 0, confidence < 1 else {
            throw DecodingError.dataCorruptedError(forKey: .errors, in: c, debugDescription: "expected 0 ≤ errors ≤ trials, trials ≥ 1, confidence in (0, 1)")
        }
        self.init(errors: errors, trials: trials, confidence: confidence)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(errors, forKey: .errors)
        try c.encode(trials, forKey: .trials)
        try c.encode(rate, forKey: .rate)
        try c.encode(lower, forKey: .lower)
        try c.encode(upper, forKey: .upper)
        try c.encode(confidence, forKey: .confidence)
    }
}
