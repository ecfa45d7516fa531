// `| json` (every field, nested names joined with `_`, arrays skipped) and `| json a="x.y[0]"`
// (only the named paths; objects and arrays come out as their JSON text), and `| unpack`
// (string fields become labels, `_entry` becomes the line). A line that is not JSON keeps its
// labels and gets `__error__="JSONParserErr"` with the reason in `__error_details__`.
import PromQL

struct JSONStage: Sendable {
  static let errorKind = "JSONParserErr"

  /// Empty: extract everything.
  let extractions: [(label: String, path: [JSONPathElement])]

  init(_ extractions: [FieldExtraction], position: PositionRange) throws(LogQLError) {
    var compiled: [(String, [JSONPathElement])] = []
    for extraction in extractions {
      switch JSONPath.parse(extraction.path) {
      case .success(let path): compiled.append((extraction.label, path))
      case .failure(let error): throw LogQLError(.invalid, error.message, position: position)
      }
    }
    self.extractions = compiled
  }

  func process(_ line: UnsafeRawBufferPointer, labels: inout LabelWorkingSet, scratch: inout ParserScratch) {
    scratch.extracted.reset()
    var scanner = JSONScanner(line)
    let outcome: Result<Void, JSONScanError>
    if extractions.isEmpty {
      scratch.name.removeAll(keepingCapacity: true)
      outcome = Result { () throws(JSONScanError) in
        guard try scanner.peekKind() == .object else { throw scanner.error("not a JSON object") }
        try flatten(&scanner, depth: 1, scratch: &scratch)
        try scanner.expectEnd()
      }
    } else {
      outcome = Result { () throws(JSONScanError) in
        try scanner.skipValue(depth: 0)
        try scanner.expectEnd()
        for (label, path) in extractions {
          var cursor = JSONScanner(line)
          if let value = try Self.find(path, &cursor, scratch: &scratch) { scratch.extracted.add(label, value) }
        }
      }
    }
    switch outcome {
    case .success: scratch.extracted.apply(to: &labels)
    case .failure(let error): labels.setError(Self.errorKind, details: error.details)
    }
  }

  /// Walks the object at the cursor, adding its scalar fields under the name prefix in
  /// `scratch.name`.
  private func flatten(_ scanner: inout JSONScanner, depth: Int, scratch: inout ParserScratch) throws(JSONScanError) {
    guard depth <= JSONScanner.maximumDepth else { throw scanner.error("nesting deeper than \(JSONScanner.maximumDepth)") }
    try scanner.expect(UInt8(ascii: "{"))
    var first = true
    while try scanner.nextMember(close: UInt8(ascii: "}"), first: first) {
      first = false
      let key = try scanner.stringRange()
      try scanner.expect(UInt8(ascii: ":"))
      let prefixLength = scratch.name.count
      if prefixLength > 0 { scratch.name.append(UInt8(ascii: "_")) }
      scanner.decodeString(key.range, escaped: key.escaped, into: &scratch.key)
      scratch.key.withUnsafeBytes { LabelNameSanitizer.append($0, atStart: prefixLength == 0, to: &scratch.name) }
      switch try scanner.peekKind() {
      case .object:
        try flatten(&scanner, depth: depth + 1, scratch: &scratch)
      case .array, .null:
        try scanner.skipValue(depth: depth + 1)
      case .string:
        let value = try scanner.stringRange()
        guard scratch.wants(scratch.name) else { break }
        scanner.decodeString(value.range, escaped: value.escaped, into: &scratch.text)
        scratch.extracted.add(String(decoding: scratch.name, as: UTF8.self), String(decoding: scratch.text, as: UTF8.self))
      case .number, .bool:
        let range = try scanner.skipValue(depth: depth + 1)
        guard scratch.wants(scratch.name) else { break }
        scratch.extracted.add(
          String(decoding: scratch.name, as: UTF8.self), String(decoding: UnsafeRawBufferPointer(rebasing: scanner.bytes[range]), as: UTF8.self))
      }
      scratch.name.removeSubrange(prefixLength...)
    }
  }

