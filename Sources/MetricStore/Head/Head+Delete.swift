// Deleting samples from the head by matchers and time range.
import Codecs
import Synchronization
import WardenCore

extension Head {
  /// Removes the samples of matching series in `[startMs, endMs]`.
  /// - Returns: the deletions to log in the WAL (one per series that had samples there).
  func delete(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws(StoreError) -> [WALDeletion] {
    var deletions: [WALDeletion] = []
    for series in table.series(for: index.select(matchers)) {
      let outcome = series.withChunks { state in
        Result { () throws(CodecError) in try state.delete(startMs: startMs, endMs: endMs, samplesPerChunk: options.samplesPerChunk) }
      }
      guard case .success(let changed) = outcome else {
        if case .failure(let error) = outcome {
          throw StoreError(.corrupt, "cannot rewrite head chunks of \(series.labels) to delete samples", cause: error)
        }
        continue
      }
      if changed { deletions.append(WALDeletion(seriesID: series.id, startMs: startMs, endMs: endMs)) }
    }
    return deletions
  }

  /// Applies logged deletions during replay.
  func replay(_ deletions: [WALDeletion], seriesByID: [SeriesID: MemSeries]) {
    for deletion in deletions {
      guard let series = seriesByID[deletion.seriesID] else { continue }
      series.withChunks { state in
        _ = try? state.delete(startMs: deletion.startMs, endMs: deletion.endMs, samplesPerChunk: options.samplesPerChunk)
      }
    }
  }
}
