// The manager's schedule in real time: groups evaluate on their interval at aligned times, in
// parallel, pick up reloads while running, count evaluations that overran, and stop on
// cancellation.
import Alerting
import Foundation
import Synchronization
import Testing
import WardenCore

@Suite struct RuleSchedulingTests {
  func wallMs() -> Int64 { RuleManagerOptions().wallClockMs() }

  /// Waits until `condition` holds, polling, for at most `limit` (other suites share the CPU).
  func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
      if condition() { return true }
      try await Task.sleep(for: .milliseconds(20))
    }
    return condition()
  }

  @Test func groupsRunOnTheirIntervalAndReloadsTakeEffect() async throws {
    let harness = RuleHarness()
    harness.store.add("x", samples: [(wallMs() - 1_000, 1)])
    try await harness.apply("groups:\n  - name: fast\n    interval: 100ms\n    rules:\n      - record: y\n        expr: x\n")
    let run = Task { await harness.manager.run() }
    #expect(try await eventually { (harness.manager.groupsStatus().first?.iterations ?? 0) >= 3 })
    let fast = try #require(harness.manager.groupsStatus().first)
    let times = harness.store.samples(series("y")).map(\.0)
    #expect(times.count >= fast.iterations)
    #expect(zip(times, times.dropFirst()).allSatisfy { ($1 - $0) % 100 == 0 }, "evaluations fall on the group's grid: \(times)")

    try await harness.apply(
      """
      groups:
        - name: fast
          interval: 100ms
          rules:
            - record: y
              expr: x
        - name: added
          interval: 100ms
          rules:
            - record: z
              expr: x * 3
      """)
    #expect(try await eventually { harness.manager.groupsStatus().count == 2 && harness.manager.groupsStatus()[1].iterations >= 2 })
    let statuses = harness.manager.groupsStatus()
    #expect(statuses.map(\.name) == ["fast", "added"])
    #expect(statuses[1].iterations >= 2)
    #expect(harness.store.samples(series("z")).last?.1 == 3)

    run.cancel()
    await run.value
    let stopped = harness.manager.groupsStatus().map(\.iterations)
    try await Task.sleep(for: .milliseconds(250))
    #expect(harness.manager.groupsStatus().map(\.iterations) == stopped, "nothing runs after cancellation")
  }

  @Test func evaluationsThatOverrunTheIntervalAreCounted() async throws {
    let harness = RuleHarness()
    harness.store.add("x", samples: [(wallMs() - 1_000, 1)])
    harness.store.writeDelay.withLock { $0 = .milliseconds(250) }
    try await harness.apply("groups:\n  - name: slow\n    interval: 100ms\n    rules:\n      - record: y\n        expr: x\n")
    let run = Task { await harness.manager.run() }
    #expect(try await eventually { (harness.manager.groupsStatus().first?.iterations ?? 0) >= 2 })
    run.cancel()
    await run.value
    let slow = try #require(harness.manager.groupsStatus().first)
    #expect(slow.iterations >= 2)
    #expect(slow.iterationsMissed >= slow.iterations - 1)
  }
}
