// Every rejection reason and line truncation, counted in the report, with the accepted records
// of the same batch stored.
import Foundation
@testable import LogStore
import Testing
import WardenCore

@Suite struct LogStoreLimitsTests {
  @Test func everyRejectionReasonIsCounted() async throws {
    var options = LogStoreOptions()
    options.maxLabelsPerStream = 3
    options.maxLabelNameBytes = 10
    options.maxLabelValueBytes = 20
    options.maxStreams = 2
    options.retentionNs = 24 * 3600 * 1_000_000_000
    let store = try openStore(temporaryLogDirectory(), options: options)
    defer { store.close() }
    var batch = LogBatch()
    let good = streamLabels(["job": "ok"])
    batch.append(stream: good, timestampNs: baseNs, line: "kept")
    batch.append(stream: Labels(), timestampNs: baseNs, line: "no labels")
    batch.append(stream: streamLabels(["bad-name": "x"]), timestampNs: baseNs, line: "invalid name")
    batch.append(stream: streamLabels(["9job": "x"]), timestampNs: baseNs, line: "invalid name")
    batch.append(stream: streamLabels(["a": "1", "b": "2", "c": "3", "d": "4"]), timestampNs: baseNs, line: "too many")
    batch.append(stream: streamLabels(["averyverylongname": "x"]), timestampNs: baseNs, line: "long name")
    batch.append(stream: streamLabels(["job": String(repeating: "v", count: 21)]), timestampNs: baseNs, line: "long value")
    batch.append(stream: good, timestampNs: WallClock.nowNs() - 2 * options.retentionNs, line: "too old")
    batch.append(stream: streamLabels(["job": "second"]), timestampNs: baseNs, line: "second stream")
    batch.append(stream: streamLabels(["job": "third"]), timestampNs: baseNs, line: "over the stream limit")
    let report = try await store.append(batch)
    #expect(report.acceptedRecords == 2)
    #expect(report.acceptedBytes == "kept".utf8.count + "second stream".utf8.count)
    #expect(report.rejected == [.invalidLabels: 3, .tooManyLabels: 1, .labelTooLong: 2, .tooOld: 1, .streamLimit: 1])
    #expect(report.rejectedRecords == 8)
    let stored = try readAll(store, [matcher(.regexMatch, "job", ".+")]).map(\.line)
    #expect(stored == ["second stream", "kept"].sorted { $0 < $1 } || stored == ["kept", "second stream"])
    #expect(Set(stored) == ["kept", "second stream"])
    // A stream already in the head is not refused by the limit.
    let again = try await store.append(sequentialBatch(good, count: 3))
    #expect(again.acceptedRecords == 3 && again.rejectedRecords == 0)
  }

  @Test func longLinesAreTruncatedAtACharacterBoundaryAndCounted() async throws {
    var options = LogStoreOptions()
    options.maxLineBytes = 10
    let directory = temporaryLogDirectory()
    var store = try openStore(directory, options: options)
    var batch = LogBatch()
    let labels = streamLabels(["job": "long"])
    batch.append(stream: labels, timestampNs: baseNs, line: "0123456789abcdef")
    batch.append(stream: labels, timestampNs: baseNs + 1, line: "short")
    // "é" is two bytes: byte 10 would split the fifth one.
    batch.append(stream: labels, timestampNs: baseNs + 2, line: "aéééééé")
    let report = try await store.append(batch)
    #expect(report.acceptedRecords == 3)
    #expect(report.truncatedLines == 2)
    #expect(report.acceptedBytes == 10 + 5 + 9)
    for phase in 0..<2 {
      let lines = try readAll(store, [matcher(.equal, "job", "long")]).map(\.line)
      #expect(lines == ["0123456789", "short", "aéééé"], "phase \(phase)")
      store.close()
      store = try openStore(directory, options: options)  // and again from the WAL
    }
    store.close()
  }

  @Test func appendsAfterCloseFail() async throws {
    let store = try openStore(temporaryLogDirectory())
    store.close()
    await #expect(throws: LogStoreError.self) {
      _ = try await store.append(sequentialBatch(streamLabels(["job": "x"]), count: 1))
    }
  }
}
