// Times each subsystem of a host collection and reports the outcome the way node_exporter does,
// as node_scrape_collector_success and node_scrape_collector_duration_seconds.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WardenCore

/// The outcome of each subsystem in one collection. Not thread-safe: one per collection.
struct ScrapeRecord {
  private var outcomes: [(collector: String, success: Bool, seconds: Double)] = []

  init(expectedCount: Int) {
    outcomes.reserveCapacity(expectedCount)
  }

  /// A monotonic time stamp in seconds, to pass back to `finish`.
  func start() -> Double { monotonicSeconds() }

  mutating func finish(_ collector: String, success: Bool, startedAt start: Double) {
    outcomes.append((collector, success, max(monotonicSeconds() - start, 0)))
  }

  func emit<E: MetricEmitter>(into emitter: inout E) {
    emitter.family(
      "node_scrape_collector_duration_seconds", type: .gauge,
      help: "Wall-clock time each host subsystem took to collect, in seconds.")
    for outcome in outcomes {
      emitter.sample("node_scrape_collector_duration_seconds", Label("collector", outcome.collector), value: outcome.seconds)
    }
    emitter.family(
      "node_scrape_collector_success", type: .gauge,
      help: "1 if the host subsystem collected without error in this collection, 0 if its source could not be read.")
    for outcome in outcomes {
      emitter.sample("node_scrape_collector_success", Label("collector", outcome.collector), value: outcome.success ? 1 : 0)
    }
  }
}

func monotonicSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
