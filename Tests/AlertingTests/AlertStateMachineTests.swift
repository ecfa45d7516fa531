// The alert state machine as a value, stepped with plain timestamps: pending and firing with
// `for`, `keep_firing_for`, resolution and retention, limits, and when alerts are (re)sent.
import Alerting
import Testing
import WardenCore

@Suite struct AlertStateMachineTests {
  let minute: Int64 = 60_000
  let t0: Int64 = 1_700_000_000_000

  func candidate(_ instance: String, value: Double = 1, annotations: Labels = Labels()) -> AlertCandidate {
    AlertCandidate(labels: Labels(["alertname": "Down", "instance": instance]), annotations: annotations, value: value)
  }

  func parameters(hold: Int64 = 0, keepFiring: Int64 = 0, limit: Int = 0) -> AlertingRuleState.Parameters {
    AlertingRuleState.Parameters(holdMs: hold, keepFiringForMs: keepFiring, limit: limit)
  }

  @Test func withoutForAnAlertFiresAtOnce() {
    var state = AlertingRuleState()
    let outcome = state.evaluate([candidate("a")], atMs: t0, parameters: parameters())
    #expect(outcome.active.count == 1)
    #expect(outcome.active[0].state == .firing)
    #expect(outcome.active[0].activeAtMs == t0 && outcome.active[0].firedAtMs == t0)
    #expect(outcome.changes.map(\.kind) == [.became(.firing)])
  }

  @Test func pendingUntilForHasPassedThenFiring() {
    var state = AlertingRuleState()
    let hold = 5 * minute
    var outcome = state.evaluate([candidate("a", value: 3)], atMs: t0, parameters: parameters(hold: hold))
    #expect(outcome.active.map(\.state) == [.pending])
    #expect(outcome.changes.map(\.kind) == [.became(.pending)])

    outcome = state.evaluate([candidate("a", value: 4)], atMs: t0 + 4 * minute, parameters: parameters(hold: hold))
    #expect(outcome.active.map(\.state) == [.pending])
    #expect(outcome.active[0].value == 4)
    #expect(outcome.changes.isEmpty)

    outcome = state.evaluate([candidate("a", value: 5)], atMs: t0 + hold, parameters: parameters(hold: hold))
    #expect(outcome.active.map(\.state) == [.firing])
    #expect(outcome.active[0].activeAtMs == t0)
    #expect(outcome.active[0].firedAtMs == t0 + hold)
    #expect(outcome.changes.map(\.kind) == [.became(.firing)])
    #expect(state.ruleState == .firing)
  }

  @Test func aPendingAlertThatGoesAwayIsDroppedWithoutResolution() {
    var state = AlertingRuleState()
    _ = state.evaluate([candidate("a")], atMs: t0, parameters: parameters(hold: 5 * minute))
    let outcome = state.evaluate([], atMs: t0 + minute, parameters: parameters(hold: 5 * minute))
    #expect(outcome.active.isEmpty)
    #expect(outcome.changes.map(\.kind) == [.abandoned])
    #expect(state.alerts.isEmpty)
    #expect(state.takeAlertsToSend(atMs: t0 + minute, resendDelayMs: minute, intervalMs: minute).isEmpty)
  }

  @Test func aFiringAlertResolvesIsSentAndIsKeptForTheRetention() {
    var state = AlertingRuleState()
    _ = state.evaluate([candidate("a")], atMs: t0, parameters: parameters())
    let firstSend = state.takeAlertsToSend(atMs: t0, resendDelayMs: minute, intervalMs: 30_000)
    #expect(firstSend.count == 1)
    #expect(firstSend[0].validUntilMs == t0 + 4 * minute)

    let resolvedAt = t0 + 2 * minute
    let outcome = state.evaluate([], atMs: resolvedAt, parameters: parameters())
    #expect(outcome.active.isEmpty)
    #expect(outcome.changes.map(\.kind) == [.resolved])
    let resolved = state.takeAlertsToSend(atMs: resolvedAt, resendDelayMs: minute, intervalMs: minute)
    #expect(resolved.count == 1)
    #expect(resolved[0].state == .inactive && resolved[0].resolvedAtMs == resolvedAt)
    // Sent once on resolution, then again every resend delay while retained.
    #expect(state.takeAlertsToSend(atMs: resolvedAt + 30_000, resendDelayMs: minute, intervalMs: minute).isEmpty)
    #expect(state.takeAlertsToSend(atMs: resolvedAt + minute + 1, resendDelayMs: minute, intervalMs: minute).count == 1)

    _ = state.evaluate([], atMs: resolvedAt + 15 * minute, parameters: parameters())
    #expect(state.alerts.count == 1, "kept up to the retention")
    _ = state.evaluate([], atMs: resolvedAt + 15 * minute + 1, parameters: parameters())
    #expect(state.alerts.isEmpty)
  }

  @Test func aResolvedAlertThatReturnsStartsAgainAsPending() {
    var state = AlertingRuleState()
    let hold = 2 * minute
    _ = state.evaluate([candidate("a")], atMs: t0, parameters: parameters(hold: hold))
    _ = state.evaluate([candidate("a")], atMs: t0 + hold, parameters: parameters(hold: hold))
    _ = state.evaluate([], atMs: t0 + 3 * minute, parameters: parameters(hold: hold))
    let outcome = state.evaluate([candidate("a")], atMs: t0 + 4 * minute, parameters: parameters(hold: hold))
    #expect(outcome.active.map(\.state) == [.pending])
    #expect(outcome.active[0].activeAtMs == t0 + 4 * minute)
    #expect(outcome.active[0].resolvedAtMs == 0)
  }

