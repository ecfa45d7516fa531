// The store's own counters and gauges (`warden_tsdb_*`), kept as relaxed atomics so the hot
// paths pay one atomic add, and emitted through any `MetricEmitter`.
import Synchronization
import WardenCore

/// Thread-safe: atomics only.
package final class StoreMetrics: Sendable {
  let samplesAppended = Atomic<Int>(0)
  let samplesRejected = Atomic<Int>(0)
  let seriesCreated = Atomic<Int>(0)
  let walBytesWritten = Atomic<Int>(0)
  let walWriteFailures = Atomic<Int>(0)
  let walCorruptions = Atomic<Int>(0)
  let blocksWritten = Atomic<Int>(0)
  let blocksDeleted = Atomic<Int>(0)
  let blocksQuarantined = Atomic<Int>(0)
  let compactions = Atomic<Int>(0)
  let walFsyncDuration = AtomicHistogram(bounds: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5])

  package init() {}

  /// Emits the counters; `head` supplies the gauges that are read rather than counted.
  func emit<E: MetricEmitter>(
    into emitter: inout E, headSeries: Int, headChunks: Int, walBytesOnDisk: Int, blocks: Int, blockBytes: Int
  ) {
    func counter(_ name: String, _ help: String, _ value: Int) {
      emitter.family(name, type: .counter, help: help)
      emitter.sample(name, value: Double(value))
    }
    func gauge(_ name: String, _ help: String, _ value: Int) {
      emitter.family(name, type: .gauge, help: help)
      emitter.sample(name, value: Double(value))
    }
    gauge("warden_tsdb_head_series", "Series in the in-memory head.", headSeries)
    gauge("warden_tsdb_head_chunks", "Chunks in the in-memory head.", headChunks)
    counter("warden_tsdb_head_samples_appended_total", "Samples appended to the head.", samplesAppended.load(ordering: .relaxed))
    counter("warden_tsdb_samples_rejected_total", "Samples refused (out of order, duplicate timestamp, too old, invalid labels, over limits).", samplesRejected.load(ordering: .relaxed))
    counter("warden_tsdb_head_series_created_total", "Series created in the head.", seriesCreated.load(ordering: .relaxed))
    counter("warden_tsdb_wal_written_bytes_total", "Bytes written to the metrics WAL.", walBytesWritten.load(ordering: .relaxed))
    counter("warden_tsdb_wal_write_failures_total", "Failed WAL writes (the batches were refused).", walWriteFailures.load(ordering: .relaxed))
    counter("warden_tsdb_wal_corruptions_total", "Corrupted or torn WAL tails cut off at start-up.", walCorruptions.load(ordering: .relaxed))
    gauge("warden_tsdb_storage_wal_bytes", "Bytes of WAL segments on disk.", walBytesOnDisk)
    gauge("warden_tsdb_blocks_loaded", "Persistent blocks being served.", blocks)
    gauge("warden_tsdb_storage_blocks_bytes", "Bytes of persistent blocks on disk.", blockBytes)
    counter("warden_tsdb_blocks_written_total", "Blocks cut from the head.", blocksWritten.load(ordering: .relaxed))
    counter("warden_tsdb_blocks_deleted_total", "Blocks deleted by retention.", blocksDeleted.load(ordering: .relaxed))
    counter("warden_tsdb_compactions_total", "Blocks written by merging smaller ones (compaction).", compactions.load(ordering: .relaxed))
    counter("warden_tsdb_blocks_quarantined_total", "Blocks that failed their checks at start-up and were moved to quarantine.", blocksQuarantined.load(ordering: .relaxed))
    walFsyncDuration.emit(
      "warden_tsdb_wal_fsync_duration_seconds", help: "Time to write and sync one group commit of the WAL.", into: &emitter)
  }
}

/// A fixed-bucket histogram of durations on atomics.
final class AtomicHistogram: Sendable {
  private let bounds: [Double]
  private let buckets: [AtomicCounter]
  private let observations = Atomic<Int>(0)
  private let sumNanoseconds = Atomic<Int>(0)

  private final class AtomicCounter: Sendable {
    let value = Atomic<Int>(0)
  }

  /// How many observations so far.
  var count: Int { observations.load(ordering: .relaxed) }

  init(bounds: [Double]) {
    self.bounds = bounds
    buckets = bounds.map { _ in AtomicCounter() }
  }

  func observe(_ duration: Duration) {
    let seconds = duration.seconds
    for (index, bound) in bounds.enumerated() where seconds <= bound {
      buckets[index].value.add(1, ordering: .relaxed)
      break
    }
    observations.add(1, ordering: .relaxed)
    sumNanoseconds.add(Int(seconds * 1e9), ordering: .relaxed)
  }

  func emit<E: MetricEmitter>(_ name: String, help: String, into emitter: inout E) {
    emitter.family(name, type: .histogram, help: help)
    var cumulative = 0
    for (index, bound) in bounds.enumerated() {
      cumulative += buckets[index].value.load(ordering: .relaxed)
      emitter.sample(name + "_bucket", Label("le", bound.description), value: Double(cumulative))
    }
    let total = observations.load(ordering: .relaxed)
    emitter.sample(name + "_bucket", Label("le", "+Inf"), value: Double(total))
    emitter.sample(name + "_sum", value: Double(sumNanoseconds.load(ordering: .relaxed)) / 1e9)
    emitter.sample(name + "_count", value: Double(total))
  }
}
