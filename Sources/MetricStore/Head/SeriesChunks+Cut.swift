// Taking a time range out of a head series for a block, and dropping it afterwards. Chunks never
// straddle a block boundary (see `append`), so in-order chunks move whole; out-of-order samples in
// the range are merged in and the range re-encoded.
import Codecs

extension SeriesChunks {
  /// The series' samples in `[startMs, endMs)` as block chunks, ascending and non-overlapping.
  /// `startMs` and `endMs` must be block-range aligned.
  func blockChunks(startMs: Int64, endMs: Int64, samplesPerChunk: Int) throws(CodecError) -> [BlockChunk] {
    var inOrder: [ClosedChunk] = closed.filter { $0.minTimestampMs >= startMs && $0.maxTimestampMs < endMs }
    if open.count > 0, open.firstTimestampMs >= startMs, open.lastTimestampMs < endMs {
      inOrder.append(
        ClosedChunk(
          minTimestampMs: open.firstTimestampMs, maxTimestampMs: open.lastTimestampMs, count: open.count,
          bytes: open.bytes))
    }
    let hasOutOfOrder = outOfOrder.contains { $0.timestampMs >= startMs && $0.timestampMs < endMs }
    if !hasOutOfOrder {
      return inOrder.map { BlockChunk(minTimeMs: $0.minTimestampMs, maxTimeMs: $0.maxTimestampMs, bytes: $0.bytes) }
    }
    // Merge and re-encode, the in-order sample winning a shared timestamp, as reads do.
    let snapshot = SeriesSnapshot(
      chunks: inOrder.map(\.bytes), outOfOrderTimestamps: outOfOrderTimestamps, outOfOrderValues: outOfOrderValues)
    let (timestamps, values) = try snapshot.decode(startMs: startMs, endMs: endMs - 1)
    var builder = BlockChunkBuilder(samplesPerChunk: samplesPerChunk)
    for (timestamp, value) in zip(timestamps, values) { builder.append(timestampMs: timestamp, value: value) }
    return builder.finish()
  }

  /// Drops every sample older than `cutMs` (block-range aligned), now that a block holds them.
  mutating func truncate(before cutMs: Int64) {
    closed.removeAll { $0.maxTimestampMs < cutMs }
    if open.count > 0, open.lastTimestampMs < cutMs { open = Self.emptyOpenChunk() }
    if let keep = outOfOrder.firstIndex(where: { $0.timestampMs >= cutMs }) {
      outOfOrder.removeFirst(keep)
    } else {
      outOfOrder.removeAll()
    }
  }

  /// Whether nothing is left in memory.
  var isEmpty: Bool { closed.isEmpty && open.count == 0 && outOfOrder.isEmpty }
}
