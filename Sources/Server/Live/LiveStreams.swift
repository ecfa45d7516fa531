// The open live streams: a cap on how many may be open at once (each one evaluates its queries
// every interval, so an unbounded number would starve ordinary queries), a stop signal the server
// raises when it shuts down (an open stream would otherwise hold graceful shutdown until its
// timeout), and the counts on Warden's own /metrics.
import Synchronization
import WardenCore

final class LiveStreams: Sendable {
  private struct State {
    var open = 0
    var stopping = false
    var nextWaiter: UInt64 = 0
    /// Streams waiting for their next tick or an evaluation, woken when the server stops.
    var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
  }

  private let state = Mutex(State())
  private let opened = Atomic<Int>(0)
  private let refused = Atomic<Int>(0)
  private let ticks = Atomic<Int>(0)
  private let overruns = Atomic<Int>(0)
  let maxOpen: Int

  init(maxOpen: Int = 64) {
    self.maxOpen = maxOpen
  }

  var openCount: Int { state.withLock { $0.open } }
  var isStopping: Bool { state.withLock { $0.stopping } }

  /// Takes a slot for a new stream; false when `maxOpen` are open or the server is stopping.
  func open() -> Bool {
    let taken = state.withLock { state in
      guard !state.stopping, state.open < maxOpen else { return false }
      state.open += 1
      return true
    }
    if taken {
      opened.add(1, ordering: .relaxed)
    } else {
      refused.add(1, ordering: .relaxed)
    }
    return taken
  }

  /// Gives a stream's slot back.
  func close() {
    state.withLock { $0.open -= 1 }
  }

  /// Counts a tick; `overran` when its evaluation took longer than the interval.
  func recordTick(overran: Bool) {
    ticks.add(1, ordering: .relaxed)
    if overran { overruns.add(1, ordering: .relaxed) }
  }

  /// Ends every stream (server shutdown): waiting ones wake now, the others at their next wait.
  func stopAll() {
    let waiters = state.withLock { state in
      state.stopping = true
      defer { state.waiters = [:] }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Returns when the server stops, or when the calling task is cancelled.
  func waitForStop() async {
    let id = state.withLock { state in
      state.nextWaiter += 1
      return state.nextWaiter
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumeNow = state.withLock { state in
          if state.stopping || Task.isCancelled { return true }
          state.waiters[id] = continuation
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
      waiter?.resume()
    }
  }

  /// Runs `body` unless the server stops first.
  /// - Returns: its result, or nil when the server began stopping before it finished (`body` is
  ///   then cancelled).
  func untilStopped<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T? {
    if isStopping { return nil }
    return await withTaskGroup(of: T?.self) { group in
      group.addTask { await body() }
      group.addTask {
        await self.waitForStop()
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
  }

  /// Sleeps until `deadline`. - Returns: false when the server began stopping first.
  func sleep(until deadline: ContinuousClock.Instant) async -> Bool {
    await untilStopped {
      do {
        try await Task.sleep(until: deadline, clock: .continuous)
        return true
      } catch {
        return false
      }
    } ?? false
  }

  /// `warden_live_*` for Warden's own /metrics.
  func emit<E: MetricEmitter>(into emitter: inout E) {
    emitter.family("warden_live_streams", type: .gauge, help: "Live query streams (Server-Sent Events) open now.")
    emitter.sample("warden_live_streams", value: Double(openCount))
    emitter.family("warden_live_streams_limit", type: .gauge, help: "Live query streams allowed open at once.")
    emitter.sample("warden_live_streams_limit", value: Double(maxOpen))
    let counters: [(String, String, Int)] = [
      ("warden_live_streams_opened_total", "Live query streams opened.", opened.load(ordering: .relaxed)),
      ("warden_live_streams_refused_total", "Live query streams refused because the limit was reached.", refused.load(ordering: .relaxed)),
      ("warden_live_ticks_total", "Evaluations of a live stream's queries.", ticks.load(ordering: .relaxed)),
      (
        "warden_live_ticks_overrun_total", "Live evaluations that took longer than their stream's interval (the next one waited).",
        overruns.load(ordering: .relaxed)
      ),
    ]
    for (name, help, value) in counters {
      emitter.family(name, type: .counter, help: help)
      emitter.sample(name, value: Double(value))
    }
  }
}
