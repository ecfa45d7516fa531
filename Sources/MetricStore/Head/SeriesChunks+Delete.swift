// Deleting samples from a head series: the chunks a deletion touches are re-encoded without them
// (the open chunk stays appendable), the out-of-order buffer is filtered.
import Codecs

extension SeriesChunks {
  /// Removes the samples in `[startMs, endMs]`.
  /// - Returns: whether anything was removed.
  @discardableResult
  mutating func delete(startMs: Int64, endMs: Int64, samplesPerChunk: Int) throws(CodecError) -> Bool {
    let deleted = DeletedIntervals(intervals: [(startMs, endMs)])
    var changed = false
    var kept: [ClosedChunk] = []
    for chunk in closed {
      guard deleted.overlaps(minMs: chunk.minTimestampMs, maxMs: chunk.maxTimestampMs) else {
        kept.append(chunk)
        continue
      }
      changed = true
      let rewritten = try deleted.apply(
        to: [BlockChunk(minTimeMs: chunk.minTimestampMs, maxTimeMs: chunk.maxTimestampMs, bytes: chunk.bytes)],
        samplesPerChunk: samplesPerChunk)
      for part in rewritten {
        var count = 0
        var iterator = XORChunkIterator(bytes: part.bytes)
        while try iterator.next() != nil { count += 1 }
        kept.append(ClosedChunk(minTimestampMs: part.minTimeMs, maxTimestampMs: part.maxTimeMs, count: count, bytes: part.bytes))
      }
    }
    closed = kept
    if open.count > 0, deleted.overlaps(minMs: open.firstTimestampMs, maxMs: open.lastTimestampMs) {
      changed = true
      var iterator = XORChunkIterator(bytes: open.bytes)
      var rebuilt = Self.emptyOpenChunk()
      while let sample = try iterator.next() {
        if !deleted.contains(sample.timestampMs) { rebuilt.append(timestampMs: sample.timestampMs, value: sample.value) }
      }
      open = rebuilt
    }
    let before = outOfOrder.count
    outOfOrder.removeAll { deleted.contains($0.timestampMs) }
    if outOfOrder.count != before { changed = true }
    return changed
  }
}
