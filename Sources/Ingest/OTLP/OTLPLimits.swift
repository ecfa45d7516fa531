// The bounds an OTLP metrics request must stay within, so a hostile or misconfigured sender cannot
// make the receiver allocate without limit.

/// Limits of the OTLP metrics receiver. The defaults follow the OTLP specification's recommended
/// 20 MiB body limit (applied after decompression too).
package struct OTLPLimits: Sendable {
  /// The largest body accepted, before and after gzip decompression.
  package var maxBodyBytes = 20 * 1024 * 1024
  /// The most data points (of any kind) one request may carry; more fails the request with 413.
  package var maxDataPoints = 500_000
  /// The most attributes a data point may have (after merging with its resource's job/instance);
  /// a point with more is rejected.
  package var maxAttributesPerPoint = 128
  /// The longest label value in bytes; a point with a longer attribute value is rejected.
  package var maxLabelValueBytes = 4096
  /// The most buckets (bounds) a histogram point may have, explicit or exponential.
  package var maxBucketsPerHistogram = 512
  /// How many problem descriptions a translation keeps for the response's error message.
  package var maxReportedProblems = 5

  package init() {}
}
