// Query limits: sample budget, timeout (also while waiting for a slot), cancellation, the
// resolution limit and the concurrency gate's FIFO admission.
@testable import PromQL
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization
import Testing
import WardenCore

@Suite struct EngineLimitTests {
  private func bigSource() -> InMemorySeriesSource {
    let source = InMemorySeriesSource()
    for index in 0..<20 {
      source.load(step: 10 * second, Q.labels("metric", ["i": "\(index)"]), InMemorySeriesSource.series(0, 1, 200))
    }
    return source
  }

  @Test func tooManySamplesLoadedOrHeld() async throws {
    var options = QueryOptions()
    options.maxSamples = 1000
    let engine = QueryEngine(source: bigSource(), options: options)
    // 20 series × 201 samples fetched for the range query.
    let loaded = await errorOf { _ = try await engine.range(Q.sel("metric"), startMs: 0, endMs: 2000 * second, stepMs: 10 * second) }
    #expect(loaded == .tooManySamples)
    #expect(await errorOf { _ = try await engine.instant(Q.sel("metric"), atMs: 2 * second) } == nil)
  }

  @Test func timeoutAndCancellation() async throws {
    var options = QueryOptions()
    options.timeout = .zero
    let engine = QueryEngine(source: bigSource(), options: options)
    #expect(await errorOf { _ = try await engine.instant(Q.sel("metric"), atMs: 0) } == .timeout)

    let relaxed = QueryEngine(source: bigSource())
    let task = Task { await errorOf { _ = try await relaxed.instant(Q.sel("metric"), atMs: 0) } }
    task.cancel()
    #expect(await task.value == .canceled)
  }

  @Test func resolutionLimit() async throws {
    let engine = QueryEngine(source: bigSource())
    let error = await errorOf { _ = try await engine.range(Q.sel("metric"), startMs: 0, endMs: 11_001_000, stepMs: 1000) }
    #expect(error == .badData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"))
  }

  @Test func scalarRangeResultIsOneNamelessSeries() async throws {
    let engine = QueryEngine(source: bigSource())
    let result = try await engine.range(Q.call("time"), startMs: 0, endMs: 20_000, stepMs: 10_000)
    #expect(matrix(result) == [Labels(): [0, 10, 20]])
  }

  @Test func gateAdmitsInArrivalOrder() async throws {
    let gate = QueryGate(limit: 1)
    #expect(await gate.enter() == .admitted)
    let order = OrderRecorder()
    var waiters: [Task<Void, Never>] = []
    for index in 0..<3 {
      waiters.append(Task {
        _ = await gate.enter()
        await order.record(index)
        gate.leave()
      })
      // Each waiter is queued before the next one starts.
      await waitUntil { gate.waiting == index + 1 }
    }
    #expect(gate.running == 1)
    gate.leave()
    for waiter in waiters { await waiter.value }
    #expect(await order.values == [0, 1, 2])
    #expect(gate.running == 0)
  }

  @Test func cancelledWaiterLeavesTheLine() async throws {
    let gate = QueryGate(limit: 1)
    #expect(await gate.enter() == .admitted)
    let waiter = Task { await gate.enter() }
    await waitUntil { gate.waiting == 1 }
    waiter.cancel()
    #expect(await waiter.value == .cancelled)
    #expect(gate.waiting == 0)
    gate.leave()
    #expect(gate.running == 0)
  }
}

private actor OrderRecorder {
  var values: [Int] = []
  func record(_ value: Int) { values.append(value) }
}

@Suite struct QueryGateCancellationTests {
  @Test func alreadyCancelledTaskDoesNotQueue() async throws {
    let gate = QueryGate(limit: 1)
    #expect(await gate.enter() == .admitted)
    let waiter = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return await gate.enter()
    }
    #expect(await waiter.value == .cancelled)
    #expect(gate.waiting == 0)
    gate.leave()
  }
}

@Suite struct QueryGateTimeoutTests {
  @Test func waiterPastItsDeadlineTimesOut() async throws {
    let gate = QueryGate(limit: 1)
    #expect(await gate.enter() == .admitted)
    let admission = await gate.enter(until: ContinuousClock.now.advanced(by: .milliseconds(50)))
    #expect(admission == .timedOut)
    #expect(gate.waiting == 0)
    gate.leave()
    #expect(gate.running == 0)
  }

  @Test func queryWaitingBehindTheLimitTimesOut() async throws {
    var options = QueryOptions()
    options.maxConcurrentQueries = 1
    options.timeout = .milliseconds(100)
    let source = BlockingSource()
    let engine = QueryEngine(source: source, options: options)
    let holder = Task { await errorOf { _ = try await engine.instant(Q.sel("metric"), atMs: 0) } }
    // The holder keeps its slot until released, so this wait cannot miss it.
    await waitUntil { engine.load.running == 1 }
    let clock = ContinuousClock()
    let started = clock.now
    let waiting = await errorOf { _ = try await engine.instant(Q.sel("metric"), atMs: 0) }
    #expect(waiting == .timeout)
    #expect(clock.now - started < .seconds(2))
    source.release()
    _ = await holder.value
    #expect(engine.load.running == 0)
  }
}

/// Polls `condition` every millisecond for up to five seconds (never spins the thread pool).
func waitUntil(_ condition: () -> Bool) async {
  for _ in 0..<5000 {
    if condition() { return }
    try? await Task.sleep(for: .milliseconds(1))
  }
}

/// A source whose reads block until `release()` (at most five seconds), to keep a query in its
/// slot.
private final class BlockingSource: SeriesSource {
  private let released = Mutex(false)

  func release() { released.withLock { $0 = true } }

  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    for _ in 0..<5000 where !released.withLock({ $0 }) { usleep(1000) }
    return []
  }

  func series(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] { [] }
  func labelNames(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] { [] }
  func labelValues(_ name: String, _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] { [] }
}
