// Parse-time checks of the patterns a query carries, so a bad one is reported with its position
// instead of failing when the pipeline is built: regexes must compile (with RE2's restrictions),
// `| regexp` needs a named group, `| pattern` needs a named capture. Hostile patterns (deeply
// nested groups) are refused before they reach the regex compiler.
import PromQL

enum PatternChecks {
  /// Group and class nesting beyond this is refused: no real pattern needs it and the compiler
  /// recurses.
  static let maxRegexNesting = 100

  /// Nil when `pattern` compiles as an RE2 regex, else the problem in Go's wording.
  static func regexProblem(_ pattern: String) -> String? {
    var depth = 0
    var escaped = false
    for byte in pattern.utf8 {
      if escaped {
        escaped = false
        continue
      }
      switch byte {
      case UInt8(ascii: "\\"): escaped = true
      // Character classes can nest in Swift's syntax, so they count as groups here.
      case UInt8(ascii: "("), UInt8(ascii: "["):
        depth += 1
        if depth > maxRegexNesting { return "expression nests too deeply" }
      case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = max(0, depth - 1)
      default: break
      }
    }
    do {
      _ = try LabelRegex(pattern)
      return nil
    } catch {
      return "\(error)"
    }
  }

  /// The names of the named groups `(?P<name>...)` / `(?<name>...)` of a regex.
  static func namedGroups(in pattern: String) -> [String] {
    let bytes = Array(pattern.utf8)
    var names: [String] = []
    var index = 0
    var inClass = false
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if inClass {
        if byte == UInt8(ascii: "]") { inClass = false }
        index += 1
        continue
      }
      if byte == UInt8(ascii: "[") {
        inClass = true
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "^") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1 }
        continue
      }
      if byte == UInt8(ascii: "("), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "?") {
        var nameStart = index + 2
        if bytes[nameStart] == UInt8(ascii: "P") { nameStart += 1 }
        if nameStart < bytes.count, bytes[nameStart] == UInt8(ascii: "<") {
          var nameEnd = nameStart + 1
          while nameEnd < bytes.count, bytes[nameEnd] != UInt8(ascii: ">") { nameEnd += 1 }
          if nameEnd < bytes.count, nameEnd > nameStart + 1 {
            names.append(String(decoding: bytes[nameStart + 1..<nameEnd], as: UTF8.self))
          }
        }
      }
      index += 1
    }
    return names
  }

  /// Nil when `pattern` is a valid Loki pattern expression (`<ip> - - <_> "<method> <path>"`):
  /// at least one named capture, and no two captures next to each other.
  static func patternProblem(_ pattern: String) -> String? {
    let bytes = Array(pattern.utf8)
    var named = 0
    var index = 0
    var previousWasCapture = false
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "<"), let end = captureEnd(bytes, from: index) {
        if previousWasCapture {
          let name = String(decoding: bytes[index + 1..<end], as: UTF8.self)
          return "found consecutive capture <\(name)>: captures must be separated by literal text"
        }
        if end - index - 1 != 1 || bytes[index + 1] != UInt8(ascii: "_") { named += 1 }
        previousWasCapture = true
        index = end + 1
        continue
      }
      previousWasCapture = false
      index += 1
    }
    return named == 0 ? "at least one named capture (such as <name>) must be supplied" : nil
  }

  /// The index of the `>` closing a capture `<name>` that starts at `start`, or nil when the text
  /// there is literal (`<` not followed by a name and `>`).
  private static func captureEnd(_ bytes: [UInt8], from start: Int) -> Int? {
    var index = start + 1
    while index < bytes.count {
      let byte = bytes[index]
      let letter = byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
      let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
      if byte == UInt8(ascii: ">") { return index > start + 1 ? index : nil }
      if !(letter || (digit && index > start + 1)) { return nil }
      index += 1
    }
    return nil
  }
}
