// An open segment file: memory-mapped, checked whole at open (header, footer, CRC32C of the index
// and of the block data, every index entry within bounds), its index parsed into per-stream block
// lists. Blocks are decompressed only when a cursor reaches them.
import Codecs
import WardenCore

/// Thread-safe: immutable after `init`; the mapping lives as long as the object.
final class LogSegment: Sendable {
  let generation: UInt64
  let path: String
  let file: MappedFile
  /// Streams by their store-wide id.
  let streams: [StreamID: LogSegmentStream]
  /// Deletions already applied to this segment's records (see `LogTombstone`).
  let appliedTombstones: Set<UInt64>
  let minTimeNs: Int64
  let maxTimeNs: Int64
  let records: Int
  let lineBytes: Int
  let blockCount: Int

  var sizeBytes: Int { file.bytes.count }

  /// Opens and checks `path`.
  /// - Throws: `LogStoreError.corrupt` naming the problem (the caller quarantines the file), or
  ///   `.io` when it cannot be read.
  init(path: String, registry: StreamRegistry) throws(LogStoreError) {
    self.path = path
    file = try MappedFile(path, failure: LogStoreError.self)
    let parsed: Parsed
    do throws(CodecError) {
      parsed = try Self.parse(file.bytes)
    } catch {
      throw LogStoreError(.corrupt, "segment \(path) is damaged", cause: error)
    }
    generation = parsed.generation
    appliedTombstones = parsed.appliedTombstones
    let ids = registry.resolve(parsed.streams.map(\.labels))
    var byID: [StreamID: LogSegmentStream] = [:]
    for (id, stream) in zip(ids, parsed.streams) { byID[id] = stream }
    streams = byID
    minTimeNs = parsed.streams.map(\.minTimeNs).min() ?? 0
    maxTimeNs = parsed.streams.map(\.maxTimeNs).max() ?? 0
    records = parsed.streams.reduce(0) { $0 + $1.blocks.reduce(0) { $0 + $1.info.count } }
    lineBytes = parsed.streams.reduce(0) { $0 + $1.blocks.reduce(0) { $0 + $1.info.lineBytes } }
    blockCount = parsed.streams.reduce(0) { $0 + $1.blocks.count }
  }

