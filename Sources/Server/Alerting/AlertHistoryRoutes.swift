// `GET /api/v1/alerts/history`: Warden's durable alert history (beyond Alertmanager): every state
// change of every alert and every notification attempt with its outcome, newest first, from
// the catalog. Parameters: `since` (a duration back from now, default 24h) or `start`/`end`,
// `alertname`, `fingerprint`, `receiver`, `limit` (default 1000, at most 10000).
import Catalog
import Foundation
import Hummingbird
import WardenCore

struct AlertHistoryRoutes {
  let stores: Stores
  static let maxLimit = 10_000

  struct Event: Encodable {
    let time: String
    let fingerprint: String
    let labels: [String: String]
    let source: String
    let state: String
    let value: Double?
    let detail: String
  }

  struct Attempt: Encodable {
    let time: String
    let receiver: String
    let integration: String
    let index: Int
    let groupKey: String
    let fingerprints: [String]
    let status: String
    let attempt: Int
    let outcome: String
    let detail: String
    let durationMs: Int64
  }

  struct Payload: Encodable {
    let events: [Event]
    let notifications: [Attempt]
  }

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/alerts/history") { request, _ in
      let parameters = request.uri.queryParameters
      let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
      let endMs = try parameters.get("end").map { try APITime.parse(String($0), name: "end") } ?? nowMs
      let startMs: Int64
      if let start = parameters.get("start") {
        startMs = try APITime.parse(String(start), name: "start")
      } else {
        let since = parameters.get("since") ?? "24h"
        guard let duration = PrometheusDuration.parseMilliseconds(String(since)), duration > 0 else {
          throw APIError.badData("invalid parameter \"since\": \"\(since)\" is not a positive duration such as 1h or 7d")
        }
        startMs = endMs - duration
      }
      guard startMs <= endMs else { throw APIError.badData("invalid parameters: start must not be after end") }
      var limit = 1000
      if let text = parameters.get("limit") {
        guard let value = Int(text), value > 0 else { throw APIError.badData("invalid parameter \"limit\": \"\(text)\" is not a positive integer") }
        limit = min(value, Self.maxLimit)
      }
      var fingerprint: AlertFingerprint?
      if let text = parameters.get("fingerprint") {
        guard let parsed = AlertFingerprint(hex: String(text)) else {
          throw APIError.badData("invalid parameter \"fingerprint\": \"\(text)\" is not 16 hex digits")
        }
        fingerprint = parsed
      }
      let alertname = parameters.get("alertname").map { String($0) }
      let receiver = parameters.get("receiver").map { String($0) }
      guard let catalog = stores.catalog else { throw APIError.unavailable("the catalog is still opening") }
      do {
        let events = try await catalog.alertEvents(
          sinceMs: startMs, untilMs: endMs, fingerprint: fingerprint, alertname: alertname, limit: limit)
        // Attempts carry fingerprints, not names: an alertname filter applies to them through the
        // fingerprints of the events it selected.
        var attempts = try await catalog.notificationAttempts(sinceMs: startMs, untilMs: endMs, receiver: receiver, limit: limit)
        if alertname != nil || fingerprint != nil {
          let wanted = Set(events.map(\.fingerprint))
          attempts = attempts.filter { attempt in attempt.fingerprints.contains { wanted.contains($0) } }
        }
        return JSONBody.success(Payload(events: events.map(Self.event), notifications: attempts.map(Self.attempt)))
      } catch {
        throw APIError.internal("\(error)")
      }
    }
  }

  private static func event(_ record: AlertEventRecord) -> Event {
    Event(
      time: RFC3339.format(milliseconds: record.atMs), fingerprint: record.fingerprint.description,
      labels: Dictionary(uniqueKeysWithValues: record.labels.pairs.map { ($0.name, $0.value) }), source: record.source,
      state: record.state, value: record.value.flatMap { $0.isFinite ? $0 : nil }, detail: record.detail)
  }

  private static func attempt(_ record: NotificationAttemptRecord) -> Attempt {
    Attempt(
      time: RFC3339.format(milliseconds: record.atMs), receiver: record.receiver, integration: record.integration,
      index: record.integrationIndex, groupKey: record.groupKey, fingerprints: record.fingerprints.map(\.description),
      status: record.status, attempt: record.attempt, outcome: record.outcome, detail: record.detail,
      durationMs: record.durationMs)
  }
}
