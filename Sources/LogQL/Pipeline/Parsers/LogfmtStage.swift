// `| logfmt`: `key=value key="quoted value" standalone` pairs to labels. Without `--strict` a
// malformed pair is skipped and scanning goes on (best effort, as Loki does); with it, the first
// malformed pair stops the parse and marks the line `__error__="LogfmtParserErr"`. Standalone
// keys become empty labels only with `--keep-empty` or when asked for by name.

struct LogfmtStage: Sendable {
  static let errorKind = "LogfmtParserErr"

  let strict: Bool
  let keepEmpty: Bool
  /// Empty: extract every key. Else key bytes → label name.
  let extractions: [(key: [UInt8], label: String)]

  init(strict: Bool, keepEmpty: Bool, extractions: [FieldExtraction]) {
    self.strict = strict
    self.keepEmpty = keepEmpty
    self.extractions = extractions.map { (Array($0.path.utf8), $0.label) }
  }

  func process(_ line: UnsafeRawBufferPointer, labels: inout LabelWorkingSet, scratch: inout ParserScratch) {
    scratch.extracted.reset()
    let decoder = JSONScanner(line)  // for its string unescaping
    var index = 0
    let count = line.count
    while index < count {
      while index < count, line[index] <= 0x20 { index += 1 }
      guard index < count else { break }
      // Key: up to `=`, a space or the end.
      let keyStart = index
      var failure: String?
      while index < count, line[index] > 0x20, line[index] != UInt8(ascii: "=") {
        if line[index] == UInt8(ascii: "\"") { failure = "unexpected '\"'" }
        index += 1
      }
      let keyRange = keyStart..<index
      if keyRange.isEmpty { failure = "unexpected '='" }
      var valueRange = index..<index
      var quoted = false
      var escaped = false
      if failure == nil, index < count, line[index] == UInt8(ascii: "=") {
        index += 1
        if index < count, line[index] == UInt8(ascii: "\"") {
          quoted = true
          index += 1
          let start = index
          while index < count, line[index] != UInt8(ascii: "\"") {
            if line[index] == UInt8(ascii: "\\") {
              escaped = true
              index += 1
            }
            index += 1
          }
          if index >= count {
            failure = "unterminated quoted value"
            index = count
          } else {
            valueRange = start..<index
            index += 1
            if index < count, line[index] > 0x20 { failure = "unexpected '\(Character(Unicode.Scalar(line[index])))' after quoted value" }
          }
        } else {
          let start = index
          while index < count, line[index] > 0x20 {
            if line[index] == UInt8(ascii: "=") || line[index] == UInt8(ascii: "\"") {
              failure = failure ?? "unexpected '\(Character(Unicode.Scalar(line[index])))'"
            }
            index += 1
          }
          valueRange = start..<index
        }
      }
      if let failure {
        if strict {
          labels.setError(Self.errorKind, details: "logfmt syntax error at pos \(index + 1) : \(failure)")
          return
        }
        // Best effort: drop this pair, go on after the next space.
        while index < count, line[index] > 0x20 { index += 1 }
        continue
      }
      let standalone = valueRange.isEmpty && !quoted
      if extractions.isEmpty {
        if standalone && !keepEmpty { continue }
        scratch.name.removeAll(keepingCapacity: true)
        LabelNameSanitizer.append(UnsafeRawBufferPointer(rebasing: line[keyRange]), atStart: true, to: &scratch.name)
        guard scratch.wants(scratch.name) else { continue }
        decoder.decodeString(valueRange, escaped: escaped, into: &scratch.text)
        scratch.extracted.add(String(decoding: scratch.name, as: UTF8.self), String(decoding: scratch.text, as: UTF8.self))
      } else {
        let key = UnsafeRawBufferPointer(rebasing: line[keyRange])
        for extraction in extractions where extraction.key.elementsEqual(key) {
          decoder.decodeString(valueRange, escaped: escaped, into: &scratch.text)
          scratch.extracted.add(extraction.label, String(decoding: scratch.text, as: UTF8.self))
        }
      }
    }
    scratch.extracted.apply(to: &labels)
  }
}
