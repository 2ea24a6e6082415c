/// "1 path", "2 paths": a count with its noun in the right number (the plural is the noun + "s" unless given).
public func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
