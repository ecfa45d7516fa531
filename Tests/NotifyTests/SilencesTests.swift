// Silences by Alertmanager's rules: validation, creation (never starting in the past), updates in
// place or by replacement, expiry, matching alerts only while active, the API's filter and order,
// garbage collection, limits, and the catalog's JSON form.
import Catalog
import Notify
import Testing
import WardenCore

/// Untyped wrappers, so tests can catch without typed-throws do/catch.
private func upsert(_ silences: Silences, _ silence: Silence, nowMs: Int64) throws -> Silences.Change {
  try silences.upsert(silence, nowMs: nowMs)
}

private func expire(_ silences: Silences, _ id: String, nowMs: Int64) throws -> Silence {
  try silences.expire(id: id, nowMs: nowMs)
}

private func silenceError(_ body: () throws -> Void) -> SilenceError? {
  do {
    try body()
    return nil
  } catch {
    return error as? SilenceError
  }
}

@Suite struct SilencesTests {
  let now: Int64 = 1_700_000_000_000
  let hour: Int64 = 3_600_000

  private func silence(
    id: String = "", _ matchers: [SilenceMatcher] = [SilenceMatcher(name: "alertname", value: "Down", isRegex: false)],
    starts: Int64, ends: Int64, comment: String = "maintenance"
  ) -> Silence {
    Silence(id: id, matchers: matchers, startsAtMs: starts, endsAtMs: ends, updatedAtMs: 0, createdBy: "ops", comment: comment)
  }

