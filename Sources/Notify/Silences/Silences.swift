// The silences: created, updated by Alertmanager's rules, expired, queried, asked which mute an
// alert, and forgotten a retention period after they end. Persistence is the caller's: every
// change returns the silences to save.
import Foundation
import Synchronization
package import WardenCore

/// Every known silence with its compiled matchers.
///
/// Thread-safe: guarded by `state`. Functions take `nowMs` so callers (and tests) own the clock.
package final class Silences: Sendable {
  package struct Limits: Sendable {
    /// Most silences kept, expired ones included (they are kept for the retention period).
    package var maxSilences = 10_000
    /// Largest silence (matchers, comment and creator) in bytes.
    package var maxSilenceBytes = 64 << 10

    package init() {}
  }

  private struct Entry {
    var silence: Silence
    var matchers: [LabelMatcher]
  }

  private let state = Mutex<[String: Entry]>([:])
  private let limits: Limits

  package init(limits: Limits = Limits()) {
    self.limits = limits
  }

  /// Replaces every silence with `silences` (read from the catalog at start); those that no
  /// longer validate are skipped and returned.
  @discardableResult
  package func load(_ silences: [Silence]) -> [Silence] {
    var entries: [String: Entry] = [:]
    var skipped: [Silence] = []
    for silence in silences {
      guard let matchers = try? Self.compile(silence.matchers) else {
        skipped.append(silence)
        continue
      }
      entries[silence.id] = Entry(silence: silence, matchers: matchers)
    }
    state.withLock { $0 = entries }
    return skipped
  }

  package var count: Int { state.withLock { $0.count } }

  package func silence(id: String) -> Silence? {
    state.withLock { $0[id]?.silence }
  }

  /// Every silence, unsorted.
  package var all: [Silence] { state.withLock { $0.values.map(\.silence) } }

  // MARK: - Changes

  /// What a create or update did: the id to report and the silences to save.
  package struct Change: Sendable {
    package var id: String
    package var changed: [Silence]
  }

  /// Creates (empty id) or updates a silence with Alertmanager's rules: a pending silence, or an
  /// active one whose matchers and start stay the same, is changed in place; any other change
  /// expires the old silence (if it still runs) and creates a new one with a new id. A new
  /// silence never starts in the past.
  /// - Throws: `SilenceError` when the id is unknown, the silence is invalid or a limit is reached.
  package func upsert(_ request: Silence, nowMs: Int64) throws(SilenceError) -> Change {
    let matchers = try validate(request, nowMs: nowMs)
    return try state.withLock { entries throws(SilenceError) -> Change in
      var changed: [Silence] = []
      if !request.id.isEmpty {
        guard let previous = entries[request.id] else {
          throw SilenceError(.notFound, "silence \(request.id) not found")
        }
        if Self.canUpdateInPlace(previous.silence, to: request, nowMs: nowMs) {
          var updated = request
          updated.updatedAtMs = nowMs
          entries[request.id] = Entry(silence: updated, matchers: matchers)
          return Change(id: request.id, changed: [updated])
        }
        if previous.silence.state(atMs: nowMs) != .expired {
          var expired = previous.silence
          Self.expire(&expired, nowMs: nowMs)
          entries[request.id]?.silence = expired
          changed.append(expired)
        }
      }
      guard entries.count < limits.maxSilences else {
        throw SilenceError(.limit, "cannot create silence: the limit of \(limits.maxSilences) silences is reached")
      }
      var created = request
      created.id = UUID().uuidString.lowercased()
      created.startsAtMs = max(created.startsAtMs, nowMs)
      created.updatedAtMs = nowMs
      entries[created.id] = Entry(silence: created, matchers: matchers)
      changed.append(created)
      return Change(id: created.id, changed: changed)
    }
  }

  /// Ends a silence now (a pending one never starts).
  /// - Throws: `SilenceError` `.notFound`, or `.alreadyExpired` when it already ended.
  package func expire(id: String, nowMs: Int64) throws(SilenceError) -> Silence {
    try state.withLock { entries throws(SilenceError) -> Silence in
      guard var silence = entries[id]?.silence else { throw SilenceError(.notFound, "silence \(id) not found") }
      guard silence.state(atMs: nowMs) != .expired else { throw SilenceError(.alreadyExpired, "silence \(id) already expired") }
      Self.expire(&silence, nowMs: nowMs)
      entries[id]?.silence = silence
      return silence
    }
  }

  /// Forgets silences that ended before `ms`; returns their ids.
  @discardableResult
  package func collectGarbage(endedBeforeMs ms: Int64) -> [String] {
    state.withLock { entries in
      let old = entries.filter { $0.value.silence.endsAtMs < ms }.map(\.key)
      for id in old { entries[id] = nil }
      return old
    }
  }

  private static func expire(_ silence: inout Silence, nowMs: Int64) {
    if silence.state(atMs: nowMs) == .pending { silence.startsAtMs = nowMs }
    silence.endsAtMs = nowMs
    silence.updatedAtMs = nowMs
  }

  private static func canUpdateInPlace(_ previous: Silence, to next: Silence, nowMs: Int64) -> Bool {
    guard previous.matchers == next.matchers else { return false }
    switch previous.state(atMs: nowMs) {
    case .active: return next.startsAtMs == previous.startsAtMs && next.endsAtMs >= nowMs
    case .pending: return next.startsAtMs >= nowMs
    case .expired: return false
    }
  }

  // MARK: - Validation

  /// Checks a requested silence and compiles its matchers.
  private func validate(_ silence: Silence, nowMs: Int64) throws(SilenceError) -> [LabelMatcher] {
    let matchers = try Self.compile(silence.matchers)
    guard !matchers.isEmpty else { throw SilenceError(.invalid, "silence needs at least one matcher") }
    guard matchers.contains(where: { !$0.matchesEmpty }) else {
      throw SilenceError(.invalid, "silence matchers must not all match the empty string (it would silence every alert)")
    }
    guard silence.endsAtMs > silence.startsAtMs else {
      throw SilenceError(.invalid, "silence end time must be after its start time")
    }
    guard silence.endsAtMs > nowMs else { throw SilenceError(.invalid, "silence end time can't be in the past") }
    let size = silence.matchers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 }
      + silence.comment.utf8.count + silence.createdBy.utf8.count + silence.id.utf8.count
    guard size <= limits.maxSilenceBytes else {
      throw SilenceError(.limit, "silence is \(size) bytes, over the limit of \(limits.maxSilenceBytes) bytes")
    }
    return matchers
  }

  private static func compile(_ matchers: [SilenceMatcher]) throws(SilenceError) -> [LabelMatcher] {
    var compiled: [LabelMatcher] = []
    for matcher in matchers {
      guard !matcher.name.isEmpty else { throw SilenceError(.invalid, "silence matcher has an empty label name") }
      do throws(LabelMatcherError) {
        compiled.append(try matcher.labelMatcher())
      } catch {
        throw SilenceError(.invalid, "silence matcher \(matcher.name): \(error.message)")
      }
    }
    return compiled
  }

  // MARK: - Queries

  /// The ids of the active silences that mute an alert with `labels`, sorted.
  package func mutingIDs(for labels: Labels, nowMs: Int64) -> [String] {
    state.withLock { entries in
      var ids: [String] = []
      for (id, entry) in entries where entry.silence.state(atMs: nowMs) == .active && entry.matchers.allMatch(labels) {
        ids.append(id)
      }
      return ids.sorted()
    }
  }

  /// The silences whose matchers satisfy the API filter, in the API's order: active ones by
  /// end, then pending ones by start, then expired ones newest first.
  package func query(matching filter: [LabelMatcher], nowMs: Int64) -> [Silence] {
    let found = state.withLock { entries in
      entries.values.map(\.silence).filter { silence in
        filter.filterMatch { name in silence.matchers.last(where: { $0.name == name })?.value }
      }
    }
    func rank(_ silence: Silence) -> Int {
      switch silence.state(atMs: nowMs) {
      case .active: 0
      case .pending: 1
      case .expired: 2
      }
    }
    return found.sorted { left, right in
      let (leftRank, rightRank) = (rank(left), rank(right))
      if leftRank != rightRank { return leftRank < rightRank }
      switch leftRank {
      case 0: return (left.endsAtMs, left.id) < (right.endsAtMs, right.id)
      case 1: return (left.startsAtMs, left.id) < (right.startsAtMs, right.id)
      default: return (left.endsAtMs, left.id) > (right.endsAtMs, right.id)
      }
    }
  }
}
