// The tailer against real files: lines written while the test rotates the file (rename+create and
// copytruncate), multi-line records, partial lines, restarts with saved positions, a sink that
// refuses batches, globs that match files created later, and deleted files. Every assertion is on
// the exact lines received: each line written arrives once, in order per file.

@testable import Collect
import Foundation
import Testing
import WardenCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

@Suite(.serialized)
struct LogFileTailerTests {
  @Test func readsExistingAndAppendedLinesWithEntryLabelsAndFilename() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    append("first\nsecond\n", to: directory("app.log"))
    let received = ReceivedLines()
    let entry = try LogFileConfiguration(paths: [directory("*.log")], labels: Labels(["job": "app", "env": "test"]))
    let running = RunningTailer([entry], options: fastOptions(), into: received)
    append("third\n", to: directory("app.log"))
    #expect(await eventually { await received.count == 3 })
    await running.stop()
    #expect(await received.lines(of: directory("app.log")) == ["first", "second", "third"])
    let labels = try #require(await received.records.first?.labels)
    #expect(labels == Labels(["job": "app", "env": "test", "filename": directory("app.log")]))
    let metrics = running.tailer.metrics
    #expect(metrics.linesRead == 3)
    #expect(metrics.recordsDelivered == 3)
    #expect(metrics.bytesRead == 19)
  }

  /// logrotate's `create`: the file is renamed, the writer keeps writing to the renamed file for
  /// a while (it has it open), then reopens the path, which is a new file. Twice.
  @Test func renameAndCreateRotationLosesAndRepeatsNothing() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    let received = ReceivedLines()
    let running = RunningTailer([try LogFileConfiguration(paths: [directory("*.log")])], options: fastOptions(), into: received)
    let expected = numberedLines("line", 0..<400)

    var descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    for (index, line) in expected.enumerated() {
      writeAll(descriptor, line + "\n")
      if index == 120 || index == 260 {
        // The rotation: rename away (replacing the previous rotated file).
        #expect(rename(path, directory("app.log.1")) == 0)
      }
      if index == 150 || index == 290 {
        // The writer notices (SIGHUP) and reopens: a new file at the path.
        close(descriptor)
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
      }
      try await Task.sleep(for: .milliseconds(2))
    }
    close(descriptor)

    #expect(await eventually { await received.count >= expected.count })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await received.lines(of: path) == expected)
    #expect(running.tailer.metrics.rotations >= 2)
  }

  /// logrotate's `copytruncate`: the file is copied, then truncated in place while the writer
  /// keeps its O_APPEND descriptor. Lines written between the copy and the truncate are lost by
  /// copytruncate itself, so the writer pauses for that moment (as the test waits for the tailer
  /// to have read everything written before it).
  @Test func copytruncateRotationLosesAndRepeatsNothing() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    let received = ReceivedLines()
    let running = RunningTailer([try LogFileConfiguration(paths: [directory("*.log")])], options: fastOptions(), into: received)
    let expected = numberedLines("line", 0..<300)

    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    for (index, line) in expected.enumerated() {
      writeAll(descriptor, line + "\n")
      if index == 100 || index == 200 {
        #expect(await eventually { await received.count == index + 1 })
        try FileManager.default.copyItem(atPath: path, toPath: directory("app.log.\(index)"))
        #expect(truncate(path, 0) == 0)
      }
      try await Task.sleep(for: .milliseconds(2))
    }
    close(descriptor)

    #expect(await eventually { await received.count >= expected.count })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await received.lines(of: path) == expected)
    #expect(running.tailer.metrics.truncations == 2)
  }

  /// A truncated file refilled past the old offset before the tailer looks: the size does not
  /// show it, the fingerprint of the first bytes does.
  @Test func truncationHiddenByFastRefillIsCaughtByTheFingerprint() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    let before = numberedLines("before", 0..<20)
    append(before.map { $0 + "\n" }.joined(), to: path)
    var options = fastOptions()
    options.pollInterval = .milliseconds(300)
    let received = ReceivedLines()
    let running = RunningTailer([try LogFileConfiguration(paths: [path])], options: options, into: received)
    #expect(await eventually { await received.count == before.count })
    let after = numberedLines("after the truncation", 0..<40)
    #expect(truncate(path, 0) == 0)
    append(after.map { $0 + "\n" }.joined(), to: path)
    #expect(await eventually { await received.count >= before.count + after.count })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await received.lines(of: path) == before + after)
  }

  @Test func multilineStackTracesAreJoinedAndTheLastRecordFlushedAfterTheTimeout() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("java.log")
    let multiline = MultilineConfiguration(
      start: try LineStartPattern(#"^\d{4}-\d\d-\d\d "#), timeout: ConfigDuration(.milliseconds(300)))
    let received = ReceivedLines()
    let running = RunningTailer(
      [try LogFileConfiguration(paths: [path], multiline: multiline)], options: fastOptions(), into: received)
    let trace = [
      "2024-05-01 12:00:00 ERROR handler failed",
      "java.lang.IllegalStateException: boom",
      "\tat com.example.Handler.run(Handler.java:42)",
      "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
      "Caused by: java.io.IOException: disk",
      "\t... 2 more",
    ]
    // Written a few lines at a time, split inside lines, as a buffered writer does.
    let text = (trace + ["2024-05-01 12:00:01 INFO recovered", "2024-05-01 12:00:02 WARN slow", "  detail"])
      .map { $0 + "\n" }.joined()
    var rest = Substring(text)
    while !rest.isEmpty {
      append(String(rest.prefix(37)), to: path)
      rest = rest.dropFirst(37)
      try await Task.sleep(for: .milliseconds(15))
    }
    #expect(await eventually { await received.count == 3 })
    await running.stop()
    #expect(
      await received.lines(of: path) == [
        trace.joined(separator: "\n"), "2024-05-01 12:00:01 INFO recovered", "2024-05-01 12:00:02 WARN slow\n  detail",
      ])
    #expect(running.tailer.metrics.linesRead == 9)
  }

  @Test func aPartialLineWaitsForItsNewlineOrTheTimeout() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    var options = fastOptions()
    options.partialLineTimeout = .milliseconds(400)
    let received = ReceivedLines()
    let running = RunningTailer([try LogFileConfiguration(paths: [path])], options: options, into: received)
    append("complete\nhalf a li", to: path)
    #expect(await eventually { await received.count == 1 })
    try await Task.sleep(for: .milliseconds(100))
    append("ne\nno newline at all", to: path)
    #expect(await eventually { await received.count == 2 })
    #expect(await received.lines(of: path) == ["complete", "half a line"])
    // Nothing more comes: after the timeout the last bytes are a line of their own.
    #expect(await eventually { await received.count == 3 })
    append("next\n", to: path)
    #expect(await eventually { await received.count == 4 })
    await running.stop()
    #expect(await received.lines(of: path) == ["complete", "half a line", "no newline at all", "next"])
  }

  /// Stop, write more (finishing a line the first run saw only half of), start again: exactly
  /// the new lines arrive.
  @Test func restartResumesFromSavedPositionsWithoutRepeatingOrLosing() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    let positions = directory("data/logs/positions.json")
    let entry = try LogFileConfiguration(paths: [directory("*.log")])
    append(numberedLines("line", 0..<50).map { $0 + "\n" }.joined() + "unfinished ", to: path)

    let first = ReceivedLines()
    var running = RunningTailer([entry], options: fastOptions(positions: positions), into: first)
    #expect(await eventually { await first.count == 50 })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await first.lines(of: path) == numberedLines("line", 0..<50))

    let saved = try #require(try PositionsFile(path: positions).load())
    #expect(saved.entries.values.map(\.offset) == [Int64(numberedLines("line", 0..<50).map { $0.utf8.count + 1 }.reduce(0, +))])

    append("business\n" + numberedLines("line", 50..<80).map { $0 + "\n" }.joined(), to: path)
    let second = ReceivedLines()
    running = RunningTailer([entry], options: fastOptions(positions: positions), into: second)
    #expect(await eventually { await second.count == 31 })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await second.lines(of: path) == ["unfinished business"] + numberedLines("line", 50..<80))

    // A third run with nothing new reads nothing.
    let third = ReceivedLines()
    running = RunningTailer([entry], options: fastOptions(positions: positions), into: third)
    try await Task.sleep(for: .milliseconds(200))
    await running.stop()
    #expect(await third.count == 0)
  }

  /// A file rotated (renamed, recreated) while Warden was stopped: the new file is read from the
  /// start; an inode reused by another file is not mistaken for the old one (fingerprint).
  @Test func restartAfterRotationReadsTheNewFileFromTheStart() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    let positions = directory("positions.json")
    let entry = try LogFileConfiguration(paths: [path])
    append(numberedLines("old", 0..<10).map { $0 + "\n" }.joined(), to: path)
    let first = ReceivedLines()
    var running = RunningTailer([entry], options: fastOptions(positions: positions), into: first)
    #expect(await eventually { await first.count == 10 })
    await running.stop()

    // Deleted and recreated with longer content: the inode number is often reused.
    #expect(unlink(path) == 0)
    append(numberedLines("new file", 0..<30).map { $0 + "\n" }.joined(), to: path)
    let second = ReceivedLines()
    running = RunningTailer([entry], options: fastOptions(positions: positions), into: second)
    #expect(await eventually { await second.count >= 30 })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await second.lines(of: path) == numberedLines("new file", 0..<30))
  }

  @Test func refusedBatchesAreOfferedAgainAndPositionsWaitForTheAcknowledgement() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    let positions = directory("positions.json")
    let entry = try LogFileConfiguration(paths: [path])
    let lines = numberedLines("line", 0..<20)
    append(lines.map { $0 + "\n" }.joined(), to: path)

    // A sink that refuses everything: nothing is acknowledged, so nothing is saved.
    let refusing = ReceivedLines()
    await refusing.refuse(Int.max)
    var running = RunningTailer([entry], options: fastOptions(positions: positions), into: refusing)
    #expect(await eventually { running.tailer.metrics.sinkFailures >= 3 })
    await running.stop()
    #expect(await refusing.count == 0)
    #expect(try PositionsFile(path: positions).load()?.entries.values.map(\.offset) ?? [0] == [0])

    // A sink that refuses three times, then accepts: every line once, in order.
    let flaky = ReceivedLines()
    await flaky.refuse(3)
    running = RunningTailer([entry], options: fastOptions(positions: positions), into: flaky)
    #expect(await eventually { await flaky.count == 20 })
    append("line 20\n", to: path)
    #expect(await eventually { await flaky.count == 21 })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await flaky.lines(of: path) == lines + ["line 20"])
    #expect(running.tailer.metrics.sinkFailures == 3)
    let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    #expect(try PositionsFile(path: positions).load()?.entries.values.map(\.offset) == [Int64(fileSize)])
  }

  @Test func globsPickUpFilesCreatedLaterAndExcludeLeavesFilesOut() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let entry = try LogFileConfiguration(
      paths: [directory("**/*.log")], exclude: [directory("**/debug*.log")], labels: Labels(["job": "svc"]))
    append("a1\n", to: directory("a.log"))
    let received = ReceivedLines()
    let running = RunningTailer([entry], options: fastOptions(), into: received)
    #expect(await eventually { await received.count == 1 })
    try FileManager.default.createDirectory(atPath: directory("svc/nested"), withIntermediateDirectories: true)
    append("b1\nb2\n", to: directory("svc/nested/b.log"))
    append("hidden\n", to: directory("svc/nested/debug-1.log"))
    append("not a log\n", to: directory("svc/nested/b.txt"))
    #expect(await eventually { await received.count == 3 })
    append("a2\n", to: directory("a.log"))
    #expect(await eventually { await received.count == 4 })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await received.lines(of: directory("a.log")) == ["a1", "a2"])
    #expect(await received.lines(of: directory("svc/nested/b.log")) == ["b1", "b2"])
    #expect(await received.count == 4)
    #expect(running.tailer.metrics.filesWatched == 0)
  }

  /// Lines appended just before the file is deleted are still read through the open descriptor;
  /// then the file is closed, and a file created at the same path later is read from its start.
  @Test func deletedFilesAreReadToTheirEndAndClosed() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    let received = ReceivedLines()
    var options = fastOptions()
    options.pollInterval = .milliseconds(150)
    let running = RunningTailer([try LogFileConfiguration(paths: [directory("*.log")])], options: options, into: received)
    append(numberedLines("line", 0..<10).map { $0 + "\n" }.joined(), to: path)
    #expect(await eventually { await received.count == 10 })
    append(numberedLines("line", 10..<15).map { $0 + "\n" }.joined() + "last without newline", to: path)
    #expect(unlink(path) == 0)
    #expect(await eventually { await received.count == 16 })
    #expect(await eventually { running.tailer.metrics.filesWatched == 0 })
    append("reborn\n", to: path)
    #expect(await eventually { await received.count == 17 })
    await running.stop()
    #expect(await received.lines(of: path) == numberedLines("line", 0..<15) + ["last without newline", "reborn"])
  }

  @Test func startAtEndSkipsWhatExistedAtTheFirstScanOnly() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    append("old 1\nold 2\n", to: directory("a.log"))
    let received = ReceivedLines()
    let entry = try LogFileConfiguration(paths: [directory("*.log")], startAt: .end)
    let running = RunningTailer([entry], options: fastOptions(), into: received)
    try await Task.sleep(for: .milliseconds(100))
    append("new 1\n", to: directory("a.log"))
    append("fresh file\n", to: directory("b.log"))
    #expect(await eventually { await received.count == 2 })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await received.lines(of: directory("a.log")) == ["new 1"])
    #expect(await received.lines(of: directory("b.log")) == ["fresh file"])
  }

  @Test func overLongLinesAreTruncatedAndCountedAndBatchesStayBounded() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    var options = fastOptions()
    options.maxLineBytes = 100
    options.maxBatchBytes = 1000
    options.readChunkBytes = 256
    let long = String(repeating: "x", count: 250)
    let lines = (0..<200).map { $0 == 7 ? long : "line \($0)" }
    append(lines.map { $0 + "\n" }.joined(), to: path)
    let received = ReceivedLines()
    let running = RunningTailer([try LogFileConfiguration(paths: [path])], options: options, into: received)
    #expect(await eventually { await received.count == 200 })
    await running.stop()
    #expect(await received.lines(of: path) == lines.map { String($0.prefix(100)) })
    #expect(running.tailer.metrics.linesTruncated == 1)
    #expect(await received.batches > 1)
  }

  @Test func maxOpenFilesLeavesTheRestWaiting() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    for name in ["a", "b", "c"] { append("\(name)\n", to: directory("\(name).log")) }
    var options = fastOptions()
    options.maxOpenFiles = 2
    let received = ReceivedLines()
    let running = RunningTailer([try LogFileConfiguration(paths: [directory("*.log")])], options: options, into: received)
    #expect(await eventually { await received.count == 2 })
    #expect(await eventually { running.tailer.metrics.filesSkipped == 1 })
    #expect(running.tailer.metrics.filesWatched == 2)
    // Deleting one frees a slot for the waiting file.
    #expect(unlink(directory("a.log")) == 0)
    #expect(await eventually { await received.count == 3 })
    await running.stop()
    #expect(await received.lines(of: directory("c.log")) == ["c"])
  }
}
