// Query limits: sample budget, timeout, cancellation, the resolution limit and the concurrency
// gate's FIFO admission.
@testable import PromQL
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
    #expect(await gate.enter())
    let order = OrderRecorder()
    var waiters: [Task<Void, Never>] = []
    for index in 0..<3 {
      waiters.append(Task {
        _ = await gate.enter()
        await order.record(index)
        gate.leave()
      })
      // Each waiter is queued before the next one starts.
      while gate.waiting < index + 1 { await Task.yield() }
    }
    #expect(gate.running == 1)
    gate.leave()
    for waiter in waiters { await waiter.value }
    #expect(await order.values == [0, 1, 2])
    #expect(gate.running == 0)
  }

  @Test func cancelledWaiterLeavesTheLine() async throws {
    let gate = QueryGate(limit: 1)
    #expect(await gate.enter())
    let waiter = Task { await gate.enter() }
    while gate.waiting < 1 { await Task.yield() }
    waiter.cancel()
    #expect(await waiter.value == false)
    #expect(gate.waiting == 0)
    gate.leave()
    #expect(gate.running == 0)
  }
}

private actor OrderRecorder {
  var values: [Int] = []
  func record(_ value: Int) { values.append(value) }
}
