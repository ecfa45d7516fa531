// The series-chunks record (WAL type 7): samples grouped by series, each series' samples as one
// decimal-delta chunk (docs/format/metrics-chunk.md, encoding 3). A checkpoint holds the head's
// newest hours, already sorted by series, so it stores them the way a block would: each value
// coded against the previous one of the same series rather than one scrape round at a time.
// Byte layout: docs/format/metrics-wal.md ("Series-chunks record").
import Codecs

enum WALSeriesChunks {
  /// The most series one record holds.
  static let maxSeries = 1 << 20

  /// Appends one record holding `runs`: for each, the series and its samples (at most
  /// `DecimalChunkFormat.maxSampleCount`, any order; kept as given). Nothing for no runs.
  static func append(_ runs: [(id: SeriesID, timestamps: [Int64], values: [Double])], to buffer: inout [UInt8]) {
    guard !runs.isEmpty else { return }
    precondition(runs.count <= maxSeries, "BUG: \(runs.count) series in one series-chunks record")
    WALRecord.append(.seriesChunks, to: &buffer) { out in
      Varint.append(UInt64(runs.count), to: &out)
      for run in runs {
        let chunk = DecimalChunkEncoder.encode(timestamps: run.timestamps, values: run.values, allowsBase: true)
        Varint.append(UInt64(run.id), to: &out)
        Varint.append(UInt64(chunk.count), to: &out)
        out += chunk
      }
    }
  }

  /// The record's samples, series by series (each series' in stored order), appended to `samples`.
  /// - Throws: `CodecError` naming the problem for a count or length beyond the record, a series
  ///   id above 2^32 − 1, a chunk that does not decode, or bytes left over.
  static func decode(_ payload: UnsafeRawBufferPointer, into samples: inout [WALSample]) throws(CodecError) {
    let subject = "WAL series-chunks record"
    var reader = ByteReader(payload, subject: subject)
    let count = try reader.readVarint()
    // Every series takes at least three bytes (id, length, a two-byte chunk).
    guard count <= UInt64(maxSeries), count <= UInt64(reader.remaining / 3) else {
      throw .corrupt(subject, "series count \(count) exceeds the record's \(payload.count) bytes")
    }
    for _ in 0..<count {
      let id = try reader.readVarint()
      guard id <= UInt64(UInt32.max) else { throw .corrupt(subject, "series id \(id) out of range") }
      let length = try reader.readVarint()
      guard length <= UInt64(reader.remaining) else { throw .truncated(subject, "chunk of \(length) bytes past the end") }
      let chunk = try reader.readBytes(count: Int(length))
      let (timestamps, values) = try DecimalChunkIterator.decode(chunk, allowsBase: true).get()
      samples.reserveCapacity(samples.count + timestamps.count)
      for index in timestamps.indices {
        samples.append(WALSample(seriesID: SeriesID(id), timestampMs: timestamps[index], value: values[index]))
      }
    }
    guard reader.remaining == 0 else { throw .corrupt(subject, "\(reader.remaining) bytes after the last series") }
  }
}
