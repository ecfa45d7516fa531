// `| regexp "(?P<method>\\w+) (?P<path>\\S+)"`: the first match anywhere in the line; each named
// group that took part becomes a label. A line that does not match is kept unchanged, as in Loki.
import PromQL

struct RegexpStage: Sendable {
  /// Index in the pipeline's regex table.
  let regex: Int

  init(_ pattern: String, position: PositionRange, regexes: inout [SharedRegex]) throws(LogQLError) {
    let names = Self.groupNames(pattern)
    guard !names.isEmpty else {
      throw LogQLError(.invalid, "at least one named capture must be supported", position: position)
    }
    for name in names where !isValidLabelName(name) {
      throw LogQLError(.invalid, "invalid extracted label name '\(name)'", position: position)
    }
    let compiled: SharedRegex
    do {
      compiled = try SharedRegex(pattern)
    } catch {
      throw .invalidRegex(pattern, error, at: position)
    }
    regexes.append(compiled)
    regex = regexes.count - 1
  }

  func process(_ line: UnsafeRawBufferPointer, labels: inout LabelWorkingSet, scratch: inout ParserScratch, regexes: RegexTable) {
    scratch.extracted.reset()
    let text = String(decoding: line, as: UTF8.self)
    guard let match = try? regexes.regex(regex).firstMatch(in: text) else { return }
    for group in match.output {
      guard let name = group.name, let value = group.substring else { continue }
      scratch.extracted.add(name, String(value))
    }
    scratch.extracted.apply(to: &labels)
  }

  /// Names of `(?P<name>...)` and `(?<name>...)` groups (not lookbehinds), skipping escapes and
  /// character classes.
  static func groupNames(_ pattern: String) -> [String] {
    let scalars = Array(pattern.unicodeScalars)
    var names: [String] = []
    var index = 0
    var inClass = false
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\\" {
        index += 2
        continue
      }
      if inClass {
        if scalar == "]" { inClass = false }
      } else if scalar == "[" {
        inClass = true
      } else if scalar == "(", index + 2 < scalars.count, scalars[index + 1] == "?" {
        var start = index + 2
        if scalars[start] == "P" { start += 1 }
        if start < scalars.count, scalars[start] == "<" || scalars[start] == "'",
          start + 1 < scalars.count, scalars[start + 1] != "=", scalars[start + 1] != "!"
        {
          let close: Unicode.Scalar = scalars[start] == "<" ? ">" : "'"
          var end = start + 1
          while end < scalars.count, scalars[end] != close { end += 1 }
          names.append(String(String.UnicodeScalarView(scalars[(start + 1)..<min(end, scalars.count)])))
          index = end
        }
      }
      index += 1
    }
    return names
  }
}

func isValidLabelName(_ name: String) -> Bool {
  var first = true
  for byte in name.utf8 {
    let letter = (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    if !(letter || (!first && digit)) { return false }
    first = false
  }
  return !first
}
