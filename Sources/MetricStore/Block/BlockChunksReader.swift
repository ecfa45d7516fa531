// Reads chunks out of a block's memory-mapped `chunks` file, version 1 (framed XOR chunks, each
// with a CRC32C) or versions 2 to 4 (zstd frames of tagged chunks, each frame with a CRC32C).
// Layouts: docs/format/metrics-block.md.
import Codecs

/// The last zstd frame one query decompressed, so its neighbouring chunks cost nothing more.
/// Owned by one query (never shared), so `Block` stays free of mutable state.
struct ChunkFrameCache {
  fileprivate var offset: UInt64 = .max
  fileprivate var bytes: [UInt8] = []
}

/// A verified view of a `chunks` file. Immutable, so thread-safe.
struct BlockChunksReader: Sendable {
  let file: MappedFile
  /// The file's format version, from its header.
  let version: UInt8

  /// Checks the header of the `chunks` file mapped as `file`.
  /// - Throws: `.corrupt` for a bad magic or a version other than `expectedVersion`.
  init(_ file: MappedFile, expectedVersion: UInt8) throws(StoreError) {
    let header = BlockFormat.header(magic: BlockFormat.chunksMagic, version: expectedVersion)
    guard file.count >= header.count, header.indices.allSatisfy({ file.bytes[$0] == header[$0] }) else {
      throw StoreError(.corrupt, "cannot open block chunks \(file.path): bad header (expected version \(expectedVersion))")
    }
    self.file = file
    version = expectedVersion
  }

  /// The chunk at `ref`, after checking its frame's CRC32C.
  /// - Throws: `.corrupt` naming the file and the reference, for a bad reference, frame, checksum
  ///   or zstd frame.
  func chunk(_ ref: UInt64, cache: inout ChunkFrameCache) throws(StoreError) -> (encoding: ChunkEncoding, bytes: [UInt8]) {
    do throws(CodecError) {
      return version == 1 ? (.xor, try versionOneChunk(ref)) : try versionTwoChunk(ref, cache: &cache)
    } catch {
      throw StoreError(.corrupt, "cannot read block chunks \(file.path): \(error.description)")
    }
  }

  private func versionOneChunk(_ ref: UInt64) throws(CodecError) -> [UInt8] {
    guard ref >= UInt64(BlockFormat.headerSize), ref < UInt64(file.count) else {
      throw .corrupt("chunk at byte \(ref)", "chunk reference \(ref) out of bounds")
    }
    var reader = ByteReader(file.bytes, offset: Int(ref), subject: "chunk at byte \(ref)")
    let length = try reader.readVarint()
    guard length <= UInt64(reader.remaining) else { throw .truncated("chunk at byte \(ref)", "length \(length)") }
    let bytes = try reader.readBytes(count: Int(length))
    guard try reader.readUInt32BE() == CRC32C.checksum(bytes) else {
      throw .corrupt("chunk at byte \(ref)", "checksum mismatch")
    }
    return Array(bytes)
  }

  private func versionTwoChunk(
    _ ref: UInt64, cache: inout ChunkFrameCache
  ) throws(CodecError) -> (encoding: ChunkEncoding, bytes: [UInt8]) {
    let (frame, inner) = BlockFormat.split(ref)
    if cache.offset != frame {
      cache.bytes = try decompressFrame(at: frame)
      cache.offset = frame
    }
    let subject = "chunk \(inner) in frame at byte \(frame)"
    guard inner < cache.bytes.count else { throw .corrupt(subject, "offset beyond the frame's \(cache.bytes.count) bytes") }
    let result: Result<(ChunkEncoding, [UInt8]), CodecError> = cache.bytes.withUnsafeBytes { buffer in
      do throws(CodecError) {
        var reader = ByteReader(buffer, offset: inner, subject: subject)
        let tag = try reader.readByte()
        guard let encoding = ChunkEncoding(rawValue: tag) else { throw .corrupt(subject, "unknown encoding \(tag)") }
        let length = try reader.readVarint()
        guard length <= UInt64(reader.remaining) else { throw .truncated(subject, "length \(length)") }
        return .success((encoding, Array(try reader.readBytes(count: Int(length)))))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// The uncompressed bytes of the zstd frame at byte `offset`, after checking its CRC32C.
  private func decompressFrame(at offset: UInt64) throws(CodecError) -> [UInt8] {
    let subject = "frame at byte \(offset)"
    guard offset >= UInt64(BlockFormat.headerSize), offset < UInt64(file.count) else {
      throw .corrupt(subject, "frame reference out of bounds")
    }
    var reader = ByteReader(file.bytes, offset: Int(offset), subject: subject)
    let compressedLength = Int(try reader.readUInt32BE())
    let length = Int(try reader.readUInt32BE())
    guard length < BlockFormat.maxFrameBytes else { throw .corrupt(subject, "uncompressed length \(length)") }
    let compressed = try reader.readBytes(count: compressedLength)
    guard try reader.readUInt32BE() == CRC32C.checksum(compressed) else { throw .corrupt(subject, "checksum mismatch") }
    return try Zstd.decompress(compressed, expectedSize: length)
  }
}
