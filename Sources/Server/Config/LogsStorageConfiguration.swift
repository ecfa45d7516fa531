// `storage.logs:`: how long and how much the embedded log store keeps, its per-stream limits (named
// as Loki names them) and how the WAL is synced. Read at start-up.
import LogStore
package import WardenCore

package struct LogsStorageConfiguration: Decodable, Sendable, Equatable {
  /// How the WAL is synced before a write is acknowledged.
  package enum Fsync: String, Decodable, Sendable, Equatable {
    /// One sync shared by every write that arrived meanwhile (the default; well under 100 ms).
    case groupCommit = "group_commit"
    /// A sync of its own for each write.
    case everyBatch = "every_batch"
  }

  /// Records older than this are deleted (and refused on arrival); `0s` keeps them forever.
  package var retention = ConfigDuration(.seconds(15 * 24 * 3600))
  /// The oldest segments are deleted while the store is larger than this; 0 for no limit.
  package var retentionSize = ConfigByteSize(0)
  /// Longer lines are cut to this size and counted (`warden_logs_lines_truncated_total`).
  package var maxLineSize = ConfigByteSize(256 << 10)
  /// Loki's `max_label_names_per_series`.
  package var maxLabelsPerStream = 15
  /// New streams beyond this many (since the last segment cut) are refused; 0 for no limit.
  package var maxStreams = 0
  package var fsync = Fsync.groupCommit

  package init() {}

  enum CodingKeys: String, CodingKey {
    case retention, fsync
    case retentionSize = "retention_size"
    case maxLineSize = "max_line_size"
    case maxLabelsPerStream = "max_labels_per_stream"
    case maxStreams = "max_streams"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = LogsStorageConfiguration()
    retention = try container.decodeIfPresent(ConfigDuration.self, forKey: .retention) ?? defaults.retention
    retentionSize = try container.decodeIfPresent(ConfigByteSize.self, forKey: .retentionSize) ?? defaults.retentionSize
    maxLineSize = try container.decodeIfPresent(ConfigByteSize.self, forKey: .maxLineSize) ?? defaults.maxLineSize
    guard (1024...(16 << 20)).contains(maxLineSize.bytes) else {
      throw DecodingError.dataCorruptedError(
        forKey: .maxLineSize, in: container, debugDescription: "max_line_size must be between 1KiB and 16MiB, got \(maxLineSize)")
    }
    maxLabelsPerStream = try container.decodeIfPresent(Int.self, forKey: .maxLabelsPerStream) ?? defaults.maxLabelsPerStream
    guard (1...128).contains(maxLabelsPerStream) else {
      throw DecodingError.dataCorruptedError(
        forKey: .maxLabelsPerStream, in: container,
        debugDescription: "max_labels_per_stream must be between 1 and 128, got \(maxLabelsPerStream)")
    }
    maxStreams = try container.decodeIfPresent(Int.self, forKey: .maxStreams) ?? defaults.maxStreams
    guard maxStreams >= 0 else {
      throw DecodingError.dataCorruptedError(
        forKey: .maxStreams, in: container, debugDescription: "max_streams must be 0 (no limit) or more, got \(maxStreams)")
    }
    fsync = try container.decodeIfPresent(Fsync.self, forKey: .fsync) ?? defaults.fsync
  }

  /// The store's options from this section.
  var storeOptions: LogStoreOptions {
    var options = LogStoreOptions()
    let (seconds, attoseconds) = retention.duration.components
    options.retentionNs = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    options.retentionBytes = Int(retentionSize.bytes)
    options.maxLineBytes = Int(maxLineSize.bytes)
    options.maxLabelsPerStream = maxLabelsPerStream
    options.maxStreams = maxStreams
    options.fsync = fsync == .everyBatch ? .everyBatch : .groupCommit
    return options
  }
}
