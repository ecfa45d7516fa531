// Blocks round-trip: what BlockWriter writes, Block reads back exactly: series selected by every
// matcher kind (checked against a brute-force oracle), chunks filtered by time, label names and
// values, the empty block, and the directory left behind.
import Codecs
import Foundation
@testable import MetricStore
import Testing
import WardenCore

/// A block chunk holding `samples`.
func blockChunk(_ samples: [(Int64, Double)]) -> BlockChunk {
  var encoder = XORChunkEncoder()
  for (time, value) in samples { encoder.append(timestampMs: time, value: value) }
  return BlockChunk(minTimeMs: encoder.minTimestampMs, maxTimeMs: encoder.maxTimestampMs, bytes: encoder.bytes)
}

/// One chunk decoded: its time range and samples (values as bit patterns), whatever its encoding.
struct DecodedChunk: Equatable {
  var minTimeMs: Int64
  var maxTimeMs: Int64
  var timestamps: [Int64] = []
  var bits: [UInt64] = []
  var failed = false

  init(_ chunk: BlockChunk) {
    minTimeMs = chunk.minTimeMs
    maxTimeMs = chunk.maxTimeMs
    var iterator = chunk.samples()
    do {
      while let sample = try iterator.next() {
        timestamps.append(sample.timestampMs)
        bits.append(sample.value.bitPattern)
      }
    } catch {
      failed = true
    }
  }
}

/// Series with every chunk decoded: equal when they hold the same samples in the same chunks,
/// whether a chunk is stored as XOR (what tests build) or decimal-delta (what blocks store).
func decoded(_ series: [BlockSeries]) -> [DecodedSeries] {
  series.map { DecodedSeries(labels: $0.labels, chunks: $0.chunks.map(DecodedChunk.init)) }
}

/// A series with every chunk decoded.
struct DecodedSeries: Equatable {
  var labels: Labels
  var chunks: [DecodedChunk]
}

/// The samples of a chunk, values as bit patterns so NaNs compare exactly.
func decodedSamples(_ chunk: BlockChunk) -> [Int64: UInt64] {
  var iterator = chunk.samples()
  var samples: [Int64: UInt64] = [:]
  while let sample = try? iterator.next() { samples[sample.timestampMs] = sample.value.bitPattern }
  return samples
}

/// The error `Block.open` throws, or nil (a value, to keep typed throws out of test bodies).
func blockOpenError(_ directory: String) -> StoreError? {
  do {
    _ = try Block.open(directory)
    return nil
  } catch {
    return error
  }
}

/// The error `select` throws, or nil.
func blockSelectError(_ block: Block, startMs: Int64, endMs: Int64) -> StoreError? {
  do {
    _ = try block.select([], startMs: startMs, endMs: endMs)
    return nil
  } catch {
    return error
  }
}

struct BlockRoundTripTests {
  static let chunkSpan: Int64 = 1_000_000

  /// 1000 series × 4 chunks × 30 samples; `env` only on even series; series 0 holds a stale marker.
  static let series: [BlockSeries] = {
    var all: [BlockSeries] = []
    for i in 0..<1000 {
      var pairs = [
        Label("__name__", i % 3 == 0 ? "up" : "cpu"), Label("job", "job\(i % 7)"), Label("instance", "i\(i)"),
      ]
      if i % 2 == 0 { pairs.append(Label("env", "prod")) }
      let chunks = (0..<4).map { c in
        blockChunk(
          (0..<30).map { k in
            let value = i == 0 && k == 5 ? Double.staleMarker : Double(i * 1000 + c * 100 + k)
            return (Int64(c) * chunkSpan + Int64(k) * 10_000, value)
          })
      }
      all.append(BlockSeries(labels: Labels(pairs), chunks: chunks))
    }
    return all.sorted { $0.labels < $1.labels }
  }()

  private func writeBlock(_ series: [BlockSeries]) throws -> (Block, String) {
    let blocks = temporaryStoreDirectory() + "/blocks"
    let meta = try BlockWriter.write(series, minTimeMs: 0, maxTimeMs: 4 * Self.chunkSpan, level: 1, sources: [], into: blocks)
    return (try Block.open(blocks + "/" + meta.id), blocks)
  }

