// A block's `meta.json`: identity, time range, statistics and compaction lineage. Written last,
// so its presence marks a complete block. Layout: docs/format/metrics-block.md.
import Foundation

/// The parsed `meta.json` of a block. A value; safe to share.
///
/// JSON shape (keys sorted): `compaction {level, sources}`, `id`, `maxTimeMs`, `minTimeMs`,
/// `stats {chunks, samples, series}`, `version`.
package struct BlockMeta: Codable, Sendable, Equatable {
  /// The block format version this code writes (it also reads versions 1 and 2).
  package static let currentVersion = Int(BlockFormat.fileVersion)
  /// The block format versions this code reads.
  package static let readableVersions = Int(BlockFormat.readableVersions.lowerBound)...Int(BlockFormat.readableVersions.upperBound)

  package var version: Int
  /// The block's directory name: a ULID (26 Crockford base-32 characters, time-sortable).
  package var id: String
  /// The block holds samples with `minTimeMs <= t < maxTimeMs`.
  package var minTimeMs: Int64
  package var maxTimeMs: Int64
  package var series: Int
  package var chunks: Int
  package var samples: Int
  /// 1 for a block cut from the head; one more than its highest source for a compacted block.
  package var level: Int
  /// Ids of the blocks this one was compacted from (empty for a head block).
  package var sources: [String]

  package init(
    version: Int = BlockMeta.currentVersion, id: String, minTimeMs: Int64, maxTimeMs: Int64,
    series: Int, chunks: Int, samples: Int, level: Int, sources: [String]
  ) {
    self.version = version
    self.id = id
    self.minTimeMs = minTimeMs
    self.maxTimeMs = maxTimeMs
    self.series = series
    self.chunks = chunks
    self.samples = samples
    self.level = level
    self.sources = sources
  }

  private enum Keys: String, CodingKey {
    case version, id, minTimeMs, maxTimeMs, stats, compaction
  }
  private enum StatsKeys: String, CodingKey { case series, chunks, samples }
  private enum CompactionKeys: String, CodingKey { case level, sources }

  package init(from decoder: any Decoder) throws {
    let root = try decoder.container(keyedBy: Keys.self)
    version = try root.decode(Int.self, forKey: .version)
    id = try root.decode(String.self, forKey: .id)
    minTimeMs = try root.decode(Int64.self, forKey: .minTimeMs)
    maxTimeMs = try root.decode(Int64.self, forKey: .maxTimeMs)
    let stats = try root.nestedContainer(keyedBy: StatsKeys.self, forKey: .stats)
    series = try stats.decode(Int.self, forKey: .series)
    chunks = try stats.decode(Int.self, forKey: .chunks)
    samples = try stats.decode(Int.self, forKey: .samples)
    let compaction = try root.nestedContainer(keyedBy: CompactionKeys.self, forKey: .compaction)
    level = try compaction.decode(Int.self, forKey: .level)
    sources = try compaction.decode([String].self, forKey: .sources)
  }

  package func encode(to encoder: any Encoder) throws {
    var root = encoder.container(keyedBy: Keys.self)
    try root.encode(version, forKey: .version)
    try root.encode(id, forKey: .id)
    try root.encode(minTimeMs, forKey: .minTimeMs)
    try root.encode(maxTimeMs, forKey: .maxTimeMs)
    var stats = root.nestedContainer(keyedBy: StatsKeys.self, forKey: .stats)
    try stats.encode(series, forKey: .series)
    try stats.encode(chunks, forKey: .chunks)
    try stats.encode(samples, forKey: .samples)
    var compaction = root.nestedContainer(keyedBy: CompactionKeys.self, forKey: .compaction)
    try compaction.encode(level, forKey: .level)
    try compaction.encode(sources, forKey: .sources)
  }

  /// The `meta.json` bytes: pretty-printed, keys sorted, trailing newline.
  func encoded() throws(StoreError) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      return Array(try encoder.encode(self)) + [0x0A]
    } catch {
      throw StoreError(.io, "cannot encode meta.json of block \(id)", cause: error)
    }
  }

  /// Parses `meta.json` bytes; `path` names the file in errors.
  static func decode(_ bytes: [UInt8], path: String) throws(StoreError) -> BlockMeta {
    let meta: BlockMeta
    do {
      meta = try JSONDecoder().decode(BlockMeta.self, from: Data(bytes))
    } catch {
      throw StoreError(.corrupt, "cannot decode \(path)", cause: error)
    }
    guard readableVersions.contains(meta.version) else {
      throw StoreError(.corrupt, "cannot open \(path): unsupported block version \(meta.version)")
    }
    return meta
  }
}
