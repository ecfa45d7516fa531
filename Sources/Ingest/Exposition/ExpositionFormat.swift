// Which text exposition dialect a scrape body is in, chosen from the response's Content-Type.

/// The text exposition formats the parser understands.
package enum ExpositionFormat: Sendable, Hashable {
  /// Prometheus text format 0.0.4 (`text/plain; version=0.0.4`).
  case prometheusText
  /// OpenMetrics 1.0.0 text (`application/openmetrics-text; version=1.0.0`).
  case openMetrics

  /// The format a Content-Type header value names.
  ///
  /// `application/openmetrics-text` (any version, any parameters) is OpenMetrics; anything else,
  /// including a missing header, is treated as text 0.0.4, as Prometheus does.
  /// - Parameter contentType: The raw header value, or nil when the header was absent.
  /// - Returns: The format to parse the body with.
  package static func from(contentType: String?) -> ExpositionFormat {
    guard let contentType else { return .prometheusText }
    let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
    let trimmed = mediaType.trimmingASCIIWhitespace().lowercased()
    return trimmed == "application/openmetrics-text" ? .openMetrics : .prometheusText
  }
}

extension Substring {
  /// The text without leading and trailing spaces and tabs.
  fileprivate func trimmingASCIIWhitespace() -> Substring {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return text
  }
}
