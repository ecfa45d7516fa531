// An opened, verified, immutable block: its meta, its memory-mapped index and chunks, and
// queries over them (series by matchers and time, label names and values).
import Codecs
package import WardenCore

/// A persistent block, open for reading.
///
/// Thread-safe: every stored property is immutable after `open`, and the mappings live as long
/// as the object, so any number of tasks may query one block concurrently. Queries do blocking
/// reads of mapped memory (page faults), like file reads.
package final class Block: Sendable {
  package let meta: BlockMeta
  /// The block's directory (`<blocks>/<id>`).
  package let directory: String
  private let index: BlockIndex
  private let chunks: MappedFile

  private init(meta: BlockMeta, directory: String, index: BlockIndex, chunks: MappedFile) {
    self.meta = meta
    self.directory = directory
    self.index = index
    self.chunks = chunks
  }

  /// Opens and verifies `meta.json` and the index checksums (not every chunk).
  /// - Throws: `.corrupt` naming the file and what failed; `.io` when a file cannot be read
  ///   (a missing `meta.json` included), or when `directory` is an unfinished `.tmp` block.
  package static func open(_ directory: String) throws(StoreError) -> Block {
    guard !directory.hasSuffix(FileNames.blockTemporarySuffix) else {
      throw StoreError(.io, "cannot open block \(directory): an unfinished block (\(FileNames.blockTemporarySuffix))")
    }
    let metaPath = directory + "/" + FileNames.blockMeta
    let meta = try BlockMeta.decode(try FileIO.read(metaPath), path: metaPath)
    let index = try BlockIndex(path: directory + "/" + FileNames.blockIndex)
    guard index.seriesCount == meta.series else {
      throw StoreError(.corrupt, "cannot open block \(directory): index has \(index.seriesCount) series, meta.json \(meta.series)")
    }
    let chunksPath = directory + "/" + FileNames.blockChunks
    let chunks = try MappedFile(chunksPath)
    let header = BlockFormat.header(magic: BlockFormat.chunksMagic)
    guard chunks.count >= header.count, header.indices.allSatisfy({ chunks.bytes[$0] == header[$0] }) else {
      throw StoreError(.corrupt, "cannot open block chunks \(chunksPath): bad header")
    }
    return Block(meta: meta, directory: directory, index: index, chunks: chunks)
  }

  /// Ids of the complete-looking blocks in `blocksDirectory` (names that are block ids; `.tmp`
  /// leftovers and anything else are skipped), oldest first. Empty if the directory is absent.
  package static func ids(in blocksDirectory: String) -> [String] {
    ((try? FileIO.list(blocksDirectory)) ?? []).filter(BlockID.isValid).sorted()
  }

  /// Series matching all matchers (Prometheus semantics, as `PostingsIndex.select`) that have
  /// chunks overlapping `[startMs, endMs]`, sorted by labels, each with only those chunks.
  /// - Throws: `.corrupt` if a chunk's frame or CRC32C is bad, naming the file and offset.
  package func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws(StoreError) -> [BlockSeries] {
    guard startMs <= endMs, meta.series > 0 else { return [] }
    var result: [BlockSeries] = []
    for ordinal in try index.select(matchers) {
      let (labels, metas) = try index.series(Int(ordinal))
      var selected: [BlockChunk] = []
      for chunk in metas where chunk.maxTimeMs >= startMs && chunk.minTimeMs <= endMs {
        selected.append(BlockChunk(minTimeMs: chunk.minTimeMs, maxTimeMs: chunk.maxTimeMs, bytes: try readChunk(chunk.ref)))
      }
      if !selected.isEmpty { result.append(BlockSeries(labels: labels, chunks: selected)) }
    }
    return result
  }

  /// The bytes of the chunk framed at `ref`, after checking the frame and its CRC32C.
  private func readChunk(_ ref: UInt64) throws(StoreError) -> [UInt8] {
    let path = directory + "/" + FileNames.blockChunks
    guard ref >= UInt64(BlockFormat.headerSize), ref < UInt64(chunks.count) else {
      throw StoreError(.corrupt, "cannot read block chunks \(path): chunk reference \(ref) out of bounds")
    }
    do throws(CodecError) {
      var reader = ByteReader(chunks.bytes, offset: Int(ref), subject: "chunk at byte \(ref)")
      let length = try reader.readVarint()
      guard length <= UInt64(reader.remaining) else { throw CodecError.truncated("chunk at byte \(ref)", "length \(length)") }
      let bytes = try reader.readBytes(count: Int(length))
      guard try reader.readUInt32BE() == CRC32C.checksum(bytes) else {
        throw CodecError.corrupt("chunk at byte \(ref)", "checksum mismatch")
      }
      return Array(bytes)
    } catch {
      throw StoreError(.corrupt, "cannot read block chunks \(path): \(error.description)")
    }
  }

  /// Every label name in the block, sorted.
  package func labelNames() -> [String] { index.names }

  /// Every value of label `name` in the block, sorted; empty for an unknown name.
  package func labelValues(_ name: String) -> [String] { index.values[name] ?? [] }

  /// Bytes on disk: index, chunks and meta.json.
  package var sizeBytes: Int {
    index.file.count + chunks.count + FileIO.fileSize(directory + "/" + FileNames.blockMeta)
  }
}
