// Cooperative limits while a query evaluates: its deadline (counted from arrival, so waiting for a
// slot uses it up too) and the task's cancellation, looked at every few hundred records so the
// check costs nothing per line.

struct QueryBudget {
  let deadline: ContinuousClock.Instant
  private var countdown = 0

  init(deadline: ContinuousClock.Instant) {
    self.deadline = deadline
  }

  func check() throws(LogQLError) {
    if Task.isCancelled { throw LogQLError(.canceled, "query was canceled") }
    if ContinuousClock.now >= deadline { throw LogQLError(.timeout, "query timed out") }
  }

  /// `check` every 512 calls, for per-record loops.
  mutating func tick() throws(LogQLError) {
    countdown -= 1
    if countdown <= 0 {
      countdown = 512
      try check()
    }
  }

  /// What is left of the timeout, for work handed to the PromQL engine.
  var remaining: Duration {
    let left = deadline - ContinuousClock.now
    return left > .zero ? left : .zero
  }
}
