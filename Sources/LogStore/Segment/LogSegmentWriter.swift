// Writes one segment file from sealed blocks: to a temporary name, synced, then renamed into
// place and the directory synced, so a segment file either is complete or does not exist.
#if canImport(Glibc)
  import Glibc
#endif
import Codecs
import WardenCore

enum LogSegmentWriter {
  struct Stream {
    var labels: Labels
    var blocks: [SealedLogBlock]
  }

  /// Writes `streams` (any order; written sorted by labels) as the segment of `generation`.
  /// - Returns: the size of the file.
  @discardableResult
  static func write(
    generation: UInt64, streams: [Stream], appliedTombstones: [UInt64], to path: String, directory: String
  ) throws(LogStoreError) -> Int {
    let bytes = encode(generation: generation, streams: streams, appliedTombstones: appliedTombstones)
    let temporary = path + ".tmp"
    let descriptor = try LogFileIO.create(temporary)
    do throws(LogStoreError) {
      try LogFileIO.writeAll(descriptor, bytes, path: temporary)
      try LogFileIO.sync(descriptor, path: temporary)
    } catch {
      closeFile(descriptor)
      LogFileIO.remove(temporary)
      throw error
    }
    closeFile(descriptor)
    try LogFileIO.rename(temporary, to: path)
    try LogFileIO.syncDirectoryOrThrow(directory)
    return bytes.count
  }

  static func encode(generation: UInt64, streams unsorted: [Stream], appliedTombstones: [UInt64]) -> [UInt8] {
    let streams = unsorted.filter { !$0.blocks.isEmpty }.sorted { $0.labels < $1.labels }
    var file: [UInt8] = []
    file.reserveCapacity(streams.reduce(LogSegmentFormat.headerSize + LogSegmentFormat.footerSize) { total, stream in
      total + stream.blocks.reduce(0) { $0 + $1.compressed.count + $1.bloom.count + 48 } + 64
    })
    BigEndian.append(LogSegmentFormat.magic, to: &file)
    file.append(LogSegmentFormat.version)
    file.append(UInt8(GramBloom.gramLength))
    file.append(UInt8(GramBloom.sampleBits))
    file.append(0)
    BigEndian.append(generation, to: &file)

    var blockOffsets: [[Int]] = []
    for stream in streams {
      var offsets: [Int] = []
      for block in stream.blocks {
        offsets.append(file.count)
        file.append(contentsOf: block.compressed)
      }
      blockOffsets.append(offsets)
    }
    var bloomOffsets: [[Int]] = []
    for stream in streams {
      var offsets: [Int] = []
      for block in stream.blocks {
        offsets.append(file.count)
        file.append(contentsOf: block.bloom)
      }
      bloomOffsets.append(offsets)
    }
    // Header included, so a flipped generation or parameter byte is caught too.
    let dataCRC = CRC32C.checksum(file)

    let indexOffset = file.count
    Varint.append(UInt64(streams.count), to: &file)
    for (streamIndex, stream) in streams.enumerated() {
      Varint.append(UInt64(stream.labels.count), to: &file)
      for label in stream.labels.pairs {
        appendString(label.name, to: &file)
        appendString(label.value, to: &file)
      }
      Varint.append(UInt64(stream.blocks.count), to: &file)
      for (blockIndex, block) in stream.blocks.enumerated() {
        let info = block.info
        Varint.append(UInt64(blockOffsets[streamIndex][blockIndex]), to: &file)
        Varint.append(UInt64(info.compressedBytes), to: &file)
        Varint.append(UInt64(info.payloadBytes), to: &file)
        Varint.appendZigZag(info.minTimeNs, to: &file)
        Varint.append(UInt64(bitPattern: info.maxTimeNs &- info.minTimeNs), to: &file)
        Varint.append(UInt64(info.count), to: &file)
        Varint.append(UInt64(info.lineBytes), to: &file)
        BigEndian.append(info.crc, to: &file)
        Varint.append(UInt64(bloomOffsets[streamIndex][blockIndex]), to: &file)
        Varint.append(UInt64(block.bloom.count), to: &file)
      }
    }
    Varint.append(UInt64(appliedTombstones.count), to: &file)
    for id in appliedTombstones { Varint.append(id, to: &file) }
    let indexLength = file.count - indexOffset
    let indexCRC = file.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[indexOffset...])) }

    BigEndian.append(UInt64(indexOffset), to: &file)
    BigEndian.append(UInt64(indexLength), to: &file)
    BigEndian.append(indexCRC, to: &file)
    BigEndian.append(dataCRC, to: &file)
    BigEndian.append(UInt32(0), to: &file)
    BigEndian.append(LogSegmentFormat.magic, to: &file)
    return file
  }

  private static func appendString(_ string: String, to buffer: inout [UInt8]) {
    Varint.append(UInt64(string.utf8.count), to: &buffer)
    buffer.append(contentsOf: string.utf8)
  }
}

private func closeFile(_ descriptor: Int32) { _ = close(descriptor) }
