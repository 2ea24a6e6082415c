/// "1 path", "2 paths": a count with its noun in the right number (the plural is the noun + "s" unless given).
public func counted<N: BinaryInteger>(_ count: N, _ singular: String, plural: String? = nil) -> String {
    counted(digits: String(count), singular, plural: plural)
}

/// The same for a count written in decimal digits (an exact count past Int, as `BigInteger.description`).
public func counted(digits: String, _ singular: String, plural: String? = nil) -> String {
    "\(digits) \(digits == "1" ? singular : plural ?? singular + "s")"
}
