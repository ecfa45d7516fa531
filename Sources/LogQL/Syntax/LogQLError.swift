// The one error type of LogQL: parse errors (with a position, rendered as Loki renders them),
// pipeline compile errors (bad regex or template), evaluation limits, timeouts and cancellation.
package import PromQL

package struct LogQLError: Error, Sendable, Equatable, CustomStringConvertible {
  package enum Kind: Sendable, Equatable {
    /// The query text is not valid LogQL (HTTP 400).
    case parse
    /// Valid syntax but not a valid query: a bad regex, template or parameter (HTTP 400).
    case invalid
    /// A limit was exceeded: series, entries, bytes (HTTP 400, as Loki answers).
    case limit
    case timeout
    case canceled
    /// The log source failed (HTTP 500).
    case storage
  }

  package var kind: Kind
  package var message: String
  /// Where in the query the problem is, when it is about a piece of it.
  package var position: PositionRange?

  package init(_ kind: Kind, _ message: String, position: PositionRange? = nil) {
    self.kind = kind
    self.message = message
    self.position = position
  }

  package var description: String { message }

  /// As Loki words it: `parse error at line 1, col 15: syntax error: unexpected IDENTIFIER`.
  /// Errors without a position are rendered as their message.
  package func rendered(in query: String) -> String {
    guard let position else { return message }
    let lineColumn = position.lineColumn(in: query).split(separator: ":")
    let prefix = kind == .parse ? "parse error" : "error"
    return "\(prefix) at line \(lineColumn[0]), col \(lineColumn[1]): \(message)"
  }
}
