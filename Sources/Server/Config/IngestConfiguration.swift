// `ingest:`: limits that protect the server from its remote senders (remote_write, OTLP).
// Read at start-up, like `storage`.
package struct IngestConfiguration: Decodable, Sendable, Equatable {
  /// Samples per second all remote senders together may write; 0 for no limit. Over it, a
  /// request gets 429 with Retry-After.
  package var maxSamplesPerSecond = 0

  package init() {}

  enum CodingKeys: String, CodingKey {
    case maxSamplesPerSecond = "max_samples_per_second"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    maxSamplesPerSecond = try container.decodeIfPresent(Int.self, forKey: .maxSamplesPerSecond) ?? 0
    if maxSamplesPerSecond < 0 {
      throw DecodingError.dataCorruptedError(
        forKey: .maxSamplesPerSecond, in: container, debugDescription: "must be 0 (no limit) or more, got \(maxSamplesPerSecond)")
    }
  }
}
