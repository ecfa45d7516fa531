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
  private let chunks: BlockChunksReader

  private init(meta: BlockMeta, directory: String, index: BlockIndex, chunks: BlockChunksReader) {
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
    guard Int(index.version) == meta.version else {
      throw StoreError(.corrupt, "cannot open block \(directory): index version \(index.version), meta.json \(meta.version)")
    }
    let chunksPath = directory + "/" + FileNames.blockChunks
    let chunks = try BlockChunksReader(try MappedFile(chunksPath, failure: StoreError.self), expectedVersion: index.version)
    return Block(meta: meta, directory: directory, index: index, chunks: chunks)
  }

  /// Ids of the complete-looking blocks in `blocksDirectory` (names that are block ids; `.tmp`
  /// leftovers and anything else are skipped), oldest first. Empty if the directory is absent.
  package static func ids(in blocksDirectory: String) -> [String] {
    ((try? FileIO.list(blocksDirectory)) ?? []).filter(BlockID.isValid).sorted()
  }

  /// Series matching all matchers (Prometheus semantics, as `PostingsIndex.select`) that have
  /// chunks overlapping `[startMs, endMs]`, sorted by labels, each with only those chunks.
  /// Chunks come back in the encoding they are stored in (XOR for version 1, decimal-delta for
  /// versions 2 and 3, decimal-planes for version 4); read them with `BlockChunk.samples()`. A
  /// zstd frame (versions 2 to 4) is decompressed once per call however many of its chunks are
  /// selected in a row.
  /// - Throws: `.corrupt` if a chunk's frame or CRC32C is bad, naming the file and offset.
  package func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws(StoreError) -> [BlockSeries] {
    guard startMs <= endMs, meta.series > 0 else { return [] }
    var result: [BlockSeries] = []
    var cache = ChunkFrameCache()
    var pages = SeriesPageCache()
    for ordinal in try index.select(matchers) {
      let (labels, metas) = try index.series(Int(ordinal), cache: &pages)
      var selected: [BlockChunk] = []
      for chunk in metas where chunk.maxTimeMs >= startMs && chunk.minTimeMs <= endMs {
        let (encoding, bytes) = try chunks.chunk(chunk.ref, cache: &cache)
        selected.append(BlockChunk(minTimeMs: chunk.minTimeMs, maxTimeMs: chunk.maxTimeMs, bytes: bytes, encoding: encoding))
      }
      if !selected.isEmpty { result.append(BlockSeries(labels: labels, chunks: selected)) }
    }
    return result
  }

  /// Every label name in the block, sorted.
  package func labelNames() -> [String] { index.names }

  /// Every value of label `name` in the block, sorted; empty for an unknown name.
  package func labelValues(_ name: String) -> [String] { index.values[name] ?? [] }

  /// Bytes on disk: index, chunks and meta.json.
  package var sizeBytes: Int {
    index.file.count + chunks.file.count + FileIO.fileSize(directory + "/" + FileNames.blockMeta)
  }
}
