import Foundation
/// A JSON value with ordered object keys, so output is stable and reads in the
/// order ARCHITECTURE.md documents.
indirect enum JSON {
    case null
    case bool(Bool)
    case int(Int)
    /// A floating-point estimate (shortest round-trip decimal); non-finite values become null.
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    var serialized: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let x): return x.isFinite ? x.description : "null"
        case .string(let s): return JSON.quote(s)
        case .array(let items): return "[" + items.map(\.serialized).joined(separator: ", ") + "]"
        case .object(let pairs):
            return "{" + pairs.map { JSON.quote($0.0) + ": " + $0.1.serialized }.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Result files (search, training sweeps) through `Codable`: written with
/// sorted keys, read with an error that says where and what was expected.
enum ResultJSON {
    struct FormatError: Error, CustomStringConvertible { var description: String }

    static func serialized<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// - Parameter what: the kind of file expected, for the message ("an f1b search result").
    static func decode<T: Decodable>(_: T.Type, from text: String, file: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            func at(_ path: [any CodingKey]) -> String {
                path.isEmpty ? "at the top level" : "at " + path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            }
            let detail: String
            switch error {
            case .keyNotFound(let key, let context): detail = "\"\(key.stringValue)\" missing \(at(context.codingPath))"
            case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
                detail = "expected \(type == String.self ? "a string" : type == Int.self ? "an integer" : "\(type)") \(at(context.codingPath))"
            case .dataCorrupted(let context):
                detail = context.codingPath.isEmpty ? "not JSON" : "\(context.debugDescription) \(at(context.codingPath))"
            @unknown default: detail = "unreadable"
            }
            throw FormatError(description: "\(file): error: not \(what) (\(detail))")
        }
    }
}
