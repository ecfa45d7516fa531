// Writes a version-4 `chunks` file: chunks re-encoded as decimal-planes (encoding 4), tagged with
// their encoding, packed into independently zstd-compressed frames of about 256 KiB. Layout:
// docs/format/metrics-block.md ("chunks, versions 2 to 4").
import Codecs
#if canImport(Glibc)
  import Glibc
#endif

enum BlockChunksWriter {
  /// Flushes the file's write buffer at this size.
  private static let flushBytes = 1 << 20

  /// Writes every chunk of `series` (in order) to a new file at `path`, fsyncs it, and returns
  /// each chunk's version-2 reference, the chunk count and the sample count.
  static func write(
    _ series: [BlockSeries], to path: String
  ) throws(StoreError) -> (refs: [[UInt64]], chunks: Int, samples: Int) {
    let descriptor = try FileIO.create(path)
    defer { close(descriptor) }
    var buffer = BlockFormat.header(magic: BlockFormat.chunksMagic)
    var written = 0
    var frame: [UInt8] = []
    frame.reserveCapacity(BlockFormat.frameTargetBytes + 4096)
    var refs: [[UInt64]] = []
    refs.reserveCapacity(series.count)
    var chunkCount = 0
    var sampleCount = 0
    for entry in series {
      var seriesRefs: [UInt64] = []
      seriesRefs.reserveCapacity(entry.chunks.count)
      for chunk in entry.chunks {
        let stored = decimal(chunk)
        seriesRefs.append(BlockFormat.ref(frame: written + buffer.count, inner: frame.count))
        frame.append(stored.encoding.rawValue)
        Varint.append(UInt64(stored.bytes.count), to: &frame)
        frame += stored.bytes
        chunkCount += 1
        sampleCount += chunk.sampleCount
        if frame.count >= BlockFormat.frameTargetBytes {
          appendFrame(&frame, to: &buffer)
          if buffer.count >= flushBytes {
            try FileIO.writeAll(descriptor, buffer, path: path)
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
          }
        }
      }
      refs.append(seriesRefs)
    }
    if !frame.isEmpty { appendFrame(&frame, to: &buffer) }
    try FileIO.writeAll(descriptor, buffer, path: path)
    try FileIO.sync(descriptor, path: path)
    return (refs, chunkCount, sampleCount)
  }

  /// Compresses `frame` onto `buffer` (lengths, zstd bytes, CRC32C of the zstd bytes) and empties it.
  private static func appendFrame(_ frame: inout [UInt8], to buffer: inout [UInt8]) {
    precondition(frame.count < BlockFormat.maxFrameBytes, "BUG: chunk frame of \(frame.count) bytes")
    let compressed = Zstd.compress(frame, level: BlockFormat.zstdLevel)
    BigEndian.append(UInt32(compressed.count), to: &buffer)
    BigEndian.append(UInt32(frame.count), to: &buffer)
    buffer += compressed
    BigEndian.append(CRC32C.checksum(compressed), to: &buffer)
    frame.removeAll(keepingCapacity: true)
  }

  /// `chunk` as a decimal-planes chunk (an XOR chunk from the head, or an older block's decimal
  /// chunk carried over by compaction); a chunk that does not decode is kept as it is.
  private static func decimal(_ chunk: BlockChunk) -> BlockChunk {
    guard chunk.encoding != .decimalPlanes else { return chunk }
    var iterator = chunk.samples()
    var timestamps: [Int64] = []
    var values: [Double] = []
    timestamps.reserveCapacity(chunk.sampleCount)
    values.reserveCapacity(chunk.sampleCount)
    do throws(CodecError) {
      try iterator.append(from: .min, through: .max, timestamps: &timestamps, values: &values)
    } catch {
      return chunk
    }
    guard timestamps.count <= DecimalChunkFormat.maxSampleCount else { return chunk }
    let bytes = DecimalPlanesEncoder.encode(timestamps: timestamps, values: values)
    return BlockChunk(minTimeMs: chunk.minTimeMs, maxTimeMs: chunk.maxTimeMs, bytes: bytes, encoding: .decimalPlanes)
  }
}