  @Test func selectsWhatEveryMatcherKindSelects() throws {
    let (block, _) = try writeBlock(Self.series)
    #expect(block.meta.series == 1000)
    #expect(block.meta.chunks == 4000)
    #expect(block.meta.samples == 120_000)
    let cases: [[LabelMatcher]] = [
      [],
      [matcher(.equal, "__name__", "up")],
      [matcher(.notEqual, "job", "job3")],
      [matcher(.regexMatch, "job", "job[12]")],
      [matcher(.regexNoMatch, "instance", "i1.*")],
      [matcher(.equal, "env", "")],
      [matcher(.notEqual, "env", "")],
      [matcher(.regexMatch, "env", ".*")],
      [matcher(.regexMatch, "env", "prod|")],
      [matcher(.regexNoMatch, "env", "prod")],
      [matcher(.regexMatch, "instance", "i1")],  // anchored: not i10, i100…
      [matcher(.regexMatch, "instance", "1")],  // anchored: nothing
      [matcher(.regexMatch, "instance", "i1|i20|i999|nope")],
      [matcher(.equal, "nosuch", "x")],
      [matcher(.notEqual, "nosuch", "x")],
      [matcher(.equal, "__name__", "cpu"), matcher(.regexMatch, "job", "job[0-2]"), matcher(.notEqual, "env", "prod")],
      [matcher(.equal, "__name__", "up"), matcher(.equal, "__name__", "cpu")],
    ]
    for matchers in cases {
      let expected = Self.series.filter { series in matchers.allSatisfy { $0.matches(series.labels[$0.name]) } }
      let selected = try block.select(matchers, startMs: .min, endMs: .max)
      #expect(selected.map(\.labels) == expected.map(\.labels), "\(matchers)")
      #expect(decoded(selected) == decoded(expected), "\(matchers)")
    }
    let first = try #require(try block.select([matcher(.equal, "instance", "i0")], startMs: .min, endMs: .max).first)
    #expect(first.chunks.count == 4)
    #expect(decodedSamples(first.chunks[0])[50_000] == staleNaNBitPattern)
    #expect(decodedSamples(first.chunks[3])[3_000_000 + 290_000] == Double(329).bitPattern)
  }

  @Test func keepsOnlyChunksOverlappingTheRange() throws {
    let (block, _) = try writeBlock(Self.series)
    let only = [matcher(.equal, "instance", "i7")]
    let original = try #require(Self.series.first { $0.labels["instance"] == "i7" })
    let middle = try block.select(only, startMs: 1_000_000, endMs: 1_100_000).first?.chunks ?? []
    #expect(middle.map(DecodedChunk.init) == [DecodedChunk(original.chunks[1])])
    let firstTwo = try block.select(only, startMs: 290_000, endMs: 1_000_000).first?.chunks ?? []
    #expect(firstTwo.map(DecodedChunk.init) == original.chunks[0...1].map(DecodedChunk.init))
    #expect(try block.select(only, startMs: 290_001, endMs: 999_999).isEmpty)
    #expect(try block.select(only, startMs: 5_000_000, endMs: .max).isEmpty)
    #expect(try block.select(only, startMs: 10, endMs: 5).isEmpty)
    #expect(try block.select([], startMs: 3_290_000, endMs: .max).count == 1000)
  }

  @Test func listsLabelNamesAndValues() throws {
    let (block, _) = try writeBlock(Self.series)
    #expect(block.labelNames() == ["__name__", "env", "instance", "job"])
    #expect(block.labelValues("__name__") == ["cpu", "up"])
    #expect(block.labelValues("job") == (0..<7).map { "job\($0)" })
    #expect(block.labelValues("instance") == (0..<1000).map { "i\($0)" }.sorted())
    #expect(block.labelValues("nosuch") == [])
    #expect(block.sizeBytes > 0)
  }

  @Test func emptyBlockWorks() throws {
    let (block, blocks) = try writeBlock([])
    #expect(block.meta.series == 0 && block.meta.chunks == 0 && block.meta.samples == 0)
    #expect(try block.select([], startMs: .min, endMs: .max).isEmpty)
    #expect(try block.select([matcher(.equal, "a", "")], startMs: .min, endMs: .max).isEmpty)
    #expect(block.labelNames().isEmpty)
    #expect(Block.ids(in: blocks) == [block.meta.id])
  }

  @Test func leavesOnlyTheFinishedDirectoryAndMeta() throws {
    let (block, blocks) = try writeBlock(Array(Self.series.prefix(3)))
    #expect(try FileIO.list(blocks) == [block.meta.id])
    #expect(try FileIO.list(block.directory).sorted() == ["chunks", "index", "meta.json"])
    let reopened = try Block.open(block.directory)
    #expect(reopened.meta == block.meta)
    #expect(block.meta.level == 1 && block.meta.sources == [] && block.meta.version == 4)
    #expect(BlockID.isValid(block.meta.id))
  }

  @Test func recordsCompactionLineage() throws {
    let blocks = temporaryStoreDirectory() + "/blocks"
    let sources = [BlockID.make(), BlockID.make()]
    let meta = try BlockWriter.write(
      Array(Self.series.prefix(2)), minTimeMs: -5, maxTimeMs: 9, level: 3, sources: sources, into: blocks)
    let block = try Block.open(blocks + "/" + meta.id)
    #expect(block.meta == meta)
    #expect(block.meta.sources == sources && block.meta.level == 3 && block.meta.minTimeMs == -5)
  }

  @Test func blockIDsSortByTime() {
    let early = BlockID.make(nowMs: 1_700_000_000_000)
    let late = BlockID.make(nowMs: 1_700_000_000_001)
    #expect(early < late)
    #expect(early.count == 26 && BlockID.isValid(early))
    #expect(!BlockID.isValid(early + ".tmp"))
  }
}
