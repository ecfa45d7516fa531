// Tunables of the metric store, with Prometheus-like defaults.

package struct StoreOptions: Sendable {
  /// Samples up to this much older than a series' newest sample are still accepted.
  package var outOfOrderWindowMs: Int64 = 10 * 60 * 1000
  /// A head chunk is closed after this many samples...
  package var samplesPerChunk = 120
  /// ...or when the next sample falls in the next block range: head chunks never straddle a
  /// block boundary (multiples of this, from the epoch), so cutting a block never splits one.
  package var blockRangeMs: Int64 = 2 * 60 * 60 * 1000
  /// Blocks (cut from the head or compacted) store each series in chunks of at most this many
  /// samples, split evenly: fewer, longer chunks than the head's take fewer bytes (one header,
  /// first value and index entry each), while a read of a short range still decodes a bounded run.
  package var blockSamplesPerChunk = 1024
  /// Compaction merges blocks into epoch-aligned windows of each of these lengths in turn (level
  /// 1 blocks are the first, `blockRangeMs`): 2 h → 6 h → 24 h. Ranges longer than 10% of
  /// `retentionMs` are not used (as Prometheus caps them); fewer than two ranges turn it off.
  package var compactionRangesMs: [Int64] = [2 * 60 * 60 * 1000, 6 * 60 * 60 * 1000, 24 * 60 * 60 * 1000]
  /// Blocks that end longer ago than this are deleted; 0 keeps them forever.
  package var retentionMs: Int64 = 15 * 24 * 60 * 60 * 1000
  /// The oldest blocks are deleted while the blocks take more bytes than this; 0 for no limit.
  package var retentionBytes = 0
  /// Blocks that end longer ago than this also get 5-minute and 1-hour aggregates; 0 turns
  /// downsampling off.
  package var downsampleAfterMs: Int64 = 2 * 24 * 60 * 60 * 1000
  /// 0 for no limit.
  package var maxSeries = 0
  package var maxLabelsPerSeries = 64
  package var maxLabelNameBytes = 1024
  package var maxLabelValueBytes = 4096

  package init() {}
}
