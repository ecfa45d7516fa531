// The compaction planner as a pure function of block metas: complete and gapped windows, the
// incomplete newest window, the 24-hour level, overlaps, the retention cap, and redundancy.
@testable import MetricStore
import Testing

struct CompactionPlannerTests {
  private static let hour: Int64 = 3_600_000
  private let ranges = [2 * hour, 6 * hour, 24 * hour]

  /// A block `[from, to)` hours; level 1 with no sources unless given.
  private func block(_ id: String, _ from: Int64, _ to: Int64, level: Int = 1, sources: [String] = []) -> BlockMeta {
    BlockMeta(
      id: id, minTimeMs: from * Self.hour, maxTimeMs: to * Self.hour, series: 1, chunks: 1, samples: 1, level: level,
      sources: sources)
  }

  private func ids(_ groups: [[BlockMeta]]) -> [[String]] { groups.map { $0.map(\.id) } }

  @Test func threeBlocksFillingASixHourWindowAreOneGroup() {
    let metas = [block("c", 4, 6), block("a", 0, 2), block("b", 2, 4)]
    #expect(ids(CompactionPlanner.plan(metas, rangesMs: ranges)) == [["a", "b", "c"]])
  }

  @Test func aMissingMiddleBlockIsAGapOnceNewerBlocksExist() {
    // [2h,4h) never came; [4h,6h) exists, so nothing more can arrive for [0,6h).
    #expect(ids(CompactionPlanner.plan([block("a", 0, 2), block("c", 4, 6)], rangesMs: ranges)) == [["a", "c"]])
    // The same with the window's last block missing but a later block present.
    let later = [block("a", 0, 2), block("b", 2, 4), block("d", 6, 8)]
    #expect(ids(CompactionPlanner.plan(later, rangesMs: ranges)) == [["a", "b"]])
  }

  @Test func theIncompleteNewestWindowWaits() {
    #expect(CompactionPlanner.plan([block("a", 0, 2), block("b", 2, 4)], rangesMs: ranges).isEmpty)
    // Complete [0,6h) is merged; [6h,12h) holding two blocks is not yet complete.
    let metas = [block("a", 0, 2), block("b", 2, 4), block("c", 4, 6), block("d", 6, 8), block("e", 8, 10)]
    #expect(ids(CompactionPlanner.plan(metas, rangesMs: ranges)) == [["a", "b", "c"]])
  }

  @Test func everyCompleteWindowOfTheLowestRangeComesFirst() {
    let metas = (0..<7).map { block("b\($0)", Int64($0) * 2, Int64($0) * 2 + 2) }  // [0h, 14h)
    #expect(ids(CompactionPlanner.plan(metas, rangesMs: ranges)) == [["b0", "b1", "b2"], ["b3", "b4", "b5"]])
  }

  @Test func fourSixHourBlocksMakeADay() {
    var metas = (0..<4).map { block("s\($0)", Int64($0) * 6, Int64($0) * 6 + 6, level: 2, sources: ["x\($0)"]) }
    #expect(ids(CompactionPlanner.plan(metas, rangesMs: ranges)) == [["s0", "s1", "s2", "s3"]])
    // Three of them and the newest 2-hour blocks of the last window: the 6h level goes first.
    metas.removeLast()
    metas += [block("a", 18, 20), block("b", 20, 22), block("c", 22, 24)]
    #expect(ids(CompactionPlanner.plan(metas, rangesMs: ranges)) == [["a", "b", "c"]])
    // Three 6-hour blocks alone: the day is not over.
    metas.removeLast(3)
    #expect(CompactionPlanner.plan(metas, rangesMs: ranges).isEmpty)
    // A single block filling its window is left alone.
    #expect(CompactionPlanner.plan([block("d", 0, 24, level: 3), block("e", 24, 26)], rangesMs: ranges).isEmpty)
  }

  @Test func blocksStraddlingOrLongerThanTheWindowAreSkipped() {
    let metas = [block("a", 0, 2), block("long", 2, 10, level: 2), block("c", 10, 12), block("d", 12, 14)]
    // "long" fits no 6h window; [6h,12h) holds only "c"; [12h,18h) is incomplete. The day is not over.
    #expect(CompactionPlanner.plan(metas, rangesMs: ranges).isEmpty)
  }

  @Test func overlappingBlocksAreMergedFirst() {
    let metas = [block("a", 0, 2), block("b", 1, 3), block("c", 2, 4), block("d", 6, 8), block("e", 8, 10)]
    #expect(ids(CompactionPlanner.plan(metas, rangesMs: ranges)) == [["a", "b", "c"]])
  }

  @Test func rangesAreCappedAtATenthOfRetention() {
    let day = 24 * Self.hour
    #expect(CompactionPlanner.effectiveRanges(ranges, retentionMs: 15 * day) == ranges)
    #expect(CompactionPlanner.effectiveRanges(ranges, retentionMs: 5 * day) == [2 * Self.hour, 6 * Self.hour])
    #expect(CompactionPlanner.effectiveRanges(ranges, retentionMs: 3 * Self.hour) == [])
    #expect(CompactionPlanner.effectiveRanges(ranges, retentionMs: 0) == ranges)
    // With only the first range left there is nothing to plan.
    let metas = [block("a", 0, 2), block("b", 2, 4), block("c", 4, 6), block("d", 6, 8)]
    #expect(CompactionPlanner.plan(metas, rangesMs: [2 * Self.hour]).isEmpty)
  }

  @Test func lineageAndRedundancy() {
    let a = block("a", 0, 2)
    let b = block("b", 2, 4)
    let c = block("c", 4, 6)
    let merged = block("m", 0, 6, level: 2, sources: ["a", "b", "c"])
    let first = CompactionPlanner.lineage(of: [a, b, c])
    #expect(first.level == 2 && first.sources == ["a", "b", "c"])
    let second = CompactionPlanner.lineage(of: [merged, block("d", 6, 8)])
    #expect(second.level == 3 && second.sources == ["a", "b", "c", "d"])
    #expect(CompactionPlanner.redundant([a, b, c, merged, block("d", 6, 8)]) == ["a", "b", "c"])
    // A level-3 block covering a level-2 one and its sources.
    let day = block("y", 0, 24, level: 3, sources: ["a", "b", "c", "d"])
    #expect(CompactionPlanner.redundant([merged, day, a]) == ["m", "a"])
    // Equal sources: the higher level, then the later id, is kept.
    let twin = block("n", 0, 6, level: 2, sources: ["a", "b", "c"])
    #expect(CompactionPlanner.redundant([merged, twin]) == ["m"])
    // Partial overlap of sources is not redundancy.
    #expect(CompactionPlanner.redundant([merged, block("z", 4, 8, level: 2, sources: ["c", "d"])]).isEmpty)
  }
}
