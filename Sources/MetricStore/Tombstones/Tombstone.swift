// A deletion: the samples of the series matching some matchers within a time range. In blocks it
// is kept beside the block (`tombstones.json`) and applied when reading and at compaction; in the
// head the samples are removed at once and the deletion is logged in the WAL.
import Codecs
import WardenCore

/// One deletion request as blocks record it.
struct Tombstone: Codable, Sendable, Equatable {
  /// A matcher in a form that survives JSON (LabelMatcher holds a compiled regex).
  struct Matcher: Codable, Sendable, Equatable {
    var name: String
    var kind: String
    var value: String
  }

  var matchers: [Matcher]
  var startMs: Int64
  var endMs: Int64

  init(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) {
    self.matchers = matchers.map { Matcher(name: $0.name, kind: $0.kind.rawValue, value: $0.value) }
    self.startMs = startMs
    self.endMs = endMs
  }

  /// The compiled matchers; nil when the file holds one that no longer compiles (then the
  /// tombstone is ignored rather than deleting the wrong data).
  func compiled() -> [LabelMatcher]? {
    var result: [LabelMatcher] = []
    for matcher in matchers {
      guard let kind = LabelMatcher.Kind(rawValue: matcher.kind),
        let compiled = try? LabelMatcher(kind, matcher.name, matcher.value)
      else { return nil }
      result.append(compiled)
    }
    return result
  }
}

/// Deleted intervals of one series, applied to samples and chunks.
struct DeletedIntervals: Sendable, Equatable {
  var intervals: [(startMs: Int64, endMs: Int64)] = []

  var isEmpty: Bool { intervals.isEmpty }

  func contains(_ timestampMs: Int64) -> Bool {
    intervals.contains { timestampMs >= $0.startMs && timestampMs <= $0.endMs }
  }

  func overlaps(minMs: Int64, maxMs: Int64) -> Bool {
    intervals.contains { $0.startMs <= maxMs && $0.endMs >= minMs }
  }

  /// The intervals the tombstones put on `labels`.
  static func of(_ labels: Labels, in tombstones: [(matchers: [LabelMatcher], startMs: Int64, endMs: Int64)]) -> DeletedIntervals {
    var result = DeletedIntervals()
    for tombstone in tombstones where tombstone.matchers.allSatisfy({ $0.matches(labels[$0.name]) }) {
      result.intervals.append((tombstone.startMs, tombstone.endMs))
    }
    return result
  }

  /// `chunks` without the deleted samples: untouched chunks are kept as they are, touched ones
  /// re-encoded (`samplesPerChunk` per chunk).
  func apply(to chunks: [BlockChunk], samplesPerChunk: Int = 120) throws(CodecError) -> [BlockChunk] {
    var result: [BlockChunk] = []
    for chunk in chunks {
      guard overlaps(minMs: chunk.minTimeMs, maxMs: chunk.maxTimeMs) else {
        result.append(chunk)
        continue
      }
      var iterator = chunk.samples()
      var builder = BlockChunkBuilder(samplesPerChunk: samplesPerChunk)
      while let sample = try iterator.next() {
        if contains(sample.timestampMs) { continue }
        builder.append(timestampMs: sample.timestampMs, value: sample.value)
      }
      result += builder.finish()
    }
    return result
  }

  static func == (lhs: DeletedIntervals, rhs: DeletedIntervals) -> Bool {
    lhs.intervals.map(\.startMs) == rhs.intervals.map(\.startMs) && lhs.intervals.map(\.endMs) == rhs.intervals.map(\.endMs)
  }
}
