import Simulation
import Bounds
import Exact
import F1B

/// `f1b bound --json`: exact values as strings, enclosures as ["lower", "upper"].
enum BoundJSONWriter {
    /// Raised whenever a key changes meaning or goes away (readers check it).
    static let schema = 1

    static func interval(_ x: Interval) -> JSON { .array([.string(x.lower.description), .string(x.upper.description)]) }
    static func decision(_ d: Decision) -> JSON { .string(d.rawValue) }

    static func json(_ r: BoundReport, monteCarlo: [Int: ErrorEstimate] = [:]) -> String {
        func moments(_ m: ClassMoments) -> JSON {
            .object([("mean", interval(m.mean)), ("variance", interval(m.variance)), ("conditional_chebyshev", interval(m.conditionalChebyshev))])
        }
        let rows: [JSON] = r.rows.map { row in
            .object([
                ("n", .int(row.length)), ("threshold", .string(row.threshold.description)),
                ("positive", moments(row.positive)), ("negative", moments(row.negative)),
                ("chebyshev", interval(row.chebyshev)), ("cantelli", interval(row.cantelli)), ("conditional", interval(row.conditional)),
                ("chebyshev_certifies", decision(row.chebyshevCertifies)), ("cantelli_certifies", decision(row.cantelliCertifies)),
                ("conditional_certifies", decision(row.conditionalCertifies)),
                ("worst_positive", interval(row.worstPositive)), ("worst_negative", interval(row.worstNegative)),
                ("worst_positive_path", .object([("L", .int(row.worstPositivePath.flagPosition)),
                                                 ("bits", .array(row.worstPositivePath.informationBits.map { .int(Int($0)) }))])),
                ("error_free", decision(row.errorFree)),
                ("enumerated_misclassified", row.enumerated.map { .int($0.misclassified) } ?? .null),
                ("enumerated_undecided", row.enumerated.map { .int($0.undecided) } ?? .null),
                ("pe", row.exactPe.map { .string($0.description) } ?? .null),
                ("monte_carlo_pe", monteCarlo[row.length].map(SimulationJSONWriter.estimate) ?? .null),
            ])
        }
        let thresholds: [JSON] = r.thresholds.map { t in
            .object([("n", .int(t.length)), ("route", .string(t.route.rawValue)),
                     ("A_lower", t.lower.map { .string($0.description) } ?? .null),
                     ("A_upper", t.upper.map { .string($0.description) } ?? .null),
                     ("a_lower", t.logitLower.map(interval) ?? .null), ("a_upper", t.logitUpper.map(interval) ?? .null),
                     ("note", t.note.map(JSON.string) ?? .null)])
        }
        return JSON.object([
            ("schema", .int(schema)),
            ("source", .string(r.source)), ("A", interval(r.A)), ("B", interval(r.B)), ("s0", .string(r.s0.description)),
            ("rows", .array(rows)), ("thresholds", .array(thresholds)),
            ("certified", .object(Route.allCases.map { ($0.rawValue, .array((r.certified[$0] ?? []).map(JSON.int))) })),
            ("certified_through", .int(r.certifiedThrough)),
        ]).serialized
    }
}
