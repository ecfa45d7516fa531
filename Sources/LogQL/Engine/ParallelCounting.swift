// The line-counting range aggregations (count_over_time, rate, bytes_*, absent_over_time) over
// many streams use every core: the streams are dealt round-robin to one worker per core, each
// with its own pipeline runner, series and statistics, and the partial series are merged by label
// set afterwards. A whole-day count of a common word decompresses and filters every block, so
// this halves it on two cores.
import Dispatch
import WardenCore
#if canImport(Glibc)
  import Glibc
#endif

enum ParallelCounting {
  /// Fewer streams than this are counted on the calling thread.
  static let minimumStreams = 2

  static func run(
    _ evaluator: RangeAggregationEvaluator, _ pipeline: LogPipeline, _ cursors: [any LogStreamCursor],
    _ budget: inout QueryBudget, _ statistics: inout LogQLStatistics
  ) throws(LogQLError) -> OutputSeries<WindowCounts> {
    let workers = min(cursors.count, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    guard workers > 1, cursors.count >= minimumStreams else {
      return try evaluator.countRecords(pipeline, cursors, &budget, &statistics)
    }
    let slots = UnsafeMutablePointer<Result<(OutputSeries<WindowCounts>, LogQLStatistics), LogQLError>>.allocate(capacity: workers)
    defer {
      slots.deinitialize(count: workers)
      slots.deallocate()
    }
    let shared = Shared(evaluator: evaluator, pipeline: pipeline, cursors: cursors, budget: budget, slots: slots, workers: workers)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in shared.count(worker) }
    var merged = OutputSeries<WindowCounts>(
      reduction: evaluator.reduction, limit: evaluator.options.maxPointsInMemory / max(evaluator.grid.count, 1))
    let steps = evaluator.grid.count
    for worker in 0..<workers {
      let (outputs, partial) = try slots[worker].get()
      try merged.merge(outputs, new: { WindowCounts(steps: steps) }, combine: { $0.add($1) })
      statistics.linesProcessed += partial.linesProcessed
      statistics.bytesProcessed += partial.bytesProcessed
    }
    try budget.check()
    return merged
  }

  // @unchecked Sendable, proof: worker w reads only cursors w, w + workers, w + 2·workers..., so
  // no cursor is used by two threads (each cursor's state is its own; what cursors share inside a
  // LogSource is that source's thread-safe state, as the protocol requires), and writes only slot
  // w, initialized exactly once; the evaluator, pipeline and budget are values only read (each
  // worker copies the budget and makes its own pipeline runner). Every slot is read only after
  // concurrentPerform returned, and the buffer outlives the call (deallocated by the caller).
  private struct Shared: @unchecked Sendable {
    let evaluator: RangeAggregationEvaluator
    let pipeline: LogPipeline
    let cursors: [any LogStreamCursor]
    let budget: QueryBudget
    let slots: UnsafeMutablePointer<Result<(OutputSeries<WindowCounts>, LogQLStatistics), LogQLError>>
    let workers: Int

    func count(_ worker: Int) {
      (slots + worker).initialize(to: countShare(worker))
    }

    private func countShare(_ worker: Int) -> Result<(OutputSeries<WindowCounts>, LogQLStatistics), LogQLError> {
      var budget = budget
      var statistics = LogQLStatistics()
      let share = stride(from: worker, to: cursors.count, by: workers).lazy.map { cursors[$0] }
      do throws(LogQLError) {
        let outputs = try evaluator.countRecords(pipeline, share, &budget, &statistics)
        return .success((outputs, statistics))
      } catch {
        return .failure(error)
      }
    }
  }
}
