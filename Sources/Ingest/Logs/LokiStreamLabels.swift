// The stream selector string a Loki protobuf push carries for each stream, `{job="api", env="prod"}`,
// parsed by a small strict reader: label names as Prometheus allows them, values double-quoted
// (or back-quoted, raw) with Go's escapes, optional trailing comma, nothing else. The same checks
// (label count and lengths, duplicates, at least one label) apply to JSON pushes' stream objects.
package import WardenCore

/// Why a stream's labels were rejected (the decoder adds the path).
package struct LokiLabelsError: Error, Sendable {
  package var message: String
}

/// Parsing and checking of push stream labels. Stateless and thread-safe.
package enum LokiStreamLabels {
  /// The label set of a `{name="value", ...}` string.
  package static func parse(_ text: UnsafeRawBufferPointer, limits: LogIngestLimits) throws(LokiLabelsError) -> Labels {
    var reader = Reader(text: text)
    var pairs: [Label] = []
    reader.skipSpaces()
    guard reader.take(UInt8(ascii: "{")) else { throw reader.error("expected '{' at the start") }
    reader.skipSpaces()
    while !reader.take(UInt8(ascii: "}")) {
      let name = try reader.name()
      reader.skipSpaces()
      if reader.peek() == UInt8(ascii: "!") || (reader.peek() == UInt8(ascii: "=") && reader.peek(1) == UInt8(ascii: "~")) {
        throw reader.error("only '=' is allowed between a label name and its value")
      }
      guard reader.take(UInt8(ascii: "=")) else { throw reader.error("expected '=' after label name \"\(name)\"") }
      reader.skipSpaces()
      let value = try reader.quoted()
      pairs.append(Label(name, value))
      guard pairs.count <= limits.maxLabelsPerStream else {
        throw LokiLabelsError(message: "more than \(limits.maxLabelsPerStream) labels")
      }
      reader.skipSpaces()
      if reader.take(UInt8(ascii: ",")) {
        reader.skipSpaces()
      } else if reader.peek() != UInt8(ascii: "}") {
        throw reader.error("expected ',' or '}'")
      }
    }
    reader.skipSpaces()
    guard reader.isAtEnd else { throw reader.error("unexpected text after '}'") }
    return try check(pairs, limits: limits)
  }

  /// `parse` over a String (tests).
  package static func parse(_ text: String, limits: LogIngestLimits = LogIngestLimits()) throws(LokiLabelsError) -> Labels {
    var copy = text
    let result: Result<Labels, LokiLabelsError> = copy.withUTF8 { buffer in
      do throws(LokiLabelsError) {
        return .success(try parse(UnsafeRawBufferPointer(buffer), limits: limits))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Checks names, lengths, count and duplicates; returns the sorted label set.
  package static func check(_ pairs: [Label], limits: LogIngestLimits) throws(LokiLabelsError) -> Labels {
    guard pairs.count <= limits.maxLabelsPerStream else {
      throw LokiLabelsError(message: "more than \(limits.maxLabelsPerStream) labels")
    }
    for pair in pairs {
      guard isValidName(pair.name.utf8) else { throw LokiLabelsError(message: "invalid label name \"\(pair.name)\"") }
      guard pair.name.utf8.count <= limits.maxLabelNameBytes else {
        throw LokiLabelsError(message: "label name \"\(pair.name.prefix(64))...\" is longer than \(limits.maxLabelNameBytes) bytes")
      }
      guard pair.value.utf8.count <= limits.maxLabelValueBytes else {
        throw LokiLabelsError(message: "value of label \"\(pair.name)\" is longer than \(limits.maxLabelValueBytes) bytes")
      }
    }
    var sorted = pairs
    sorted.sort { $0.name < $1.name }
    for index in sorted.indices.dropFirst() where sorted[index - 1].name == sorted[index].name {
      throw LokiLabelsError(message: "duplicate label name \"\(sorted[index].name)\"")
    }
    let labels = Labels(sortedPairs: sorted.filter { !$0.value.isEmpty })
    guard !labels.isEmpty else { throw LokiLabelsError(message: "a stream needs at least one label with a value") }
    return labels
  }

  /// `[a-zA-Z_][a-zA-Z0-9_]*`.
  package static func isValidName(_ name: some Collection<UInt8>) -> Bool {
    guard let first = name.first, isNameStart(first) else { return false }
    return name.dropFirst().allSatisfy { isNameStart($0) || ($0 &- UInt8(ascii: "0")) < 10 }
  }

  private static func isNameStart(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
  }

  private struct Reader {
    let text: UnsafeRawBufferPointer
    var index = 0

    var isAtEnd: Bool { index >= text.count }

    func peek(_ ahead: Int = 0) -> UInt8? { index + ahead < text.count ? text[index + ahead] : nil }

    mutating func take(_ byte: UInt8) -> Bool {
      guard peek() == byte else { return false }
      index += 1
      return true
    }

    mutating func skipSpaces() {
      while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    func error(_ message: String) -> LokiLabelsError {
      LokiLabelsError(message: "cannot parse labels: \(message) at offset \(index)")
    }

    mutating func name() throws(LokiLabelsError) -> String {
      let start = index
      while let byte = peek(), LokiStreamLabels.isNameStart(byte) || (index > start && (byte &- UInt8(ascii: "0")) < 10) {
        index += 1
      }
      guard index > start else { throw error("expected a label name") }
      return String(decoding: UnsafeRawBufferPointer(rebasing: text[start..<index]), as: UTF8.self)
    }

    /// A `"..."` value with Go escapes, or a raw `` `...` `` value.
    mutating func quoted() throws(LokiLabelsError) -> String {
      guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "`") else {
        throw error("expected a quoted label value")
      }
      index += 1
      var bytes: [UInt8] = []
      while true {
        guard let byte = peek() else { throw error("unterminated label value") }
        index += 1
        if byte == quote { break }
        if byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
          try escape(into: &bytes)
        } else if byte == 0x0A && quote == UInt8(ascii: "\"") {
          throw error("newline in a label value")
        } else {
          bytes.append(byte)
        }
      }
      guard let value = String(validating: bytes, as: UTF8.self) else { throw error("label value is not valid UTF-8") }
      return value
    }

    private mutating func escape(into bytes: inout [UInt8]) throws(LokiLabelsError) {
      guard let byte = peek() else { throw error("unterminated escape") }
      index += 1
      switch byte {
      case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): bytes.append(byte)
      case UInt8(ascii: "n"): bytes.append(0x0A)
      case UInt8(ascii: "r"): bytes.append(0x0D)
      case UInt8(ascii: "t"): bytes.append(0x09)
      case UInt8(ascii: "a"): bytes.append(0x07)
      case UInt8(ascii: "b"): bytes.append(0x08)
      case UInt8(ascii: "f"): bytes.append(0x0C)
      case UInt8(ascii: "v"): bytes.append(0x0B)
      case UInt8(ascii: "x"): bytes.append(UInt8(try hex(2)))
      case UInt8(ascii: "u"), UInt8(ascii: "U"):
        let value = try hex(byte == UInt8(ascii: "u") ? 4 : 8)
        guard let scalar = Unicode.Scalar(value) else { throw error("escape \\\(Character(Unicode.Scalar(byte))) is not a Unicode scalar") }
        bytes.append(contentsOf: String(Character(scalar)).utf8)
      default:
        throw error("unknown escape \\\(Character(Unicode.Scalar(byte)))")
      }
    }

    private mutating func hex(_ count: Int) throws(LokiLabelsError) -> UInt32 {
      var value: UInt32 = 0
      for _ in 0..<count {
        guard let byte = peek(), let digit = JSONReader.hexValue(byte) else { throw error("expected \(count) hex digits in an escape") }
        index += 1
        value = value << 4 | UInt32(digit)
      }
      return value
    }
  }
}
