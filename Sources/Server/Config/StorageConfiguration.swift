// `storage:`: how long and how much the embedded stores keep. Read at start-up; a reload that
// changes it is accepted but takes effect at the next start (the stores are open by then).
package import WardenCore

package struct StorageConfiguration: Decodable, Sendable, Equatable {
  package var metrics = MetricsStorageConfiguration()
  package var logs = LogsStorageConfiguration()

  package init() {}

  enum CodingKeys: String, CodingKey { case metrics, logs }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    metrics = try container.decodeIfPresent(MetricsStorageConfiguration.self, forKey: .metrics) ?? MetricsStorageConfiguration()
    logs = try container.decodeIfPresent(LogsStorageConfiguration.self, forKey: .logs) ?? LogsStorageConfiguration()
  }
}

/// `storage.metrics:`, with Prometheus's defaults.
package struct MetricsStorageConfiguration: Decodable, Sendable, Equatable {
  /// Blocks older than this are deleted (Prometheus's `--storage.tsdb.retention.time`).
  package var retention = ConfigDuration(.seconds(15 * 24 * 3600))
  /// The oldest blocks are deleted while blocks take more than this; 0 for no limit
  /// (`--storage.tsdb.retention.size`).
  package var retentionSize = ConfigByteSize(0)
  /// How far behind a series' newest sample a late sample is still accepted.
  package var outOfOrderWindow = ConfigDuration(.seconds(600))
  /// Blocks older than this also keep 5-minute and 1-hour aggregates; `0s` turns it off.
  package var downsampleAfter = ConfigDuration(.seconds(2 * 86_400))

  package init() {}

  enum CodingKeys: String, CodingKey {
    case retention
    case retentionSize = "retention_size"
    case outOfOrderWindow = "out_of_order_window"
    case downsampleAfter = "downsample_after"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = MetricsStorageConfiguration()
    retention = try container.decodeIfPresent(ConfigDuration.self, forKey: .retention) ?? defaults.retention
    retentionSize = try container.decodeIfPresent(ConfigByteSize.self, forKey: .retentionSize) ?? defaults.retentionSize
    outOfOrderWindow =
      try container.decodeIfPresent(ConfigDuration.self, forKey: .outOfOrderWindow) ?? defaults.outOfOrderWindow
    downsampleAfter = try container.decodeIfPresent(ConfigDuration.self, forKey: .downsampleAfter) ?? defaults.downsampleAfter
  }
}
