import Exact
import F1B
import Verification

/// Formats a `CheckReport` as the JSON object ARCHITECTURE.md documents (the
/// check contract, schema `CheckJSONWriter.schema`). Exact values are strings
/// ("p/q", reduced), with a decimal beside long ones; paths are named by L
/// (1-based) and their information bits (±1).
enum CheckJSONWriter {
    /// Raised whenever a key changes meaning or goes away (the Python bridge checks it).
    static let schema = 2

    static func json(_ report: CheckReport) -> String { object(report).serialized }

    static func object(_ report: CheckReport) -> JSON {
        var pairs: [(String, JSON)] = [
            ("schema", .int(schema)),
            ("name", .string(report.name)),
            ("test", .string(report.test.description)),
            ("flagged_bits", .int(report.test.flags)),
            ("verdict", .string(report.verdict.rawValue)),
            ("results", .array(report.results.map(result))),
            ("all_n", report.everyLength.map(everyLength) ?? .null),
            ("interrupted", report.interruption.map { .string($0.code) } ?? .null),
        ]
        if let expectation = report.expectation {
            pairs.append(("expect", .object([
                ("n", .string(expectation.lengths.description)),
                ("verdict", .string(expectation.verdict.rawValue)),
                ("confirmed", report.expectationConfirmed.map(JSON.bool) ?? .null),
                ("undecided", .array(report.undecidedClaims.map(JSON.int))),
            ])))
        }
        return .object(pairs)
    }

    static func exact(_ r: Rational) -> JSON { .string(r.description) }
    /// A probability as {"exact": "p/q", "decimal": "…"}.
    static func probability(_ r: Rational) -> JSON {
        .object([("exact", exact(r)), ("decimal", .string(r.decimalString(significantDigits: 12)))])
    }
    /// An enclosure as ["lower", "upper"], exact endpoints.
    static func interval(_ x: Interval) -> JSON { .array([exact(x.lower), exact(x.upper)]) }
    static func vector(_ v: [Rational]) -> JSON { .array(v.map(exact)) }

    static func classifier(_ c: Classifier) -> JSON { .object([("beta", vector(c.beta)), ("gamma", exact(c.gamma))]) }

    static func path(_ p: Path) -> [(String, JSON)] {
        [("L", .int(p.flagPosition)), ("bits", .array(p.informationBits.map { .int(Int($0)) })), ("label", .int(p.label))]
    }

    static func work(_ w: Work) -> JSON {
        var pairs: [(String, JSON)] = []
        if let v = w.paths { pairs.append(("paths", .string(v.description))) }
        if let v = w.states { pairs.append(("states", .int(v))) }
        if let v = w.boxes { pairs.append(("boxes", .int(v))) }
        if let v = w.rounds { pairs.append(("rounds", .int(v))) }
        if let v = w.steps { pairs.append(("steps", .int(v))) }
        if let v = w.seconds { pairs.append(("seconds", .number(v))) }
        return .object(pairs)
    }

    static func attempt(_ a: Attempt) -> JSON {
        .object([("procedure", .string(a.procedure.id)), ("reason_kind", .string(a.reason.code)),
                 ("reason", .string(a.reason.description)), ("work", work(a.work))])
    }

