// The evaluation times of one node: `count` instants from `startMs` every `stepMs`. A range query
// is one grid, an instant query a grid of one step, a subquery its own grid.

struct StepGrid: Sendable, Equatable {
  var startMs: Int64
  var stepMs: Int64
  var count: Int

  init(startMs: Int64, endMs: Int64, stepMs: Int64) {
    self.startMs = startMs
    self.stepMs = max(stepMs, 1)
    count = endMs < startMs ? 0 : Int((endMs - startMs) / self.stepMs) + 1
  }

  var endMs: Int64 { startMs + Int64(max(count - 1, 0)) * stepMs }

  func time(_ step: Int) -> Int64 { startMs + Int64(step) * stepMs }
}

/// Where a selector or subquery reads relative to the evaluation time: `@` pins it, `offset`
/// shifts it. `@ start()`/`@ end()` are resolved to the top-level query's times before this.
struct TimeShift: Sendable, Equatable {
  var pinnedMs: Int64?
  var offsetMs: Int64

  func apply(_ time: Int64) -> Int64 { (pinnedMs ?? time) - offsetMs }
}
