// The series-chunks records (WAL types 7 and 8): samples grouped by series, each series' samples
// as one chunk: decimal-delta (encoding 3) in type 7, decimal-planes (encoding 4) in type 8, which
// checkpoints write now (docs/format/metrics-chunk.md). A checkpoint holds the head's newest
// hours, already sorted by series, so it stores them the way a block would: each value coded
// against the previous one of the same series rather than one scrape round at a time.
// Byte layout: docs/format/metrics-wal.md ("Series-chunks records").
import Codecs

enum WALSeriesChunks {
  /// The most series one record holds.
  static let maxSeries = 1 << 20

  /// Appends one record holding `runs`: for each, the series and its samples (at most
  /// `DecimalChunkFormat.maxSampleCount`, any order; kept as given). Nothing for no runs.
  /// - Parameter planes: type 8 with encoding-4 chunks (what checkpoints write); false for type 7
  ///   with encoding-3 chunks, kept so that tests can write what older checkpoints hold.
  static func append(
    _ runs: [(id: SeriesID, timestamps: [Int64], values: [Double])], planes: Bool = true, to buffer: inout [UInt8]
  ) {
    guard !runs.isEmpty else { return }
    precondition(runs.count <= maxSeries, "BUG: \(runs.count) series in one series-chunks record")
    WALRecord.append(planes ? .seriesPlanes : .seriesChunks, to: &buffer) { out in
      Varint.append(UInt64(runs.count), to: &out)
      for run in runs {
        let chunk =
          planes
          ? DecimalPlanesEncoder.encode(timestamps: run.timestamps, values: run.values)
          : DecimalChunkEncoder.encode(timestamps: run.timestamps, values: run.values, allowsBase: true)
        Varint.append(UInt64(run.id), to: &out)
        Varint.append(UInt64(chunk.count), to: &out)
        out += chunk
      }
    }
  }

  /// The record's samples, series by series (each series' in stored order), appended to `samples`.
  /// - Parameter planes: the payload of a type 8 record (encoding-4 chunks), else of type 7.
  /// - Throws: `CodecError` naming the problem for a count or length beyond the record, a series
  ///   id above 2^32 − 1, a chunk that does not decode, or bytes left over.
  static func decode(_ payload: UnsafeRawBufferPointer, planes: Bool, into samples: inout [WALSample]) throws(CodecError) {
    let subject = planes ? "WAL series-planes record" : "WAL series-chunks record"
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
      let decoded = planes ? DecimalPlanesDecoder.decode(chunk) : DecimalChunkIterator.decode(chunk, allowsBase: true)
      let (timestamps, values) = try decoded.get()
      for index in timestamps.indices {
        samples.append(WALSample(seriesID: SeriesID(id), timestampMs: timestamps[index], value: values[index]))
      }
    }
    guard reader.remaining == 0 else { throw .corrupt(subject, "\(reader.remaining) bytes after the last series") }
  }
}
