// Deleting samples from the head by matchers and time range.
import Synchronization
import WardenCore

extension Head {
  /// Removes the samples of matching series in `[startMs, endMs]`.
  /// - Returns: the deletions to log in the WAL (one per series that had samples there).
  func delete(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws(StoreError) -> [WALDeletion] {
    var deletions: [WALDeletion] = []
    for series in table.series(for: index.select(matchers)) {
      let changed: Bool
      do {
        changed = try series.chunks.withLock { try $0.delete(startMs: startMs, endMs: endMs, samplesPerChunk: options.samplesPerChunk) }
      } catch {
        throw StoreError(.corrupt, "cannot rewrite head chunks of \(series.labels) to delete samples", cause: error)
      }
      if changed { deletions.append(WALDeletion(seriesID: series.id, startMs: startMs, endMs: endMs)) }
    }
    return deletions
  }

  /// Applies logged deletions during replay.
  func replay(_ deletions: [WALDeletion], seriesByID: [SeriesID: MemSeries]) {
    for deletion in deletions {
      guard let series = seriesByID[deletion.seriesID] else { continue }
      _ = try? series.chunks.withLock {
        try $0.delete(startMs: deletion.startMs, endMs: deletion.endMs, samplesPerChunk: options.samplesPerChunk)
      }
    }
  }
}
