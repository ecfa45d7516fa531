// The one error type of configuration loading: where (file, line, column, field) and what was
// expected, printed as one line by `warden check-config`, at startup and on a failed reload.

/// A configuration problem, located as precisely as the YAML allows.
package struct ConfigError: Error, Sendable, CustomStringConvertible {
  package var file: String
  package var line: Int?
  package var column: Int?
  /// The dotted path of the field (`global.scrape_interval`, `scrape_configs[2].job_name`);
  /// empty for whole-file problems.
  package var field: String
  package var message: String

  package init(file: String, line: Int? = nil, column: Int? = nil, field: String = "", message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.field = field
    self.message = message
  }

  /// `file:line:column: field "x": message`, the shape compilers use, so editors can jump to it.
  package var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    text += ": "
    if !field.isEmpty { text += "field \(field): " }
    return text + message
  }
}
