// Re-cuts a series' chunks into fewer, longer decimal-planes chunks before a block is written:
// each chunk costs a header, a first value and an index entry, and inside one chunk every value is
// coded against the previous one. The head cuts 120-sample chunks for appending; a block has all
// of a series' samples at hand and stores them in runs of up to `maxSamples`.
import Codecs

enum BlockRechunker {
  /// `series` with each one's samples re-encoded as decimal-planes chunks of at most `maxSamples`
  /// samples, split evenly (a 1 440-sample series with a limit of 1 024 becomes two 720-sample
  /// chunks, so a read decodes about the same amount whatever part it needs).
  ///
  /// A series whose chunks do not decode is kept as it was (the writer stores them unchanged,
  /// and the reader reports the damage when they are read), as is one already in a single chunk
  /// within the limit (the writer re-encodes that chunk alone if it is not in encoding 4).
  static func rechunk(_ series: [BlockSeries], maxSamples: Int) -> [BlockSeries] {
    let limit = max(1, min(maxSamples, DecimalChunkFormat.maxSampleCount))
    var timestamps: [Int64] = []
    var values: [Double] = []
    return series.map { entry in
      guard entry.chunks.count > 1 || (entry.chunks.first?.sampleCount ?? 0) > limit else { return entry }
      timestamps.removeAll(keepingCapacity: true)
      values.removeAll(keepingCapacity: true)
      for chunk in entry.chunks {
        var iterator = chunk.samples()
        do throws(CodecError) {
          try iterator.append(from: .min, through: .max, timestamps: &timestamps, values: &values)
        } catch {
          return entry
        }
      }
      guard !timestamps.isEmpty else { return entry }
      let parts = (timestamps.count + limit - 1) / limit
      var chunks: [BlockChunk] = []
      chunks.reserveCapacity(parts)
      for part in 0..<parts {
        let range = (timestamps.count * part / parts)..<(timestamps.count * (part + 1) / parts)
        chunks.append(
          BlockChunk(
            minTimeMs: timestamps[range.lowerBound], maxTimeMs: timestamps[range.upperBound - 1],
            bytes: DecimalPlanesEncoder.encode(timestamps: Array(timestamps[range]), values: Array(values[range])),
            encoding: .decimalPlanes))
      }
      return BlockSeries(labels: entry.labels, chunks: chunks)
    }
  }
}
