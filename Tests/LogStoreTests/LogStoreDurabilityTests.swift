// What survives a restart: the WAL replayed after a close without a flush, a torn or corrupted WAL
// tail cut off with a warning, a damaged segment quarantined while the rest is served.
import Codecs
import Foundation
import Logging
@testable import LogStore
import Testing
import WardenCore

@Suite struct LogStoreDurabilityTests {
  @Test func walIsReplayedAfterCloseWithoutFlush() async throws {
    let directory = temporaryLogDirectory()
    let labels = streamLabels(["job": "replay"])
    var store = try openStore(directory)
    _ = try await store.append(sequentialBatch(labels, count: 50))
    _ = try await store.append(sequentialBatch(labels, count: 50, first: 50))
    #expect(store.status().segments == 0)
    store.close()

    store = try openStore(directory)
    defer { store.close() }
    let lines = try readAll(store, [matcher(.equal, "job", "replay")]).map(\.line)
    #expect(lines == (0..<100).map { "line \($0)" })
    // The replayed records were written out as a segment and their WAL files removed.
    let status = store.status()
    #expect(status.segments == 1 && status.segmentRecords == 100)
    let walFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/wal")
    #expect(walFiles.allSatisfy { $0.hasPrefix(LogFileNames.digits(2, 8)) }, "left-over WAL files: \(walFiles)")
  }

  /// Appends two batches in separate WAL records and returns the WAL file they are in.
  private func storeWithTwoRecords(_ directory: String) async throws -> String {
    let store = try openStore(directory)
    let labels = streamLabels(["job": "torn"])
    _ = try await store.append(sequentialBatch(labels, count: 10))
    _ = try await store.append(sequentialBatch(labels, count: 10, first: 10))
    store.close()
    let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/wal").filter { LogFileNames.parseWALFile($0) != nil }
    let nonEmpty = files.filter { LogFileIO.fileSize(directory + "/wal/" + $0) > 0 }
    #expect(nonEmpty.count == 1)
    return directory + "/wal/" + nonEmpty[0]
  }

  @Test(arguments: ["truncate", "corrupt", "garbage"])
  func damagedWALTailIsCutWithAWarning(damage: String) async throws {
    let directory = temporaryLogDirectory()
    let path = try await storeWithTwoRecords(directory)
    var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    let original = bytes.count
    switch damage {
    case "truncate": bytes.removeLast(7)
    case "corrupt": bytes[bytes.count - 3] ^= 0xFF
    default: bytes += [0x00, 0x00, 0x00, 0x05, 0xDE, 0xAD]
    }
    try Data(bytes).write(to: URL(fileURLWithPath: path))

    let (logger, records) = recordingLogger()
    let store = try openStore(directory, logger: logger)
    defer { store.close() }
    let lines = try readAll(store, [matcher(.equal, "job", "torn")]).map(\.line)
    // The second batch's record is the damaged tail (except for appended garbage).
    let expected = damage == "garbage" ? 20 : 10
    #expect(lines == (0..<expected).map { "line \($0)" })
    let warning = try #require(records.all.first { $0.level == .warning && $0.message.contains("WAL") })
    let dropped = Int(try #require(warning.metadata["wal.dropped_bytes"]).description)
    let expectedDrop = damage == "garbage" ? 6 : bytes.count - (original - walRecordSize(secondOf: 10))
    #expect(dropped == expectedDrop)
  }

  /// The size of the WAL record of the batch `sequentialBatch(count: 10, first: 10)`.
  private func walRecordSize(secondOf count: Int) -> Int {
    let batch = sequentialBatch(streamLabels(["job": "torn"]), count: count, first: count)
    var bytes: [UInt8] = []
    LogWALRecord.appendEntries(streams: batch.streams, lines: batch.records, ordinals: batch.streamOrdinals, to: &bytes)
    return bytes.count
  }

  @Test func damagedSegmentIsQuarantinedAndTheRestServed() async throws {
    let directory = temporaryLogDirectory()
    var store = try openStore(directory)
    _ = try await store.append(sequentialBatch(streamLabels(["job": "a"]), count: 100))
    try await store.flush()
    _ = try await store.append(sequentialBatch(streamLabels(["job": "b"]), count: 100))
    try await store.flush()
    store.close()
    let segments = try FileManager.default.contentsOfDirectory(atPath: directory + "/segments").sorted()
    #expect(segments.count == 2)
    // Flip one byte in the middle of the first segment's blocks.
    let damaged = directory + "/segments/" + segments[0]
    var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: damaged)))
    bytes[LogSegmentFormat.headerSize + 5] ^= 0x40
    try Data(bytes).write(to: URL(fileURLWithPath: damaged))

    let (logger, records) = recordingLogger()
    store = try openStore(directory, logger: logger)
    defer { store.close() }
    #expect(try readAll(store, [matcher(.equal, "job", "a")]).isEmpty)
    #expect(try readAll(store, [matcher(.equal, "job", "b")]).count == 100)
    #expect(store.status().quarantinedSegments == 1)
    #expect(FileManager.default.fileExists(atPath: directory + "/quarantine/" + segments[0]))
    #expect(!FileManager.default.fileExists(atPath: damaged))
    #expect(records.all.contains { $0.level == .error && $0.message.contains("quarantine") })
  }

  @Test func snapshotIsAnOpenableCopy() async throws {
    let directory = temporaryLogDirectory()
    let store = try openStore(directory)
    defer { store.close() }
    _ = try await store.append(sequentialBatch(streamLabels(["job": "a"]), count: 30))
    try await store.flush()
    _ = try await store.append(sequentialBatch(streamLabels(["job": "a"]), count: 30, first: 30))
    let target = temporaryLogDirectory()
    let report = try store.snapshot(into: target)
    #expect(report.segments == 1 && report.headStreams == 1)
    let copy = try openStore(target)
    defer { copy.close() }
    #expect(try readAll(copy, [matcher(.equal, "job", "a")]).map(\.line) == (0..<60).map { "line \($0)" })
  }
}