    static func result(_ r: LengthResult) -> JSON {
        var pairs: [(String, JSON)] = [
            ("n", .int(r.length)),
            ("verdict", .string(r.verdict.rawValue)),
            ("procedure", .string(r.procedure.id)),
            ("method", .string(r.procedure.title)),
            ("arithmetic", .string(r.arithmetic.rawValue)),
            ("precision_bits", r.precision.map(JSON.int) ?? .null),
            ("paths", .string(r.pathCount.description)),
        ]
        // Errors: exact where every path was placed, else bounds.
        var misclassified: JSON = .null, bounds: JSON = .null, pe: JSON = .null
        switch r.errorCount {
        case .exact(let k)?:
            misclassified = .string(k.description)
            bounds = .object([("at_least", .string(k.description)), ("at_most", .string(k.description))])
            pe = r.errorProbability.map(probability) ?? .null   // no paths (n < m): no Pe
        case .bracket(let k, let u)?:
            bounds = .object([("at_least", .string(k.description)), ("at_most", .string((k + u).description))])
        case .atLeast(let k)?:
            bounds = .object([("at_least", .string(k.description)), ("at_most", .null)])
        case nil: break
        }
        pairs += [("misclassified", misclassified), ("misclassified_bounds", bounds), ("pe", pe)]
        let classifierUsed = r.classifier
        pairs.append(("classifier", classifierUsed.map(classifier) ?? .null))
        pairs.append(("classifier_source", classifierUsed == nil ? .null : .string(r.certificate?.classifierFound == true ? "found" : "file")))
        if let margin = r.margin {
            pairs += [("margin", exact(margin.value)), ("margin_kind", .string(r.arithmetic == .exact ? "exact" : "lower_bound")),
                      ("margin_tie", margin.tie.map { .int($0.rawValue) } ?? .null)]
        }
        if let c = r.certificate { pairs.append(("certificate", certificate(c))) }
        pairs.append(("counterexample", r.counterexample.map(counterexample) ?? .null))
        if let refutation = r.refutation {
            if let d = refutation.distinctStates {
                pairs.append(("distinct_final_states", .object([("positive", .int(d.positive)), ("negative", .int(d.negative))])))
            }
            if let other = refutation.separatingClassifier {
                pairs.append(("separating_classifier", .object([("beta", vector(other.classifier.beta)), ("gamma", exact(other.classifier.gamma)),
                                                                ("margin", exact(other.margin))])))
            }
        }
        if !r.readouts.isEmpty { pairs.append(("readouts", .array(r.readouts.map(readout)))) }
        if case .open(let why) = r.outcome {
            pairs += [("reason_kind", .string(why.code)), ("reason", .string(r.reason ?? why.description))]
        }
        pairs.append(("work", work(r.work)))
        pairs.append(("attempts", .array(r.attempts.map(attempt))))
        return .object(pairs)
    }

    static func certificate(_ c: Certificate) -> JSON {
        var pairs: [(String, JSON)] = []
        switch c.evidence {
        case .everyPath: pairs.append(("kind", .string("every_path")))
        case .reachableSets: pairs.append(("kind", .string("reachable_sets")))
        case .extremeEnclosures(let positive, let negative):
            pairs += [("kind", .string("extreme_enclosures")), ("positive", interval(positive)), ("negative", interval(negative))]
        case .cover(let s):
            pairs += [("kind", .string("cover")), ("before_flag_boxes", .int(s.before)), ("positive_boxes", .int(s.positive)),
                      ("negative_boxes", .int(s.negative)), ("partition_leaves", .int(s.leaves)), ("rounds", .int(s.rounds))]
        case .everyLengthCertificate: pairs.append(("kind", .string("every_n_certificate")))
        case .sets(let description): pairs += [("kind", .string("sets")), ("description", .string(description))]
        case .zonotopes(let u):
            pairs += [("kind", .string("zonotopes")), ("before_flag_zonotopes", .int(u.before)), ("positive_zonotopes", .int(u.positive)),
                      ("negative_zonotopes", .int(u.negative)), ("generators", .int(u.generators))]
        }
        if let d = c.distinctStates {
            pairs.append(("distinct_final_states", .object([("positive", .int(d.positive)), ("negative", .int(d.negative))])))
        }
        return .object(pairs)
    }

    static func everyLength(_ e: EveryLengthResult) -> JSON {
        .object([
            ("verdict", .string(e.verdict.rawValue)),
            ("procedure", e.procedure.map { .string($0.id) } ?? .null),
            ("first_failure", e.firstFailure.map(JSON.int) ?? .null),
            ("first_failure_is_smallest", .bool(e.isBoundary)),
            ("decided_through", .int(e.decidedThrough)),
            ("undecided", .array(e.undecided.map(JSON.int))),
            ("certificate", e.certificate.map(everyLengthCertificate) ?? .null),
            ("summary", .string(e.summary)),
            ("attempts", .array(e.attempts.map(attempt))),
        ])
    }

