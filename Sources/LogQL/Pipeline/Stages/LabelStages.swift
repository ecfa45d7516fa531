// The stages that only reshape labels: `label_format` (renames and templates), `drop` and `keep`
// (by name, or only where a matcher holds).
import PromQL
import WardenCore

/// One `label_format` item, compiled.
enum LabelFormatOperation: Sendable {
  case rename(destination: String, source: String)
  case template(destination: String, LogTemplate)

  var destination: String {
    switch self {
    case .rename(let destination, _), .template(let destination, _): destination
    }
  }

  static func compile(_ items: [LabelFormatItem], position: PositionRange) throws(LogQLError) -> [LabelFormatOperation] {
    var seen: Set<String> = []
    var operations: [LabelFormatOperation] = []
    for item in items {
      let operation: LabelFormatOperation
      switch item {
      case .rename(let destination, let source): operation = .rename(destination: destination, source: source)
      case .template(let destination, let template): operation = .template(destination: destination, try LogTemplate(template, position: position))
      }
      // Loki: a label may appear only once per label_format.
      guard seen.insert(operation.destination).inserted else {
        throw LogQLError(.invalid, "multiple label name '\(operation.destination)' in a single label_format", position: position)
      }
      operations.append(operation)
    }
    return operations
  }
}

/// The labels named by `drop`/`keep`.
struct LabelSelectionSet: Sendable {
  let names: Set<String>
  let matchers: [LabelMatcher]

  init(_ selections: [LabelSelection]) {
    var names: Set<String> = []
    var matchers: [LabelMatcher] = []
    for selection in selections {
      switch selection {
      case .name(let name): names.insert(name)
      case .matcher(let matcher): matchers.append(matcher)
      }
    }
    self.names = names
    self.matchers = matchers
  }

  func selects(_ name: String, _ value: String) -> Bool {
    if names.contains(name) { return true }
    for matcher in matchers where matcher.name == name && matcher.matches(value) { return true }
    return false
  }

  /// `| drop`: removes the selected labels.
  func drop(from labels: inout LabelWorkingSet) {
    var doomed: [String] = []
    labels.forEach { name, value in if selects(name, value) { doomed.append(name) } }
    for name in doomed { labels.remove(name) }
  }

  /// `| keep`: removes every label not selected, except the error labels (Loki keeps those so a
  /// failed parse stays visible; `drop` removes them).
  func keep(in labels: inout LabelWorkingSet) {
    var doomed: [String] = []
    labels.forEach { name, value in
      if name != LabelWorkingSet.errorName, name != LabelWorkingSet.errorDetailsName, !selects(name, value) { doomed.append(name) }
    }
    for name in doomed { labels.remove(name) }
  }
}

/// `| decolorize`: removes ANSI escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`,
/// and two-byte `ESC x`) from the line.
enum Decolorizer {
  /// Writes the line without escapes to `out`; returns false (and leaves `out` alone) when the
  /// line has no ESC byte at all.
  static func strip(_ line: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
    guard line.contains(0x1B) else { return false }
    out.removeAll(keepingCapacity: true)
    var index = 0
    let count = line.count
    while index < count {
      let byte = line[index]
      guard byte == 0x1B, index + 1 < count else {
        if byte != 0x1B { out.append(byte) }
        index += 1
        continue
      }
      let kind = line[index + 1]
      index += 2
      switch kind {
      case UInt8(ascii: "["):
        // Parameters 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E.
        while index < count, (0x20...0x3F).contains(line[index]) { index += 1 }
        if index < count, (0x40...0x7E).contains(line[index]) { index += 1 }
      case UInt8(ascii: "]"):
        while index < count {
          if line[index] == 0x07 {
            index += 1
            break
          }
          if line[index] == 0x1B, index + 1 < count, line[index + 1] == UInt8(ascii: "\\") {
            index += 2
            break
          }
          index += 1
        }
      default:
        break  // ESC plus one byte
      }
    }
    return true
  }
}
