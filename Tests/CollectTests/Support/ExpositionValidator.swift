// A strict reader of the text exposition format, used to check that whatever the collectors make
// of odd input is still a well-formed exposition: valid names, one block per family, no repeated
// series, and parseable values.

struct ExpositionValidator {
  struct Problem: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
  }

  /// The family names in order of appearance.
  private(set) var families: [String] = []

  /// Checks `text`, returning the problems found (empty when valid).
  mutating func validate(_ text: String) -> [Problem] {
    var problems: [Problem] = []
    var seenFamilies = Set<String>()
    var seenSeries = Set<String>()
    var current: String?
    var currentType: String?
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (offset, line) in lines.enumerated() {
      let number = offset + 1
      if line.isEmpty {
        if offset != lines.count - 1 { problems.append(Problem(line: number, message: "empty line")) }
        continue
      }
      if line.hasPrefix("# HELP ") {
        let rest = line.dropFirst(7)
        let name = String(rest.prefix(while: { $0 != " " }))
        guard Self.isMetricName(name) else {
          problems.append(Problem(line: number, message: "bad family name \(name)"))
          continue
        }
        if !seenFamilies.insert(name).inserted { problems.append(Problem(line: number, message: "family \(name) twice")) }
        families.append(name)
        current = name
        currentType = nil
        continue
      }
      if line.hasPrefix("# TYPE ") {
        let parts = line.dropFirst(7).split(separator: " ")
        guard parts.count == 2, String(parts[0]) == current,
          ["counter", "gauge", "untyped", "summary", "histogram"].contains(String(parts[1]))
        else {
          problems.append(Problem(line: number, message: "bad TYPE line \(line)"))
          continue
        }
        currentType = String(parts[1])
        continue
      }
      if line.hasPrefix("#") {
        problems.append(Problem(line: number, message: "unexpected comment"))
        continue
      }
      guard let current, currentType != nil else {
        problems.append(Problem(line: number, message: "sample outside a family"))
        continue
      }
      switch Self.parseSample(line) {
      case .failure(let failure):
        problems.append(Problem(line: number, message: "\(failure.message): \(line)"))
      case .success(let (name, labels)):
        if name != current { problems.append(Problem(line: number, message: "sample \(name) in family \(current)")) }
        if !seenSeries.insert(name + "{" + labels + "}").inserted {
          problems.append(Problem(line: number, message: "repeated series \(line)"))
        }
      }
    }
    return problems
  }

  static func isMetricName(_ name: some StringProtocol) -> Bool {
    guard let first = name.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
    return name.utf8.allSatisfy { byte in
      (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x5F || byte == 0x3A
    }
  }

  static func isLabelName(_ name: some StringProtocol) -> Bool {
    isMetricName(name) && !name.contains(":")
  }

  /// Splits a sample line into its name and a canonical label string, checking every part.
  private static func parseSample(_ line: Substring) -> Result<(String, String), Failure> {
    let bytes = Array(line.utf8)
    var index = 0
    while index < bytes.count, bytes[index] != UInt8(ascii: "{"), bytes[index] != UInt8(ascii: " ") { index += 1 }
    let name = String(decoding: bytes[0..<index], as: UTF8.self)
    guard isMetricName(name) else { return .failure(Failure("bad metric name")) }
    var labels: [String] = []
    var labelNames = Set<String>()
    if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
      index += 1
      while index < bytes.count, bytes[index] != UInt8(ascii: "}") {
        let nameStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "=") { index += 1 }
        let labelName = String(decoding: bytes[nameStart..<min(index, bytes.count)], as: UTF8.self)
        guard isLabelName(labelName), labelNames.insert(labelName).inserted else {
          return .failure(Failure("bad or repeated label name \(labelName)"))
        }
        index += 1
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return .failure(Failure("label value not quoted")) }
        index += 1
        var value: [UInt8] = []
        var closed = false
        while index < bytes.count {
          let byte = bytes[index]
          if byte == UInt8(ascii: "\\") {
            guard index + 1 < bytes.count else { return .failure(Failure("dangling escape")) }
            let next = bytes[index + 1]
            guard next == UInt8(ascii: "\\") || next == UInt8(ascii: "\"") || next == UInt8(ascii: "n") else {
              return .failure(Failure("bad escape"))
            }
            value.append(next)
            index += 2
            continue
          }
          if byte == UInt8(ascii: "\"") {
            closed = true
            index += 1
            break
          }
          value.append(byte)
          index += 1
        }
        guard closed else { return .failure(Failure("unterminated label value")) }
        guard String(validating: value, as: UTF8.self) != nil else { return .failure(Failure("label value not UTF-8")) }
        labels.append(labelName + "=" + String(decoding: value, as: UTF8.self))
        if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1 }
      }
      guard index < bytes.count else { return .failure(Failure("unterminated label set")) }
      index += 1
    }
    guard index < bytes.count, bytes[index] == UInt8(ascii: " ") else { return .failure(Failure("no value")) }
    let valueText = String(decoding: bytes[(index + 1)...], as: UTF8.self)
    guard valueText == "NaN" || valueText == "+Inf" || valueText == "-Inf" || Double(valueText) != nil else {
      return .failure(Failure("bad value \(valueText)"))
    }
    return .success((name, labels.sorted().joined(separator: ",")))
  }

  struct Failure: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }
}
