// Series descriptions of test scripts: `name{label="value", ...} <items>` where the label part is
// PromQL selector syntax with `=` only and the items expand to one value per step (`1+2x3`, `_x2`,
// `stale`, `Inf`...). Native histogram items (`{{...}}`) are recognised, not decoded.
import WardenCore

/// One expanded value item.
enum SeriesValue: Sendable, Equatable {
  case float(Double)
  case omitted
  case histogram

  static func == (lhs: SeriesValue, rhs: SeriesValue) -> Bool {
    switch (lhs, rhs) {
    case (.float(let a), .float(let b)): a.bitPattern == b.bitPattern
    case (.omitted, .omitted), (.histogram, .histogram): true
    default: false
    }
  }
}

struct SeriesDescription: Sendable, Equatable {
  var labels: Labels
  var values: [SeriesValue]
}

enum SeriesDescriptionReader {
  /// Reads `text` (one trimmed script line).
  static func read(_ text: String) throws(ScriptError) -> SeriesDescription {
    let bytes = Array(text.utf8)
    var labelReader = LabelSetReader(bytes: bytes)
    let labels = try labelReader.read()
    let rest = String(decoding: bytes[labelReader.position...], as: UTF8.self)
    return SeriesDescription(labels: labels, values: try values(rest))
  }

  /// The label set of a start-timestamp line (`name{...}@st <offsets>`), or nil for other lines.
  static func startTimestampLabels(_ text: String) throws(ScriptError) -> Labels? {
    let bytes = Array(text.utf8)
    var labelReader = LabelSetReader(bytes: bytes)
    let labels = try labelReader.read()
    return bytes[labelReader.position...].starts(with: "@st".utf8) ? labels : nil
  }

  /// Expands the whitespace-separated items of `text`.
  static func values(_ text: String) throws(ScriptError) -> [SeriesValue] {
    let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    var values: [SeriesValue] = []
    var index = 0
    while index < tokens.count {
      var token = tokens[index]
      index += 1
      if token.hasPrefix("{{") {
        // A histogram literal holds spaces; it runs until its braces balance.
        while braceDepth(token) > 0, index < tokens.count {
          token += " " + tokens[index]
          index += 1
        }
        values += try histogramItem(token)
        continue
      }
      values += try floatItem(token)
    }
    return values
  }

  private static func braceDepth(_ text: String) -> Int {
    var depth = 0
    for character in text {
      if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
    }
    return depth
  }

  /// `{{h}}`, `{{h}}xn` or `{{h}}+{{d}}xn`: only the number of histograms matters here.
  private static func histogramItem(_ token: String) throws(ScriptError) -> [SeriesValue] {
    let characters = Array(token)
    guard let close = (1..<characters.count).last(where: { characters[$0] == "}" && characters[$0 - 1] == "}" }) else {
      throw ScriptError(line: 0, message: "unterminated histogram literal \(token)")
    }
    let suffix = characters[(close + 1)...]
    if suffix.isEmpty { return [.histogram] }
    guard suffix.first == "x", let count = Int(String(suffix.dropFirst())), count >= 0 else {
      throw ScriptError(line: 0, message: "bad histogram repetition \(token)")
    }
    return Array(repeating: .histogram, count: count + 1)
  }

  private static func floatItem(_ token: String) throws(ScriptError) -> [SeriesValue] {
    if token == "_" { return [.omitted] }
    if token == "stale" { return [.float(.staleMarker)] }
    guard let x = token.lastIndex(of: "x") else {
      return [.float(try number(token))]
    }
    let head = String(token[..<x])
    guard let count = Int(token[token.index(after: x)...]), count >= 0 else {
      throw ScriptError(line: 0, message: "bad repetition count in \(token)")
    }
    if head == "_" { return Array(repeating: .omitted, count: count) }
    if head == "stale" { return Array(repeating: .float(.staleMarker), count: count + 1) }
    // The operator is the first sign that is neither leading nor part of an exponent.
    let characters = Array(head)
    var operatorIndex: Int?
    for i in 1..<max(characters.count, 1) where characters[i] == "+" || characters[i] == "-" {
      if characters[i - 1] == "e" || characters[i - 1] == "E" { continue }
      operatorIndex = i
      break
    }
    guard let split = operatorIndex else {
      return Array(repeating: .float(try number(head)), count: count + 1)
    }
    var value = try number(String(characters[..<split]))
    let increment = try number(String(characters[split...]))
    // A running sum, as Prometheus expands it, so the values match upstream's bit for bit.
    var expanded: [SeriesValue] = []
    for _ in 0...count {
      expanded.append(.float(value))
      value += increment
    }
    return expanded
  }

