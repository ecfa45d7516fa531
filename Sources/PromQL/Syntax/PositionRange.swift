// Byte offsets of a piece of a query, and their rendering as `line:column` the way Prometheus
// prints them in parse errors and annotations.

/// Half-open byte range `[start, end)` in the UTF-8 query text.
package struct PositionRange: Sendable, Equatable, Hashable {
  package var start: Int
  package var end: Int

  package init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }

  /// `line:column` (both 1-based, column counted in bytes from the line start) of `start` in
  /// `query`, as in `1:5: parse error: ...` and `(1:5)` after an annotation.
  package func lineColumn(in query: String) -> String {
    var line = 1
    var lineStart = 0
    var offset = 0
    for byte in query.utf8 {
      if offset >= start { break }
      if byte == UInt8(ascii: "\n") {
        line += 1
        lineStart = offset + 1
      }
      offset += 1
    }
    return "\(line):\(start - lineStart + 1)"
  }
}
