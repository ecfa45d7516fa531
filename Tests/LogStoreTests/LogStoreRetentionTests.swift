// Retention by age and by total size, and deletions that stay deleted across restarts and
// rewrites.
import Foundation
@testable import LogStore
import Testing
import WardenCore

@Suite struct LogStoreRetentionTests {
  private let hourNs: Int64 = 3600 * 1_000_000_000

  @Test func segmentsPastTheRetentionAgeAreDropped() async throws {
    var options = LogStoreOptions()
    options.retentionNs = 10 * hourNs
    let store = try openStore(temporaryLogDirectory(), options: options)
    defer { store.close() }
    let now = WallClock.nowNs()
    _ = try await store.append(sequentialBatch(streamLabels(["job": "old"]), start: now - 9 * hourNs, count: 10))
    try await store.flush()
    _ = try await store.append(sequentialBatch(streamLabels(["job": "new"]), start: now - hourNs, count: 10))
    try await store.flush()
    #expect(store.status().segments == 2)
    // Two hours later the old segment (newest record 9 h old) is past 10 h.
    try await store.maintain(nowNs: now + 2 * hourNs)
    #expect(store.status().segments == 1)
    #expect(try readAll(store, [matcher(.equal, "job", "old")]).isEmpty)
    #expect(try readAll(store, [matcher(.equal, "job", "new")]).count == 10)
  }

  @Test func theOldestSegmentsGoWhenTheStoreIsTooLarge() async throws {
    var options = LogStoreOptions()
    let store = try openStore(temporaryLogDirectory(), options: options)
    for n in 0..<4 {
      _ = try await store.append(sequentialBatch(streamLabels(["job": "j\(n)"]), start: baseNs + Int64(n) * hourNs / 10, count: 200))
      try await store.flush()
    }
    let status = store.status()
    #expect(status.segments == 4)
    store.close()
    // Room for about two and a half segments.
    options.retentionBytes = status.segmentBytes * 5 / 8
    let limited = try openStore(store.directory, options: options)
    defer { limited.close() }
    try await limited.maintain(nowNs: WallClock.nowNs())
    let after = limited.status()
    #expect(after.segments == 2)
    #expect(after.storedBytes <= options.retentionBytes)
    #expect(try limited.streams([matcher(.regexMatch, "job", ".+")], startNs: .min, endNs: .max).map { $0["job"] } == ["j2", "j3"])
  }

  @Test func deletionsHideAtOnceSurviveRestartsAndAreAppliedByRewrites() async throws {
    let directory = temporaryLogDirectory()
    var store = try openStore(directory)
    let api = streamLabels(["job": "api"])
    let web = streamLabels(["job": "web"])
    _ = try await store.append(sequentialBatch(api, count: 100))
    _ = try await store.append(sequentialBatch(web, count: 100))
    try await store.flush()
    _ = try await store.append(sequentialBatch(api, count: 100, first: 100))

    // Records 50..149 of api: half in the segment, half in the head.
    try store.delete(matchers: [matcher(.equal, "job", "api")], startNs: baseNs + 50_000_000, endNs: baseNs + 149_000_000)
    let expected = (0..<50).map { "line \($0)" } + (150..<200).map { "line \($0)" }
    #expect(try readAll(store, [matcher(.equal, "job", "api")]).map(\.line) == expected)
    #expect(try readAll(store, [matcher(.equal, "job", "web")]).count == 100)
    #expect(store.status().pendingDeletions == 1)

    store.close()
    store = try openStore(directory)
    #expect(try readAll(store, [matcher(.equal, "job", "api")]).map(\.line) == expected)
    // Appends after the deletion, in its range, are not deleted by it.
    var late = LogBatch()
    late.append(stream: api, timestampNs: baseNs + 60_000_000, line: "late")
    _ = try await store.append(late)
    #expect(try readAll(store, [matcher(.equal, "job", "api")]).map(\.line).contains("late"))

    // Maintenance rewrites the segments; the deletion is then applied for good and retired.
    try await store.maintain(nowNs: WallClock.nowNs())
    #expect(store.status().pendingDeletions == 0)
    #expect(store.status().segmentRecords + store.status().headRecords == 100 + 100 + 1)
    store.close()
    store = try openStore(directory)
    defer { store.close() }
    let final = try readAll(store, [matcher(.equal, "job", "api")]).map(\.line)
    #expect(final.filter { $0 != "late" } == expected)
    #expect(final.count == expected.count + 1)
  }

  @Test func deletionsNeedASelectiveSelectorAndAnOrderedRange() throws {
    let store = try openStore(temporaryLogDirectory())
    defer { store.close() }
    #expect(throws: LogStoreError.self) { try store.delete(matchers: [], startNs: 0, endNs: 1) }
    #expect(throws: LogStoreError.self) { try store.delete(matchers: [matcher(.regexMatch, "job", ".*")], startNs: 0, endNs: 1) }
    #expect(throws: LogStoreError.self) { try store.delete(matchers: [matcher(.equal, "job", "x")], startNs: 2, endNs: 1) }
  }
}