  /// A decimal float with optional sign and exponent, or Inf/NaN in any case. Hex is refused.
  static func number(_ text: String) throws(ScriptError) -> Double {
    var body = Substring(text)
    var negative = false
    if let sign = body.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      body = body.dropFirst()
    }
    let lower = body.lowercased()
    let magnitude: Double?
    if lower == "inf" {
      magnitude = .infinity
    } else if lower == "nan" {
      magnitude = .nan
    } else if !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || "eE.+-".contains($0)) }) {
      magnitude = Double(body)
    } else {
      magnitude = nil
    }
    guard let value = magnitude else { throw ScriptError(line: 0, message: "invalid value \"\(text)\"") }
    return negative ? -value : value
  }
}

/// Reads the leading `name{label="value",...}` of a series description.
struct LabelSetReader {
  let bytes: [UInt8]
  private(set) var position = 0

  init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  mutating func read() throws(ScriptError) -> Labels {
    var pairs: [Label] = []
    if let first = peek(), isNameStart(first) || first == UInt8(ascii: ":") {
      pairs.append(Label(Labels.metricName, name(allowColon: true)))
    }
    if peek() == UInt8(ascii: "{") {
      position += 1
      pairs += try labelList()
    } else if pairs.isEmpty {
      throw fail("expected a metric name or '{'")
    }
    return Labels(pairs)
  }

  private mutating func labelList() throws(ScriptError) -> [Label] {
    var pairs: [Label] = []
    while true {
      skipSpace()
      guard let next = peek() else { throw fail("unterminated label set") }
      if next == UInt8(ascii: "}") {
        position += 1
        return pairs
      }
      guard isNameStart(next) else { throw fail("expected a label name") }
      let label = name(allowColon: false)
      skipSpace()
      guard peek() == UInt8(ascii: "=") else { throw fail("expected '=' after \(label)") }
      position += 1
      skipSpace()
      pairs.append(Label(label, try quoted()))
      skipSpace()
      if peek() == UInt8(ascii: ",") { position += 1 }
    }
  }

  private mutating func name(allowColon: Bool) -> String {
    let start = position
    while let byte = peek(), isNameStart(byte) || isDigit(byte) || (allowColon && byte == UInt8(ascii: ":")) {
      position += 1
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  /// A Go string literal in double or single quotes (with escapes) or backticks (raw).
  private mutating func quoted() throws(ScriptError) -> String {
    guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") || quote == UInt8(ascii: "`") else {
      throw fail("expected a quoted label value")
    }
    let end = try Self.closingQuote(bytes, from: position)
    let literal = String(decoding: bytes[position...end], as: UTF8.self)
    position = end + 1
    guard let value = GoString.unquote(literal) else { throw fail("invalid string literal \(literal)") }
    return value
  }

  static func closingQuote(_ bytes: [UInt8], from start: Int) throws(ScriptError) -> Int {
    let quote = bytes[start]
    var index = start + 1
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "\\"), quote != UInt8(ascii: "`") {
        index += 2
        continue
      }
      if bytes[index] == quote { return index }
      index += 1
    }
    throw ScriptError(line: 0, message: "unterminated string")
  }

  private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipSpace() {
    while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
  }

  private func isNameStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || byte == UInt8(ascii: "_")
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  private func fail(_ message: String) -> ScriptError {
    ScriptError(line: 0, message: "\(message) at column \(position + 1)")
  }
}
