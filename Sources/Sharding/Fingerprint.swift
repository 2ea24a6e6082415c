import Foundation

/// A short, stable fingerprint (FNV-1a, 64 bits, hexadecimal) of a sweep's
/// inputs: shards whose inputs differ have different fingerprints, so they do
/// not merge.
public enum Fingerprint {
    /// The fingerprint of a text (a construction file, say).
    public static func of(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(h, radix: 16)
    }

    /// The fingerprint of values, through their JSON with sorted keys.
    public static func of<Inputs: Encodable>(inputs: Inputs) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail; a failure would be a programming error.
        let data = try! encoder.encode(inputs)
        return of(String(decoding: data, as: UTF8.self))
    }
}
