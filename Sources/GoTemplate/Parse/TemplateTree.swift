// The parsed form of a template: nodes for text and actions, pipelines of commands, and the
// operands commands are made of. Immutable after parsing, so a TemplateSet can be shared by
// concurrent executions. Functions are resolved while parsing, as Go does.

/// One named template: its body and the text it was parsed from (for error positions).
struct TemplateTree: Sendable {
  var name: String
  var source: TemplateSource
  var root: [TemplateNode]

  /// Go's IsEmptyTree: only whitespace text and comments. An empty definition does not replace an
  /// existing one of the same name.
  var isEmpty: Bool {
    root.allSatisfy { node in
      if case .text(let text) = node {
        return text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }
      }
      return false
    }
  }
}

/// The text given to one `parse` call, shared by every template it defines.
final class TemplateSource: Sendable {
  /// The name given to `parse`, which Go puts in front of positions.
  let parseName: String
  let bytes: [UInt8]

  init(parseName: String, bytes: [UInt8]) {
    self.parseName = parseName
    self.bytes = bytes
  }

  /// 1-based line and column (in characters) of a byte offset.
  func position(of offset: Int) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in bytes[..<min(max(offset, 0), bytes.count)] {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }

  /// The source text of a span, shortened as Go shortens node text in error messages.
  func excerpt(_ span: SourceSpan) -> String {
    let start = min(max(span.start, 0), bytes.count)
    let end = min(max(span.end, start), bytes.count)
    let text = String(decoding: bytes[start..<end], as: UTF8.self)
    guard text.unicodeScalars.count > 20 else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.prefix(20))) + "..."
  }
}

/// Byte offsets of a node in its source.
struct SourceSpan: Sendable {
  var start: Int
  var end: Int
}

indirect enum TemplateNode: Sendable {
  /// Raw text, already trimmed by trim markers.
  case text(String)
  /// `{{pipeline}}`: printed unless it declares or assigns variables.
  case action(TemplatePipeline)
  case ifNode(TemplateBranch)
  case with(TemplateBranch)
  case range(TemplateBranch)
  /// `{{template "name" pipeline}}` (also what `{{block}}` leaves in place).
  case template(name: String, pipeline: TemplatePipeline?, span: SourceSpan)
  case breakLoop(SourceSpan)
  case continueLoop(SourceSpan)
}

/// The shared shape of if, with and range: a pipeline, a body, and an optional else.
struct TemplateBranch: Sendable {
  var pipeline: TemplatePipeline
  var body: [TemplateNode]
  var elseBody: [TemplateNode]?
}

/// Commands separated by `|`, optionally declaring (`:=`) or assigning (`=`) variables.
struct TemplatePipeline: Sendable {
  var span: SourceSpan
  var declarations: [String] = []
  var isAssignment = false
  var commands: [TemplateCommand] = []
}

/// A function, method or field with its arguments, or a single value.
struct TemplateCommand: Sendable {
  var span: SourceSpan
  var arguments: [TemplateOperand]
}

struct TemplateOperand: Sendable {
  var span: SourceSpan
  var kind: Kind

  indirect enum Kind: Sendable {
    case dot
    case nilValue
    /// A string, number, char or bool constant.
    case constant(TemplateData)
    /// `.A.B`: fields (or methods, or map keys) of dot.
    case field([String])
    /// `$x` or `$x.A.B`.
    case variable(String, fields: [String])
    /// A function name, resolved when parsing.
    case function(String, TemplateFunction)
    /// `(pipeline)`.
    case pipeline(TemplatePipeline)
    /// `(pipeline).A.B` or another operand followed by fields.
    case chain(TemplateOperand, fields: [String])
  }
}
