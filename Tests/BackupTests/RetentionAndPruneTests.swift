// forget's retention rules (which snapshot each rule keeps, and why) and prune: unused data goes,
// everything the remaining snapshots need still restores and checks clean.
import Backup
import Foundation
import Testing

@Suite struct RetentionAndPruneTests {
  static func entry(_ n: UInt64, _ time: String, host: String = "h", tags: [String] = []) -> SnapshotEntry {
    SnapshotEntry(
      id: BlobID(a: n, b: 0, c: 0, d: 0),
      snapshot: Snapshot(
        time: time, tree: BlobID(a: 0, b: 0, c: 0, d: n), paths: ["/data"], hostname: host, username: "u", tags: tags, parent: nil,
        programVersion: "t", summary: nil))
  }

  /// Hourly snapshots over three days, 2026-11-19 00:00 to 2026-11-21 23:00 UTC.
  static let hourly: [SnapshotEntry] = (0..<72).map { hour in
    entry(UInt64(hour + 1), String(format: "2026-11-%02dT%02d:00:00Z", 19 + hour / 24, hour % 24))
  }

  static func kept(_ policy: RetentionPolicy, _ snapshots: [SnapshotEntry] = hourly) -> [String] {
    policy.apply(to: snapshots).keep.map { $0.0.snapshot.time }.sorted()
  }

  @Test func lastKeepsTheNewest() {
    var policy = RetentionPolicy()
    policy.last = 3
    #expect(Self.kept(policy) == ["2026-11-21T21:00:00Z", "2026-11-21T22:00:00Z", "2026-11-21T23:00:00Z"])
  }

  @Test func dailyKeepsTheNewestOfEachDay() {
    var policy = RetentionPolicy()
    policy.daily = 2
    #expect(Self.kept(policy) == ["2026-11-20T23:00:00Z", "2026-11-21T23:00:00Z"])
  }

  @Test func rulesCombineAndSayWhy() {
    var policy = RetentionPolicy()
    policy.last = 1
    policy.daily = 3
    policy.tags = ["keep"]
    var snapshots = Self.hourly
    snapshots[5] = Self.entry(999, "2026-11-19T05:00:00Z", tags: ["keep"])
    let decision = policy.apply(to: snapshots)
    #expect(decision.keep.count == 4)
    #expect(decision.remove.count == 68)
    let newest = decision.keep.first { $0.0.snapshot.time == "2026-11-21T23:00:00Z" }
    #expect(newest?.reasons == ["last", "daily"])
    #expect(decision.keep.contains { $0.0.id.a == 999 && $0.reasons == ["tag"] })
  }

  @Test func withinKeepsEverythingRecent() {
    var policy = RetentionPolicy()
    policy.within = 5 * 3600
    #expect(Self.kept(policy).count == 6)
  }

  @Test func groupsAreSeparateByHost() {
    var policy = RetentionPolicy()
    policy.last = 1
    let snapshots = [Self.entry(1, "2026-11-21T01:00:00Z", host: "a"), Self.entry(2, "2026-11-21T02:00:00Z", host: "b"),
      Self.entry(3, "2026-11-21T00:00:00Z", host: "a")]
    #expect(Set(policy.apply(to: snapshots).keep.map { $0.0.id.a }) == [1, 2])
  }

  @Test func weeklyMonthlyYearlyUseCalendarPeriods() {
    let snapshots = [
      Self.entry(1, "2024-12-30T12:00:00Z"), Self.entry(2, "2025-01-05T12:00:00Z"), Self.entry(3, "2025-06-01T00:00:00Z"),
      Self.entry(4, "2026-01-01T00:00:00Z"), Self.entry(5, "2026-11-02T00:00:00Z"), Self.entry(6, "2026-11-21T00:00:00Z"),
    ]
    var yearly = RetentionPolicy()
    yearly.yearly = 3
    #expect(Set(yearly.apply(to: snapshots).keep.map { $0.0.id.a }) == [1, 3, 6])
    var monthly = RetentionPolicy()
    monthly.monthly = 2
    #expect(Set(monthly.apply(to: snapshots).keep.map { $0.0.id.a }) == [4, 6])
    // ISO weeks: 2024-12-30 and 2025-01-05 are both in 2025-W1.
    var weekly = RetentionPolicy()
    weekly.weekly = 10
    #expect(Set(weekly.apply(to: snapshots).keep.map { $0.0.id.a }) == [2, 3, 4, 5, 6])
  }

  @Test func pruneFreesUnusedDataAndKeepsWhatRemainingSnapshotsNeed() throws {
    let source = try BackupFixtures.temporaryDirectory("prune")
    try BackupFixtures.write(source + "/kept.bin", BackupFixtures.randomBytes(6 << 20, seed: 41))
    try BackupFixtures.write(source + "/gone.bin", BackupFixtures.randomBytes(20 << 20, seed: 42))
    let (path, repository) = try RepositoryTests.fresh()
    let first = try BackupRoundTripTests.backup(repository, [source])
    try FileManager.default.removeItem(atPath: source + "/gone.bin")
    try BackupFixtures.write(source + "/new.bin", BackupFixtures.randomBytes(1 << 20, seed: 43))
    let second = try BackupRoundTripTests.backup(repository, [source])
    let sizeBefore = try Self.directorySize(path)

    try repository.forget([first])
    let report = try Pruner(repository: repository).run()
    #expect(report.packsDeleted + report.packsRepacked >= 1)
    #expect(report.bytesFreed >= 15 << 20, "freed \(report.bytesFreed)")
    #expect(try Self.directorySize(path) < sizeBefore - (15 << 20))

    var options = CheckOptions()
    options.readData = true
    let check = try Checker(repository: repository).run(options)
    #expect(check.isClean, "\(check.errors) \(check.damagedPacks)")
    #expect(check.unindexedPacks == 0)
    let (target, restored) = try BackupRoundTripTests.restore(repository, second)
    #expect(restored.errors.isEmpty)
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: target + source + "/kept.bin"))) == BackupFixtures.randomBytes(6 << 20, seed: 41))
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: target + source + "/new.bin"))) == BackupFixtures.randomBytes(1 << 20, seed: 43))
    // Pruning again finds nothing to do.
    let again = try Pruner(repository: repository).run()
    #expect(again.packsDeleted == 0 && again.packsRepacked == 0 && again.bytesFreed == 0)
  }

  static func directorySize(_ path: String) throws -> Int {
    var total = 0
    let walker = FileManager.default.enumerator(atPath: path)
    while let relative = walker?.nextObject() as? String {
      total += (try? FileManager.default.attributesOfItem(atPath: path + "/" + relative)[.size] as? Int) ?? 0
    }
    return total
  }
}
