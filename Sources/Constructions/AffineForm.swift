import Exact

/// A polynomial in a statement's free parameters with exact coefficients:
/// terms joined by + and −, each a product of numbers and names
/// (`-b2`, `1/2*a + 1`, `b1 + b1*w21`). Constraints may be polynomial; the
/// entries of a cell are affine (`AffineForm`).
public struct Polynomial: Sendable, Equatable, Hashable {
    /// Coefficient of each monomial (its names sorted, with repeats; [] is the constant).
    public var terms: [[String]: Rational]

    public init(terms: [[String]: Rational] = [:]) { self.terms = terms.filter { !$0.value.isZero } }

    public var degree: Int { terms.keys.map(\.count).max() ?? 0 }
    public var names: Set<String> { Set(terms.keys.flatMap { $0 }) }

    public func value(at point: [String: Rational]) -> Rational {
        var total = Rational()
        for (monomial, a) in terms {
            var product = a
            for name in monomial { product = product * (point[name] ?? Rational()) }
            total = total + product
        }
        return total
    }

    public static func - (a: Polynomial, b: Polynomial) -> Polynomial {
        var t = a.terms
        for (m, c) in b.terms { t[m] = (t[m] ?? Rational()) - c }
        return Polynomial(terms: t)
    }

    public struct ParseError: Error, Equatable {
        public var message: String
    }

    /// Parses `text`; every name must be one of `names`.
    public static func parse(_ text: String, names: Set<String>) -> Result<Polynomial, ParseError> {
        let compact = text.filter { !$0.isWhitespace }
        guard !compact.isEmpty else { return .failure(ParseError(message: "expected a number or an expression in the free parameters")) }
        // Split at + and − that are not a number's exponent sign (2.5e-3).
        var pieces: [(negative: Bool, text: String)] = []
        var current = "", negative = false
        for (i, ch) in compact.enumerated() {
            let exponent = (current.last == "e" || current.last == "E") && Rational(String(current.dropLast())) != nil
            if (ch == "+" || ch == "-") && !exponent {
                if current.isEmpty && i > 0 { return .failure(ParseError(message: "'\(text)': two signs in a row")) }
                if !current.isEmpty { pieces.append((negative, current)) }
                current = ""
                negative = ch == "-"
            } else {
                current.append(ch)
            }
        }
        guard !current.isEmpty else { return .failure(ParseError(message: "'\(text)' ends with a sign")) }
        pieces.append((negative, current))
        var terms: [[String]: Rational] = [:]
        for (negative, piece) in pieces {
            var coefficient = Rational(negative ? -1 : 1), monomial: [String] = []
            for factor in piece.split(separator: "*", omittingEmptySubsequences: false).map(String.init) {
                if let r = Rational(factor) {
                    coefficient = coefficient * r
                } else if names.contains(factor) {
                    monomial.append(factor)
                } else if factor.isEmpty {
                    return .failure(ParseError(message: "'\(piece)': a '*' without a factor"))
                } else {
                    return .failure(ParseError(message: names.isEmpty
                        ? "'\(factor)' is neither a number nor a free parameter (this file declares none under 'free')"
                        : "'\(factor)' is neither a number nor a free parameter (declared under 'free': \(names.sorted().joined(separator: ", ")))"))
                }
            }
            monomial.sort()
            terms[monomial] = (terms[monomial] ?? Rational()) + coefficient
        }
        return .success(Polynomial(terms: terms))
    }
}

extension Polynomial: CustomStringConvertible {
    public var description: String {
        let ordered = terms.keys.sorted { ($0.count, $0.joined(separator: "*")) < ($1.count, $1.joined(separator: "*")) }
        guard !ordered.isEmpty else { return "0" }
        var out = ""
        for (i, m) in ordered.reversed().enumerated() {
            let a = terms[m]!
            let magnitude = a.signum < 0 ? -a : a
            let body = m.isEmpty ? magnitude.description
                : (magnitude == Rational(1) ? "" : "\(magnitude)*") + m.joined(separator: "*")
            out += i == 0 ? (a.signum < 0 ? "-" : "") + body : (a.signum < 0 ? " - " : " + ") + body
        }
        return out
    }
}

/// An entry of a statement file's cell: c + Σ aᵢ·pᵢ, affine in the free parameters.
public typealias AffineForm = Polynomial
