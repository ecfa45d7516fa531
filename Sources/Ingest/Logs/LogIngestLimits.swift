// The bounds a log push request must stay within, so a hostile or broken sender cannot make a
// decoder allocate without limit. The store enforces its own label and line limits as well.

/// Limits shared by the Loki push, OTLP logs and NDJSON decoders.
package struct LogIngestLimits: Sendable, Equatable {
  /// The largest body accepted as received (compressed or not).
  package var maxBodyBytes = 100 * 1024 * 1024
  /// The largest body accepted after gzip or snappy decompression.
  package var maxDecompressedBytes = 100 * 1024 * 1024
  /// The most distinct streams (label sets) in one request.
  package var maxStreams = 10_000
  /// The most log records in one request.
  package var maxEntries = 2_000_000
  /// The most labels of one stream.
  package var maxLabelsPerStream = 32
  /// The longest label name in bytes (Loki's default).
  package var maxLabelNameBytes = 1024
  /// The longest label value in bytes (Loki's default).
  package var maxLabelValueBytes = 2048
  /// The most structured-metadata pairs of one record.
  package var maxMetadataPerEntry = 256
  /// The deepest nesting of JSON arrays and objects (OTLP bodies and attributes nest).
  package var maxJSONDepth = 64

  package init() {}
}