    static func everyLengthCertificate(_ c: EveryLengthCertificate) -> JSON {
        var pairs: [(String, JSON)] = [("from", .int(c.from)), ("description", .string(c.description))]
        switch c.kind {
        case .repeatingSets(let period, let layers):
            pairs += [("kind", .string("repeating_sets")), ("period", .int(period)), ("invariant", .array(layers.map(layer)))]
        case .invariantIntervals(let before, let positive, let negative, let rule):
            pairs += [("kind", .string("invariant_intervals")), ("before_flag", interval(before)), ("positive", interval(positive)),
                      ("negative", interval(negative)), ("classifier", classifier(rule))]
        case .cover(let cover, let rechecked):
            func boxes(_ b: [[Interval]]) -> JSON { .array(b.map { .array($0.map(interval)) }) }
            pairs += [("kind", .string("cover")), ("rechecked", .bool(rechecked)), ("classifier", classifier(cover.classifier)),
                      ("before_flag", boxes(cover.before)), ("positive", boxes(cover.positive)), ("negative", boxes(cover.negative)),
                      ("state_bound", cover.bound.map { .array($0.map(interval)) } ?? .null)]
        case .repeatingCovers(let period):
            pairs += [("kind", .string("repeating_covers")), ("period", .int(period))]
        case .sets:
            pairs += [("kind", .string("sets"))]
        case .zonotopeInvariant(let c):
            // Facets and bounds are exact Doubles, written as shortest round-trip decimals.
            func parallelotope(_ p: Parallelotope) -> JSON {
                .object([("facets", .array(p.facets.map { .array($0.map(JSON.number)) })),
                         ("lower", .array(p.lower.map(JSON.number))), ("upper", .array(p.upper.map(JSON.number)))])
            }
            pairs += [("kind", .string("zonotope_invariant")), ("classifier", classifier(c.classifier)), ("margin", .number(c.margin)),
                      ("split_depth", .int(c.splitDepth)), ("zonotopes_per_phase", .int(c.budget.zonotopesPerPhase)),
                      ("generators_per_dimension", .int(c.budget.generatorsPerDimension)),
                      ("before_flag", parallelotope(c.before)), ("positive", parallelotope(c.positive)), ("negative", parallelotope(c.negative))]
        }
        return .object(pairs)
    }

    static func layer(_ l: ReachableLayer) -> JSON {
        .object([("step", .int(l.step)),
                 ("before_flag", .array(l.beforeFlag.map(vector))),
                 ("positive", .array(l.positive.map(vector))),
                 ("negative", .array(l.negative.map(vector)))])
    }

    static func readout(_ o: ReadoutResult) -> JSON {
        .object([
            ("readout", .int(o.index)),
            ("classifier", o.classifier.map(classifier) ?? .null),
            ("classifier_source", .string(o.classifier == nil ? "none" : o.classifierFound ? "found" : "file")),
            ("misclassified", o.misclassified.map { .string($0.description) } ?? .null),
            ("pe", o.errorProbability.map(probability) ?? .null),
            ("counterexample", o.counterexample.map { .object([("flags_at", .array($0.flagPositions.map(JSON.int))), ("bits", .array($0.informationBits.map { .int(Int($0)) }))]) } ?? .null),
        ])
    }

    /// A path with its final state and score: exact values, or enclosures [lower, upper].
    static func scored(_ p: ScoredPath) -> JSON {
        if let enclosure = p.finalEnclosure {
            return .object(path(p.path) + [("final_state", .array(enclosure.map(interval))),
                                           ("score", p.scoreEnclosure.map(interval) ?? .null)])
        }
        return .object(path(p.path) + [("final_state", vector(p.finalState)), ("score", p.score.map(exact) ?? .null)])
    }

    static func counterexample(_ c: Counterexample) -> JSON {
        switch c {
        case .misclassified(let paths):
            return .object([("kind", .string("misclassified")), ("paths", .array(paths.map(scored)))])
        case .interleaved(let positiveBelow, let negativeAbove, let positiveAbove, let negativeBelow):
            return .object([
                ("kind", .string("interleaved")),
                ("positive_below", scored(positiveBelow)), ("negative_above", scored(negativeAbove)),
                ("positive_above", scored(positiveAbove)), ("negative_below", scored(negativeBelow)),
            ])
        case .radon(let positive, let negative):
            func weighted(_ w: WeightedEnclosure) -> JSON {
                .object([("weight", exact(w.weight))] + path(w.path) + [("final_state", .array(w.finalEnclosure.map(interval)))])
            }
            return .object([("kind", .string("radon")), ("positive", .array(positive.map(weighted))), ("negative", .array(negative.map(weighted)))])
        case .inseparable(let positive, let negative, let point):
            func weighted(_ w: WeightedPath) -> JSON {
                .object([("weight", exact(w.weight))] + path(w.path) + [("final_state", vector(w.finalState))])
            }
            return .object([("kind", .string("inseparable")), ("positive", .array(positive.map(weighted))),
                            ("negative", .array(negative.map(weighted))), ("point", vector(point))])
        case .readouts(let readouts):
            return .object([("kind", .string("readouts")), ("readouts", .array(readouts.map(readout)))])
        }
    }
}
