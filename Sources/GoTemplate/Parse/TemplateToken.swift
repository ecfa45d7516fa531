// The tokens of Go's template language, as byte ranges into the source text so positions (and
// the text of a node in an error message) come for free.

enum TemplateTokenKind: Equatable {
  case text, leftDelim, rightDelim, space, eof, error
  case identifier, field, variable, dot, bool, number, charConstant, string, rawString
  case assign, declare, pipe, leftParen, rightParen
  /// Any other printable ASCII character in an action (only `,` means something: range's two
  /// variables).
  case char
  case keyword(TemplateKeyword)
}

enum TemplateKeyword: String {
  case block, `break`, `continue`, define, `else`, end, `if`, `nil`, range, template, with
}

struct TemplateToken {
  var kind: TemplateTokenKind
  /// Byte offsets into the source; for `.text` the range left after trim markers.
  var start: Int
  var end: Int
  /// What went wrong, for `.error` tokens.
  var message: String = ""
}
