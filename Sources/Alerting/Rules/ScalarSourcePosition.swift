// Where a byte inside a YAML scalar's value sits in the file, so an error at column 9 of an
// expression is reported at the file's own line and column. Exact for single-line plain and
// quoted scalars and for literal blocks (`|`); other shapes (folded blocks, quoted text with
// escapes or line breaks before the spot) report where the value starts.
import Yams

struct ScalarSourcePosition {
  /// The file's lines, split once.
  private let lines: [Substring]

  init(fileText: String) {
    lines = fileText.split(separator: "\n", omittingEmptySubsequences: false)
  }

  /// The 1-based line and column (in Unicode scalars, as YAML marks count) of the byte
  /// `offset` of `value`, the text of `node`.
  func locate(offset: Int, in value: String, node: Node) -> (line: Int, column: Int)? {
    guard case .scalar(let scalar) = node, let mark = scalar.mark else { return node.mark.map { ($0.line, $0.column) } }
    let fallback = (line: mark.line, column: mark.column)
    let utf8 = Array(value.utf8)
    let clamped = max(0, min(offset, utf8.count))
    switch scalar.style {
    case .plain, .singleQuoted, .doubleQuoted:
      let quoteWidth = scalar.style == .plain ? 0 : 1
      let before = String(decoding: utf8[..<clamped], as: UTF8.self)
      guard !before.contains("\n"), let source = line(mark.line) else { return fallback }
      let rest = source.unicodeScalars.dropFirst(mark.column - 1 + quoteWidth)
      // Only when the file really holds the text up to the spot unchanged (no escapes, no
      // folding) is the column exact.
      guard String(String.UnicodeScalarView(rest)).hasPrefix(before) else { return fallback }
      return (mark.line, mark.column + quoteWidth + before.unicodeScalars.count)
    case .literal:
      return locateInLiteralBlock(utf8: utf8, offset: clamped, indicatorLine: mark.line) ?? fallback
    default:
      return fallback
    }
  }

  /// In a `|` block, value line k is file line `indicatorLine + 1 + k` after the block's indent.
  private func locateInLiteralBlock(utf8: [UInt8], offset: Int, indicatorLine: Int) -> (line: Int, column: Int)? {
    var lineIndex = 0
    var lineStart = 0
    for index in 0..<offset where utf8[index] == UInt8(ascii: "\n") {
      lineIndex += 1
      lineStart = index + 1
    }
    guard let indent = blockIndent(after: indicatorLine), let source = line(indicatorLine + 1 + lineIndex) else {
      return nil
    }
    let prefix = String(decoding: utf8[lineStart..<offset], as: UTF8.self)
    let content = String(String.UnicodeScalarView(source.unicodeScalars.dropFirst(indent)))
    guard content.hasPrefix(prefix) else { return nil }
    return (indicatorLine + 1 + lineIndex, indent + 1 + prefix.unicodeScalars.count)
  }

  /// The indentation of a block's first non-blank line.
  private func blockIndent(after indicatorLine: Int) -> Int? {
    var number = indicatorLine + 1
    while let source = line(number) {
      if !source.allSatisfy({ $0 == " " || $0 == "\r" }) {
        return source.prefix { $0 == " " }.count
      }
      number += 1
    }
    return nil
  }

  private func line(_ number: Int) -> Substring? {
    number >= 1 && number <= lines.count ? lines[number - 1] : nil
  }
}