  /// The compressed bytes of `block` (valid while this segment is referenced).
  func compressed(_ block: LogSegmentBlock) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: file.bytes[block.offset..<(block.offset + block.info.compressedBytes)])
  }

  func bloom(_ block: LogSegmentBlock) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: file.bytes[block.bloomOffset..<(block.bloomOffset + block.bloomBytes)])
  }

  struct Parsed {
    var generation: UInt64
    var streams: [LogSegmentStream]
    var appliedTombstones: Set<UInt64>
  }

  static func parse(_ bytes: UnsafeRawBufferPointer) throws(CodecError) -> Parsed {
    let subject = "log segment"
    let size = bytes.count
    guard size >= LogSegmentFormat.headerSize + LogSegmentFormat.footerSize else {
      throw .truncated(subject, "\(size) bytes, shorter than its header and footer")
    }
    var header = ByteReader(bytes, subject: subject)
    guard try header.readUInt32BE() == LogSegmentFormat.magic else { throw .corrupt(subject, "bad magic at byte 0") }
    let version = try header.readByte()
    guard version == LogSegmentFormat.version else { throw .corrupt(subject, "unknown version \(version)") }
    let gramLength = try header.readByte()
    let sampleBits = try header.readByte()
    guard Int(gramLength) == GramBloom.gramLength, UInt64(sampleBits) == GramBloom.sampleBits else {
      throw .corrupt(subject, "filter parameters \(gramLength)/\(sampleBits) differ from this version's")
    }
    guard try header.readByte() == 0 else { throw .corrupt(subject, "reserved header byte is not zero") }
    let generation = try header.readUInt64BE()

    var footer = ByteReader(bytes, offset: size - LogSegmentFormat.footerSize, subject: subject)
    let indexOffset = try footer.readUInt64BE()
    let indexLength = try footer.readUInt64BE()
    let indexCRC = try footer.readUInt32BE()
    let dataCRC = try footer.readUInt32BE()
    guard try footer.readUInt32BE() == 0 else { throw .corrupt(subject, "reserved footer field is not zero") }
    guard try footer.readUInt32BE() == LogSegmentFormat.magic else { throw .corrupt(subject, "bad magic in the footer") }
    let footerStart = UInt64(size - LogSegmentFormat.footerSize)
    guard indexOffset >= UInt64(LogSegmentFormat.headerSize), indexOffset <= footerStart,
      indexLength == footerStart - indexOffset
    else { throw .corrupt(subject, "index at \(indexOffset) of \(indexLength) bytes does not fit the file") }
    let dataEnd = Int(indexOffset)
    let index = UnsafeRawBufferPointer(rebasing: bytes[dataEnd..<Int(footerStart)])
    guard CRC32C.checksum(index) == indexCRC else { throw .corrupt(subject, "index checksum mismatch") }
    guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<dataEnd])) == dataCRC else {
      throw .corrupt(subject, "block data checksum mismatch")
    }

    var reader = ByteReader(index, subject: "log segment index")
    let streamCount = try reader.readVarint()
    guard streamCount <= UInt64(reader.remaining) else { throw .corrupt(subject, "stream count \(streamCount) exceeds the index") }
    var streams: [LogSegmentStream] = []
    streams.reserveCapacity(Int(streamCount))
    for _ in 0..<streamCount {
      let labelCount = try reader.readVarint()
      guard labelCount <= UInt64(reader.remaining) else { throw .corrupt(subject, "label count \(labelCount) exceeds the index") }
      var pairs: [Label] = []
      for _ in 0..<labelCount {
        let name = try readString(&reader)
        pairs.append(Label(name, try readString(&reader)))
      }
      let blockCount = try reader.readVarint()
      guard blockCount <= UInt64(reader.remaining) else { throw .corrupt(subject, "block count \(blockCount) exceeds the index") }
      var blocks: [LogSegmentBlock] = []
      blocks.reserveCapacity(Int(blockCount))
      var minTime = Int64.max
      var maxTime = Int64.min
      for _ in 0..<blockCount {
        let offset = try reader.readVarint()
        let compressedBytes = try reader.readVarint()
        let payloadBytes = try reader.readVarint()
        let blockMin = try reader.readZigZagVarint()
        let span = try reader.readVarint()
        let count = try reader.readVarint()
        let lineBytes = try reader.readVarint()
        let crc = try reader.readUInt32BE()
        let bloomOffset = try reader.readVarint()
        let bloomBytes = try reader.readVarint()
        let headerEnd = UInt64(LogSegmentFormat.headerSize)
        guard offset >= headerEnd, offset <= UInt64(dataEnd), compressedBytes <= UInt64(dataEnd) - offset,
          bloomOffset >= headerEnd, bloomOffset <= UInt64(dataEnd), bloomBytes <= UInt64(dataEnd) - bloomOffset,
          payloadBytes <= UInt64(LogBlockCodec.maxPayloadBytes), count > 0, count <= payloadBytes, lineBytes <= payloadBytes,
          span <= UInt64(Int64.max)
        else { throw .corrupt(subject, "block entry at index byte \(reader.offset) out of bounds") }
        let (blockMax, overflow) = blockMin.addingReportingOverflow(Int64(span))
        guard !overflow else { throw .corrupt(subject, "block time range overflows") }
        minTime = min(minTime, blockMin)
        maxTime = max(maxTime, blockMax)
        blocks.append(
          LogSegmentBlock(
            info: LogBlockInfo(
              minTimeNs: blockMin, maxTimeNs: blockMax, count: Int(count), lineBytes: Int(lineBytes),
              payloadBytes: Int(payloadBytes), compressedBytes: Int(compressedBytes), crc: crc),
            offset: Int(offset), bloomOffset: Int(bloomOffset), bloomBytes: Int(bloomBytes)))
      }
      guard !blocks.isEmpty else { throw .corrupt(subject, "stream without blocks") }
      streams.append(LogSegmentStream(labels: Labels(pairs), blocks: blocks, minTimeNs: minTime, maxTimeNs: maxTime))
    }
    let tombstoneCount = try reader.readVarint()
    guard tombstoneCount <= UInt64(reader.remaining) else { throw .corrupt(subject, "tombstone count exceeds the index") }
    var applied = Set<UInt64>()
    for _ in 0..<tombstoneCount { applied.insert(try reader.readVarint()) }
    guard reader.isAtEnd else { throw .corrupt(subject, "\(reader.remaining) bytes after the index") }
    return Parsed(generation: generation, streams: streams, appliedTombstones: applied)
  }

  private static func readString(_ reader: inout ByteReader) throws(CodecError) -> String {
    let length = try reader.readVarint()
    guard length <= UInt64(reader.remaining) else {
      throw .truncated(reader.subject, "string of \(length) bytes past the end at byte \(reader.offset)")
    }
    return String(decoding: try reader.readBytes(count: Int(length)), as: UTF8.self)
  }
}
