// Writes a block directory atomically: files into `<id>.tmp`, each fsynced, `meta.json` last,
// the directory fsynced, then renamed to `<id>` and the parent fsynced. A crash leaves either
// nothing, a `.tmp` directory (never opened as a block), or a complete block. Always writes the
// current format version (2); `BlockChunksWriter` writes the chunks.
import Codecs
#if canImport(Glibc)
  import Glibc
#endif

enum BlockWriter {
  /// Writes a block of `series` covering `[minTimeMs, maxTimeMs)` under `blocksDirectory`.
  ///
  /// Blocking file I/O: call from a thread that may block (not a cooperative-pool hot path).
  /// Thread-safe for distinct ids; concurrent writers of one id are a caller bug.
  /// - Parameters:
  ///   - series: sorted by labels (`Labels` is `Comparable`), unique; a precondition.
  ///   - level: compaction level (1 for a block cut from the head).
  ///   - sources: ids of the blocks merged into this one.
  ///   - id: the block id; a new ULID when nil (tests pass a fixed one).
  ///   - maxSamplesPerChunk: when set, each series' samples are re-cut into chunks of at most this
  ///     many (`BlockRechunker`); when nil the chunks are stored as given.
  /// - Returns: the meta written to `meta.json`.
  /// - Throws: `StoreError` (`.io`, `.outOfSpace`); the `.tmp` directory is then removed.
  static func write(
    _ series: [BlockSeries], minTimeMs: Int64, maxTimeMs: Int64, level: Int, sources: [String],
    into blocksDirectory: String, id: String? = nil, maxSamplesPerChunk: Int? = nil
  ) throws(StoreError) -> BlockMeta {
    for index in series.indices.dropFirst() {
      precondition(series[index - 1].labels < series[index].labels, "BUG: block series not sorted and unique at \(index)")
    }
    let stored = maxSamplesPerChunk.map { BlockRechunker.rechunk(series, maxSamples: $0) } ?? series
    let id = id ?? BlockID.make()
    let final = blocksDirectory + "/" + id
    let temporary = final + FileNames.blockTemporarySuffix
    try FileIO.makeDirectory(blocksDirectory)
    guard !FileIO.exists(final) else { throw StoreError(.io, "cannot write block \(final): it already exists") }
    try FileIO.removeFlatDirectory(temporary)
    try FileIO.makeDirectory(temporary)
    do throws(StoreError) {
      let (refs, chunkCount, sampleCount) = try BlockChunksWriter.write(stored, to: temporary + "/" + FileNames.blockChunks)
      try FileIO.writeFile(temporary + "/" + FileNames.blockIndex, BlockIndexWriter.build(stored, chunkRefs: refs))
      let meta = BlockMeta(
        id: id, minTimeMs: minTimeMs, maxTimeMs: maxTimeMs, series: stored.count, chunks: chunkCount,
        samples: sampleCount, level: level, sources: sources)
      try FileIO.writeFile(temporary + "/" + FileNames.blockMeta, try meta.encoded())
      try FileIO.syncDirectoryOrThrow(temporary)
      try FileIO.rename(temporary, to: final)
      try FileIO.syncDirectoryOrThrow(blocksDirectory)
      return meta
    } catch {
      try? FileIO.removeFlatDirectory(temporary)
      throw error
    }
  }
}