  @Test func keepFiringForHoldsAResolvedAlertFiring() {
    var state = AlertingRuleState()
    let keep = 3 * minute
    _ = state.evaluate([candidate("a")], atMs: t0, parameters: parameters(keepFiring: keep))
    let gone = t0 + minute
    var outcome = state.evaluate([], atMs: gone, parameters: parameters(keepFiring: keep))
    #expect(outcome.active.map(\.state) == [.firing])
    #expect(outcome.active[0].keepFiringSinceMs == gone)
    #expect(outcome.changes.map(\.kind) == [.keepFiringChanged])

    outcome = state.evaluate([], atMs: gone + keep - 1, parameters: parameters(keepFiring: keep))
    #expect(outcome.active.map(\.state) == [.firing])
    #expect(outcome.changes.isEmpty)

    // Back before the end: the hold is cleared.
    outcome = state.evaluate([candidate("a")], atMs: gone + 2 * minute, parameters: parameters(keepFiring: keep))
    #expect(outcome.active[0].keepFiringSinceMs == 0)
    #expect(outcome.changes.map(\.kind) == [.keepFiringChanged])

    let goneAgain = gone + 3 * minute
    _ = state.evaluate([], atMs: goneAgain, parameters: parameters(keepFiring: keep))
    outcome = state.evaluate([], atMs: goneAgain + keep, parameters: parameters(keepFiring: keep))
    #expect(outcome.active.isEmpty)
    #expect(outcome.changes.map(\.kind) == [.resolved])
    #expect(state.alerts.values.first?.resolvedAtMs == goneAgain + keep)
  }

  @Test func annotationsAndValueFollowTheLatestEvaluation() {
    var state = AlertingRuleState()
    _ = state.evaluate([candidate("a", value: 1, annotations: Labels(["v": "1"]))], atMs: t0, parameters: parameters(hold: minute))
    let outcome = state.evaluate(
      [candidate("a", value: 2, annotations: Labels(["v": "2"]))], atMs: t0 + 30_000, parameters: parameters(hold: minute))
    #expect(outcome.active[0].value == 2)
    #expect(outcome.active[0].annotations == Labels(["v": "2"]))
    #expect(outcome.active[0].activeAtMs == t0)
  }

  @Test func overTheLimitEveryAlertIsDropped() {
    var state = AlertingRuleState()
    _ = state.evaluate([candidate("a")], atMs: t0, parameters: parameters(limit: 2))
    let outcome = state.evaluate([candidate("a"), candidate("b"), candidate("c")], atMs: t0 + minute, parameters: parameters(limit: 2))
    #expect(outcome.limitError == "exceeded limit of 2 with 3 alerts")
    #expect(outcome.active.isEmpty)
    #expect(outcome.dropped.count == 3)
    #expect(state.alerts.isEmpty)
    // Within the limit again, alerts start over.
    let next = state.evaluate([candidate("a")], atMs: t0 + 2 * minute, parameters: parameters(hold: minute, limit: 2))
    #expect(next.limitError == nil)
    #expect(next.active.map(\.state) == [.pending])
  }

  @Test func firingAlertsAreResentAfterTheResendDelayPendingNever() {
    var state = AlertingRuleState()
    _ = state.evaluate([candidate("a"), candidate("b")], atMs: t0, parameters: parameters())
    _ = state.evaluate([candidate("a"), candidate("b"), candidate("c")], atMs: t0, parameters: parameters(hold: minute))
    var sent = state.takeAlertsToSend(atMs: t0, resendDelayMs: minute, intervalMs: 2 * minute)
    #expect(sent.map { $0.labels["instance"] }.sorted() == ["a", "b"])
    #expect(sent.allSatisfy { $0.validUntilMs == t0 + 8 * minute })
    #expect(state.takeAlertsToSend(atMs: t0 + minute, resendDelayMs: minute, intervalMs: 2 * minute).isEmpty)
    sent = state.takeAlertsToSend(atMs: t0 + minute + 1, resendDelayMs: minute, intervalMs: 2 * minute)
    #expect(sent.count == 2)
  }

  @Test func restoredAlertsContinueWhereTheyWere() {
    var state = AlertingRuleState()
    var firing = RuleAlert(labels: candidate("a").labels, annotations: Labels(), value: 1, state: .firing, activeAtMs: t0)
    firing.firedAtMs = t0 + 5 * minute
    state.restore(firing)
    let outcome = state.evaluate([candidate("a")], atMs: t0 + 10 * minute, parameters: parameters(hold: 5 * minute))
    #expect(outcome.active.map(\.state) == [.firing])
    #expect(outcome.active[0].activeAtMs == t0)
    #expect(outcome.changes.isEmpty)
    // Never sent by this process: sent at once.
    #expect(state.takeAlertsToSend(atMs: t0 + 10 * minute, resendDelayMs: minute, intervalMs: minute).count == 1)
  }
}