  @Test func validatesAsAlertmanagerDoes() {
    let silences = Silences()
    #expect(silenceError { _ = try upsert(silences, silence([], starts: now, ends: now + hour), nowMs: now) }?.code == .invalid)
    let matchesEverything = [SilenceMatcher(name: "job", value: ".*", isRegex: true)]
    #expect(
      silenceError { _ = try upsert(silences, silence(matchesEverything, starts: now, ends: now + hour), nowMs: now) }?.message
        .contains("empty string") == true)
    #expect(silenceError { _ = try upsert(silences, silence(starts: now + hour, ends: now), nowMs: now) }?.message.contains("after its start") == true)
    #expect(silenceError { _ = try upsert(silences, silence(starts: now - 2 * hour, ends: now - hour), nowMs: now) }?.message.contains("past") == true)
    let badRegex = [SilenceMatcher(name: "job", value: "(", isRegex: true)]
    #expect(silenceError { _ = try upsert(silences, silence(badRegex, starts: now, ends: now + hour), nowMs: now) }?.code == .invalid)
    #expect(silenceError { _ = try upsert(silences, silence(id: "nope", starts: now, ends: now + hour), nowMs: now) }?.code == .notFound)
    #expect(silences.count == 0)
  }

  @Test func newSilencesGetAnIDAndNeverStartInThePast() throws {
    let silences = Silences()
    let change = try upsert(silences, silence(starts: now - hour, ends: now + hour), nowMs: now)
    #expect(change.id.count == 36)
    let stored = try #require(silences.silence(id: change.id))
    #expect(stored.startsAtMs == now)
    #expect(stored.updatedAtMs == now)
    #expect(stored.state(atMs: now) == .active)
    #expect(change.changed == [stored])
  }

  @Test func activeSilencesUpdateInPlaceOnlyKeepingMatchersAndStart() throws {
    let silences = Silences()
    let id = try upsert(silences, silence(starts: now, ends: now + hour), nowMs: now).id
    let later = now + 60_000
    // Extending the end and changing the comment keep the id.
    var edited = try #require(silences.silence(id: id))
    edited.endsAtMs = now + 2 * hour
    edited.comment = "longer"
    let inPlace = try upsert(silences, edited, nowMs: later)
    #expect(inPlace.id == id)
    #expect(silences.silence(id: id)?.endsAtMs == now + 2 * hour)
    #expect(silences.silence(id: id)?.updatedAtMs == later)
    // Changing the matchers expires it and creates a new one.
    var rematched = try #require(silences.silence(id: id))
    rematched.matchers = [SilenceMatcher(name: "alertname", value: "Up", isRegex: false)]
    let replaced = try upsert(silences, rematched, nowMs: later)
    #expect(replaced.id != id)
    #expect(silences.silence(id: id)?.state(atMs: later) == .expired)
    #expect(silences.silence(id: id)?.endsAtMs == later)
    #expect(silences.silence(id: replaced.id)?.matchers == rematched.matchers)
    #expect(replaced.changed.count == 2)
    // Changing the start of an active silence also replaces it.
    var moved = try #require(silences.silence(id: replaced.id))
    moved.startsAtMs = later + hour
    let movedChange = try upsert(silences, moved, nowMs: later)
    #expect(movedChange.id != replaced.id)
    #expect(silences.silence(id: movedChange.id)?.state(atMs: later) == .pending)
  }

  @Test func pendingSilencesAreEditedInPlace() throws {
    let silences = Silences()
    let id = try upsert(silences, silence(starts: now + hour, ends: now + 2 * hour), nowMs: now).id
    var edited = try #require(silences.silence(id: id))
    edited.startsAtMs = now + 30 * 60_000
    edited.endsAtMs = now + 3 * hour
    #expect(try upsert(silences, edited, nowMs: now).id == id)
    #expect(silences.silence(id: id)?.startsAtMs == now + 30 * 60_000)
    // Moving a pending silence's start into the past is a new silence starting now.
    edited.startsAtMs = now - 60_000
    let restarted = try upsert(silences, edited, nowMs: now)
    #expect(restarted.id != id)
    #expect(silences.silence(id: restarted.id)?.startsAtMs == now)
    // The pending one it replaced never starts.
    let old = try #require(silences.silence(id: id))
    #expect(old.startsAtMs == now && old.endsAtMs == now)
  }

  @Test func expiredSilencesAreReplacedNotRevived() throws {
    let silences = Silences()
    let id = try upsert(silences, silence(starts: now, ends: now + hour), nowMs: now).id
    let expired = try expire(silences, id, nowMs: now + 1000)
    #expect(expired.endsAtMs == now + 1000)
    #expect(silenceError { _ = try expire(silences, id, nowMs: now + 2000) }?.code == .alreadyExpired)
    #expect(silenceError { _ = try expire(silences, "unknown", nowMs: now) }?.code == .notFound)
    var revived = expired
    revived.endsAtMs = now + 5 * hour
    let change = try upsert(silences, revived, nowMs: now + 3000)
    #expect(change.id != id)
    #expect(change.changed.count == 1, "an expired silence is not expired again")
  }

  @Test func onlyActiveSilencesMute() throws {
    let silences = Silences()
    let active = try upsert(silences, silence(starts: now, ends: now + hour), nowMs: now).id
    _ = try upsert(silences, silence(starts: now + hour, ends: now + 2 * hour), nowMs: now)
    let down = Labels(["alertname": "Down", "job": "api"])
    #expect(silences.mutingIDs(for: down, nowMs: now) == [active])
    #expect(silences.mutingIDs(for: Labels(["alertname": "Up"]), nowMs: now).isEmpty)
    #expect(silences.mutingIDs(for: down, nowMs: now + hour + 1).count == 1, "the pending one became active and the first ended")
    #expect(silences.mutingIDs(for: down, nowMs: now + 3 * hour).isEmpty)
  }

  @Test func queriesFilterAndOrderAsTheAPI() throws {
    let silences = Silences()
    let job = { (value: String) in SilenceMatcher(name: "job", value: value, isRegex: false) }
    let endsLater = try upsert(silences, silence([job("api")], starts: now, ends: now + 2 * hour), nowMs: now).id
    let endsSooner = try upsert(silences, silence([job("db")], starts: now, ends: now + hour), nowMs: now).id
    let pending = try upsert(silences, silence([job("api")], starts: now + hour, ends: now + 2 * hour), nowMs: now).id
    let expired = try upsert(silences, silence([job("web")], starts: now, ends: now + hour), nowMs: now).id
    _ = try expire(silences, expired, nowMs: now + 1)
    #expect(silences.query(matching: [], nowMs: now + 2).map(\.id) == [endsSooner, endsLater, pending, expired])
    #expect(silences.query(matching: try MatcherParser.parse("job=api"), nowMs: now + 2).map(\.id) == [endsLater, pending])
    #expect(silences.query(matching: try MatcherParser.parse("job=~a.*|d.*"), nowMs: now + 2).count == 3)
    #expect(silences.query(matching: try MatcherParser.parse("job!=api"), nowMs: now + 2).map(\.id) == [endsSooner, expired])
    #expect(silences.query(matching: try MatcherParser.parse("team=x"), nowMs: now + 2).isEmpty)
  }

  @Test func garbageCollectionForgetsLongEndedSilences() throws {
    let silences = Silences()
    let id = try upsert(silences, silence(starts: now, ends: now + hour), nowMs: now).id
    #expect(silences.collectGarbage(endedBeforeMs: now + hour).isEmpty)
    #expect(silences.collectGarbage(endedBeforeMs: now + hour + 1) == [id])
    #expect(silences.count == 0)
  }

  @Test func limitsBoundCountAndSize() throws {
    var limits = Silences.Limits()
    limits.maxSilences = 2
    limits.maxSilenceBytes = 200
    let silences = Silences(limits: limits)
    _ = try upsert(silences, silence(starts: now, ends: now + hour), nowMs: now)
    #expect(silenceError { _ = try upsert(silences, silence(starts: now, ends: now + hour, comment: String(repeating: "x", count: 300)), nowMs: now) }?.code == .limit)
    _ = try upsert(silences, silence(starts: now, ends: now + hour), nowMs: now)
    #expect(silenceError { _ = try upsert(silences, silence(starts: now, ends: now + hour), nowMs: now) }?.code == .limit)
  }

  @Test func recordsRoundTripThroughTheCatalogForm() throws {
    let original = Silence(
      id: "3f1c", matchers: [SilenceMatcher(name: "job", value: "a\"b", isRegex: false, isEqual: false), SilenceMatcher(name: "x", value: "y.*", isRegex: true)],
      startsAtMs: 1, endsAtMs: 2, updatedAtMs: 3, createdBy: "me", comment: "why")
    let record = SilenceRecord(original)
    #expect(record.matchersJSON.contains(#""isEqual":false"#))
    #expect(record.silence == original)
    // The API's form without isEqual (older clients) means equal.
    let legacy = SilenceRecord(
      id: "1", matchersJSON: #"[{"name":"a","value":"b","isRegex":false}]"#, startsAtMs: 1, endsAtMs: 2, updatedAtMs: 3, createdBy: "", comment: "")
    #expect(legacy.silence?.matchers == [SilenceMatcher(name: "a", value: "b", isRegex: false, isEqual: true)])
    #expect(SilenceRecord(id: "2", matchersJSON: "garbage", startsAtMs: 1, endsAtMs: 2, updatedAtMs: 3, createdBy: "", comment: "").silence == nil)
  }
}