  /// The text of the value at `path`, or nil when the document has no such value (or it is null).
  static func find(_ path: [JSONPathElement], _ scanner: inout JSONScanner, scratch: inout ParserScratch) throws(JSONScanError) -> String? {
    for element in path {
      let kind = try scanner.peekKind()
      switch element {
      case .key(let wanted):
        guard kind == .object else { return nil }
        try scanner.expect(UInt8(ascii: "{"))
        var first = true
        var found = false
        while try scanner.nextMember(close: UInt8(ascii: "}"), first: first) {
          first = false
          let key = try scanner.stringRange()
          try scanner.expect(UInt8(ascii: ":"))
          scanner.decodeString(key.range, escaped: key.escaped, into: &scratch.key)
          if scratch.key == wanted {
            found = true
            break
          }
          try scanner.skipValue(depth: 1)
        }
        if !found { return nil }
      case .index(let wanted):
        guard kind == .array else { return nil }
        try scanner.expect(UInt8(ascii: "["))
        var position = 0
        var found = false
        while try scanner.nextMember(close: UInt8(ascii: "]"), first: position == 0) {
          if position == wanted {
            found = true
            break
          }
          try scanner.skipValue(depth: 1)
          position += 1
        }
        if !found { return nil }
      }
    }
    switch try scanner.peekKind() {
    case .string:
      let value = try scanner.stringRange()
      scanner.decodeString(value.range, escaped: value.escaped, into: &scratch.text)
      return String(decoding: scratch.text, as: UTF8.self)
    case .null:
      return nil
    case .number, .bool, .object, .array:
      let range = try scanner.skipValue(depth: 1)
      return String(decoding: UnsafeRawBufferPointer(rebasing: scanner.bytes[range]), as: UTF8.self)
    }
  }
}

/// `| unpack`: the JSON object Promtail's `pack` stage writes.
enum UnpackStage {
  static let entryKey: [UInt8] = Array("_entry".utf8)

  /// Returns whether `scratch.text` now holds a replacement line (`_entry`).
  static func process(_ line: UnsafeRawBufferPointer, labels: inout LabelWorkingSet, scratch: inout ParserScratch, entry: inout [UInt8]) -> Bool {
    scratch.extracted.reset()
    var scanner = JSONScanner(line)
    var hasEntry = false
    let outcome = Result { () throws(JSONScanError) in
      guard try scanner.peekKind() == .object else { throw scanner.error("not a JSON object") }
      try scanner.expect(UInt8(ascii: "{"))
      var first = true
      while try scanner.nextMember(close: UInt8(ascii: "}"), first: first) {
        first = false
        let key = try scanner.stringRange()
        try scanner.expect(UInt8(ascii: ":"))
        guard try scanner.peekKind() == .string else {
          try scanner.skipValue(depth: 1)
          continue
        }
        let value = try scanner.stringRange()
        scanner.decodeString(key.range, escaped: key.escaped, into: &scratch.key)
        if scratch.key == entryKey {
          scanner.decodeString(value.range, escaped: value.escaped, into: &entry)
          hasEntry = true
          continue
        }
        scratch.name.removeAll(keepingCapacity: true)
        scratch.key.withUnsafeBytes { LabelNameSanitizer.append($0, atStart: true, to: &scratch.name) }
        scanner.decodeString(value.range, escaped: value.escaped, into: &scratch.text)
        scratch.extracted.add(String(decoding: scratch.name, as: UTF8.self), String(decoding: scratch.text, as: UTF8.self))
      }
      try scanner.expectEnd()
    }
    switch outcome {
    case .success:
      scratch.extracted.apply(to: &labels)
      return hasEntry
    case .failure(let error):
      labels.setError(JSONStage.errorKind, details: error.details)
      return false
    }
  }
}
