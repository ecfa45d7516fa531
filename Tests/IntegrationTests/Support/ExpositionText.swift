// A small reader of the text exposition format for comparing two servers' output in tests.
// (The product's own parser arrives with the ingestion issue; this one only needs well-formed
// input from node_exporter and Warden.)
import Foundation

struct ExpositionSample: Hashable {
  var name: String
  var labels: [String: String]
  var value: Double
}

struct ExpositionText {
  /// Family name → its TYPE.
  var types: [String: String] = [:]
  var samples: [ExpositionSample] = []

  init(_ text: String) {
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      if line.hasPrefix("# TYPE ") {
        let parts = line.split(separator: " ")
        if parts.count >= 4 { types[String(parts[2])] = String(parts[3]) }
        continue
      }
      if line.hasPrefix("#") { continue }
      if let sample = Self.parseSample(Substring(line)) { samples.append(sample) }
    }
  }

  /// Samples grouped by metric name.
  var byName: [String: [ExpositionSample]] { Dictionary(grouping: samples, by: \.name) }

  private static func parseSample(_ line: Substring) -> ExpositionSample? {
    var labels: [String: String] = [:]
    let name: Substring
    var rest: Substring
    if let brace = line.firstIndex(of: "{") {
      name = line[..<brace]
      var index = line.index(after: brace)
      while index < line.endIndex, line[index] != "}" {
        guard let equals = line[index...].firstIndex(of: "=") else { return nil }
        let labelName = line[index..<equals].trimmingCharacters(in: CharacterSet(charactersIn: ", "))
        var valueIndex = line.index(equals, offsetBy: 2)  // skip ="
        var value = ""
        while valueIndex < line.endIndex, line[valueIndex] != "\"" {
          if line[valueIndex] == "\\" {
            valueIndex = line.index(after: valueIndex)
            switch line[valueIndex] {
            case "n": value.append("\n")
            default: value.append(line[valueIndex])
            }
          } else {
            value.append(line[valueIndex])
          }
          valueIndex = line.index(after: valueIndex)
        }
        labels[labelName] = value
        index = line.index(after: valueIndex)
        if index < line.endIndex, line[index] == "," { index = line.index(after: index) }
      }
      rest = line[line.index(after: index)...]
    } else {
      guard let space = line.firstIndex(of: " ") else { return nil }
      name = line[..<space]
      rest = line[space...]
    }
    let valueText = rest.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
    let value: Double?
    switch valueText {
    case "+Inf": value = .infinity
    case "-Inf": value = -.infinity
    case "NaN": value = .nan
    default: value = Double(valueText)
    }
    guard let value else { return nil }
    return ExpositionSample(name: String(name), labels: labels, value: value)
  }
}
