// `multiline:` of a `log_files` entry: a line matching `start` begins a new record, any other line
// is appended to the record being built (stack traces, wrapped messages). The record ends at the
// next start line, after `timeout` with nothing new in its file, or at a cap.
package import WardenCore

package struct MultilineConfiguration: Decodable, Sendable, Equatable {
  package static let defaultMaxLines = 500
  package static let defaultTimeout = ConfigDuration(.seconds(3))

  package var start: LineStartPattern
  /// Lines in one record; the line that would pass it begins a new record.
  package var maxLines: Int
  /// Bytes in one record (lines plus the newlines joining them); nil means the tailer's line limit.
  package var maxBytes: Int?
  /// A record (and a last line without its newline) waits at most this long for more.
  package var timeout: ConfigDuration

  enum CodingKeys: String, CodingKey {
    case start
    case maxLines = "max_lines"
    case maxBytes = "max_bytes"
    case timeout
  }

  package init(
    start: LineStartPattern, maxLines: Int = defaultMaxLines, maxBytes: Int? = nil, timeout: ConfigDuration = defaultTimeout
  ) {
    self.start = start
    self.maxLines = max(1, maxLines)
    self.maxBytes = maxBytes.map { max(1, $0) }
    self.timeout = timeout
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    guard let source = try container.decodeIfPresent(String.self, forKey: .start) else {
      throw DecodingError.dataCorruptedError(
        forKey: .start, in: container, debugDescription: "multiline.start: a regular expression for a record's first line is required")
    }
    do {
      start = try LineStartPattern(source)
    } catch {
      throw DecodingError.dataCorruptedError(forKey: .start, in: container, debugDescription: "multiline.start: \(error)")
    }
    maxLines = try container.decodeIfPresent(Int.self, forKey: .maxLines) ?? Self.defaultMaxLines
    guard maxLines >= 1 else {
      throw DecodingError.dataCorruptedError(
        forKey: .maxLines, in: container, debugDescription: "multiline.max_lines must be at least 1, got \(maxLines)")
    }
    if let size = try container.decodeIfPresent(ConfigByteSize.self, forKey: .maxBytes) {
      guard size.bytes >= 1, size.bytes <= Int64(Int32.max) else {
        throw DecodingError.dataCorruptedError(
          forKey: .maxBytes, in: container, debugDescription: "multiline.max_bytes must be between 1B and 2GiB, got \(size)")
      }
      maxBytes = Int(size.bytes)
    }
    timeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .timeout) ?? Self.defaultTimeout
    guard timeout.duration > .zero else {
      throw DecodingError.dataCorruptedError(
        forKey: .timeout, in: container, debugDescription: "multiline.timeout must be greater than zero, got \(timeout)")
    }
  }
}
