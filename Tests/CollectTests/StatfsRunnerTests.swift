// The bounded statfs wait: a call that blocks (a dead NFS server) times out, marks its mount
// stuck so later collections skip it at once, and is forgotten when it finally returns.

import Dispatch
@testable import Collect
import Synchronization
import Testing

struct StatfsRunnerTests {
  private static let usage = FilesystemUsage(sizeBytes: 1, freeBytes: 2, availableBytes: 3, files: 4, filesFree: 5)

  @Test func aBlockedCallTimesOutAndIsSkippedUntilItReturns() async throws {
    let release = DispatchSemaphore(value: 0)
    let calls = CallCounter()
    let runner = StatfsRunner(timeout: .milliseconds(500)) { _ in
      if calls.increment() == 1 { release.wait() }
      return Self.usage
    }
    #expect(runner.usage(of: "/nfs", mayHang: true) == nil)
    #expect(runner.isStuck("/nfs"))
    // While the first call hangs, no second call is started.
    #expect(runner.usage(of: "/nfs", mayHang: true) == nil)
    #expect(calls.count == 1)
    // Other mounts are not affected.
    #expect(runner.usage(of: "/other", mayHang: true) == Self.usage)

    release.signal()
    for _ in 0..<200 where runner.isStuck("/nfs") { try await Task.sleep(for: .milliseconds(10)) }
    #expect(!runner.isStuck("/nfs"))
    #expect(runner.usage(of: "/nfs", mayHang: true) == Self.usage)
  }

  @Test func localFilesystemsAreCalledDirectly() {
    let runner = StatfsRunner(timeout: .milliseconds(1)) { _ in Self.usage }
    #expect(runner.usage(of: "/", mayHang: false) == Self.usage)
    #expect((StatfsRunner.statfsUsage("/")?.sizeBytes ?? 0) > 0)
    #expect(StatfsRunner.statfsUsage("/does/not/exist") == nil)
  }
}

private final class CallCounter: Sendable {
  private let calls = Mutex<Int>(0)

  var count: Int { calls.withLock { $0 } }

  func increment() -> Int {
    calls.withLock { calls in
      calls += 1
      return calls
    }
  }
}

extension StatfsRunnerTests {
  @Test func blockedCallsShareOneDeadline() {
    let release = DispatchSemaphore(value: 0)
    let runner = StatfsRunner(timeout: .seconds(1)) { _ in
      release.wait()
      return nil
    }
    let start = DispatchTime.now()
    let calls = (0..<4).compactMap { runner.start("/dead\($0)") }
    #expect(calls.count == 4)
    let deadline = runner.deadline()
    #expect(calls.allSatisfy { runner.finish($0, deadline: deadline) == nil })
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    // Not a performance bound: four sequential waits would take 4 s, shared ones about 1 s.
    #expect(elapsed < 3.0)
    for _ in 0..<4 { release.signal() }
  }
}
