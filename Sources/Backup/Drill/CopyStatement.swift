// Reads the table name out of the COPY line pg_dump writes before a table's data:
// `COPY schema.table (col, "Col 2") FROM stdin;` (a table without columns has no list). The name
// is accepted only when it is a well-formed, possibly schema-qualified SQL identifier, so it can
// be put back into a `SELECT count(*) FROM <name>` as it stands, without any chance of it being
// more than a name.
enum CopyStatement {
  /// The table as written ("public.orders", "public.\"Order Items\""), or nil when `line` is not
  /// a well-formed `COPY <table> [(<columns>)] FROM stdin;`.
  static func table(in line: [UInt8]) -> String? {
    var scanner = Scanner(bytes: line)
    guard scanner.take("COPY "), let table = scanner.qualifiedName() else { return nil }
    scanner.skipSpaces()
    if scanner.take("(") {
      scanner.skipSpaces()
      while true {
        guard scanner.identifier() != nil else { return nil }
        scanner.skipSpaces()
        if scanner.take(")") { break }
        guard scanner.take(",") else { return nil }
        scanner.skipSpaces()
      }
      scanner.skipSpaces()
    }
    guard scanner.take("FROM stdin;"), scanner.atEnd else { return nil }
    return String(decoding: table, as: UTF8.self)
  }

  private struct Scanner {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func take(_ text: StaticString) -> Bool {
      let count = text.utf8CodeUnitCount
      guard bytes.count - position >= count else { return false }
      let matches = text.withUTF8Buffer { expected in
        (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
      }
      if matches { position += count }
      return matches
    }

    mutating func skipSpaces() {
      while position < bytes.count, bytes[position] == 0x20 { position += 1 }
    }

    /// Up to three dot-separated identifiers (table, schema.table, database.schema.table).
    mutating func qualifiedName() -> ArraySlice<UInt8>? {
      let start = position
      for part in 0..<3 {
        guard identifier() != nil else { return nil }
        guard part < 2, position < bytes.count, bytes[position] == 0x2E else { break }
        position += 1
      }
      return bytes[start..<position]
    }

    /// An unquoted identifier (a letter, `_` or a non-ASCII byte, then also digits and `$`) or a
    /// double-quoted one (`""` inside stands for `"`); quoted ones must not be empty or hold NUL.
    mutating func identifier() -> ArraySlice<UInt8>? {
      let start = position
      guard position < bytes.count else { return nil }
      if bytes[position] == 0x22 {
        position += 1
        while position < bytes.count {
          let byte = bytes[position]
          if byte == 0 { return nil }
          position += 1
          if byte == 0x22 {
            guard position < bytes.count, bytes[position] == 0x22 else {
              return position - start > 2 ? bytes[start..<position] : nil
            }
            position += 1
          }
        }
        return nil  // no closing quote
      }
      guard Self.isIdentifierStart(bytes[position]) else { return nil }
      position += 1
      while position < bytes.count, Self.isIdentifierStart(bytes[position]) || Self.isDigit(bytes[position]) || bytes[position] == 0x24 {
        position += 1
      }
      return bytes[start..<position]
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
      (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
  }
}
