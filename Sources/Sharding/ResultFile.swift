import Foundation

/// Result files through `Codable`: written as JSON with sorted keys, read with
/// an error that names the file, where in it, and what was expected.
public enum ResultFile {
    /// A result file that cannot be read as what was expected.
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The JSON text of a result, with sorted keys and a final newline.
    public static func serialized<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// - Parameter what: the kind of file expected, for the message ("an f1b search result").
    public static func decode<T: Decodable>(_: T.Type, from text: String, file: String, what: String) throws(FormatError) -> T {
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
        } catch {
            throw FormatError(description: "\(file): error: not \(what) (\(error))")
        }
    }

    /// The `"kind"` of a result file's JSON, or nil when it has none.
    public static func kind(of text: String) -> String? {
        struct Kind: Decodable { var kind: String }
        return try? JSONDecoder().decode(Kind.self, from: Data(text.utf8)).kind
    }
}
