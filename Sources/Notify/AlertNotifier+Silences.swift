// The notifier's silence operations for the API and the CLI: query, look up, create or update
// (Alertmanager's update rules), expire. Every change is saved to the catalog before returning;
// a failed save is retried in the background, since the silence already applies.
import Catalog
import Logging
package import WardenCore

extension AlertNotifier {
  /// The silences whose matchers satisfy the API filter, active first (by end), then pending
  /// (by start), then expired (newest first).
  package func silences(matching filter: [LabelMatcher]) -> [Silence] {
    silenceStore.query(matching: filter, nowMs: clock())
  }

  package func silence(id: String) -> Silence? {
    silenceStore.silence(id: id)
  }

  /// Creates (empty id) or updates a silence; returns its id, which is new when the update
  /// could not be made in place (Alertmanager's rules: see `Silences.upsert`).
  /// - Throws: `SilenceError` when the id is unknown, the silence is invalid or a limit is reached.
  package func upsertSilence(_ silence: Silence) async throws(SilenceError) -> String {
    let change = try silenceStore.upsert(silence, nowMs: clock())
    await save(change.changed)
    logger.debug("silence saved", metadata: ["silence.id": "\(change.id)"])
    return change.id
  }

  /// Expires a silence now.
  /// - Throws: `SilenceError` `.notFound` or `.alreadyExpired`.
  package func expireSilence(id: String) async throws(SilenceError) {
    let expired = try silenceStore.expire(id: id, nowMs: clock())
    await save([expired])
  }

  private func save(_ silences: [Silence]) async {
    let records = silences.map(SilenceRecord.init)
    do {
      try await catalog.saveSilences(records)
    } catch {
      logger.info("cannot save silences; will retry", metadata: ["error": "\(error)"])
      pending.add(silences: records)
      persistWake.signal()
    }
  }
}
