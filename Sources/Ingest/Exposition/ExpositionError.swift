// The one error the exposition parsers throw: where in the input (1-based line and byte column)
// and what was expected there.

/// A syntax or semantic error in an exposition body.
///
/// `column` counts bytes from the start of the line, starting at 1, so it points at the offending
/// byte even in non-ASCII text.
package struct ExpositionError: Error, Sendable, CustomStringConvertible, Equatable {
  /// The 1-based line number.
  package var line: Int
  /// The 1-based byte column within the line.
  package var column: Int
  /// What is wrong, in the form "cannot parse <what>: <why>" or "expected <what>".
  package var message: String

  package init(line: Int, column: Int, message: String) {
    self.line = line
    self.column = column
    self.message = message
  }

  /// `line 3, column 17: expected "=" after label name`
  package var description: String {
    "line \(line), column \(column): \(message)"
  }
}
