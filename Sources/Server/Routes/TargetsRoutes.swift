// `GET /api/v1/targets` in Prometheus's shape (activeTargets with health, lastError, lastScrape,
// lastScrapeDuration; droppedTargets with their discovered labels), with its `state` filter, so
// Grafana's and Prometheus's own target views read Warden's scrape state.
import Collect
import Foundation
import Hummingbird
import WardenCore

struct TargetsRoutes {
  let manager: ScrapeManager

  struct ActiveTarget: Encodable {
    let discoveredLabels: [String: String]
    let labels: [String: String]
    let scrapePool: String
    let scrapeUrl: String
    let globalUrl: String
    let lastError: String
    let lastScrape: String
    let lastScrapeDuration: Double
    let health: String
    let scrapeInterval: String
    let scrapeTimeout: String
  }

  struct DroppedTarget: Encodable {
    let discoveredLabels: [String: String]
  }

  struct Payload: Encodable {
    let activeTargets: [ActiveTarget]
    let droppedTargets: [DroppedTarget]
  }

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/targets") { request, _ in
      let state = request.uri.queryParameters.get("state") ?? "any"
      guard ["any", "active", "dropped"].contains(state) else {
        throw APIError.badData("state must be one of active, dropped or any, got \"\(state)\"")
      }
      let pool = request.uri.queryParameters.get("scrapePool")
      let snapshot = await manager.snapshot()
      let active = state == "dropped" ? [] : snapshot.active.filter { pool == nil || $0.job == pool }.map(Self.active)
      let dropped = state == "active" ? [] : snapshot.dropped.map { DroppedTarget(discoveredLabels: Self.dictionary($0.discoveredLabels)) }
      return JSONBody.success(Payload(activeTargets: active, droppedTargets: dropped))
    }
  }

  private static func active(_ status: ActiveTargetStatus) -> ActiveTarget {
    let health = status.health
    return ActiveTarget(
      discoveredLabels: dictionary(status.target.discoveredLabels), labels: dictionary(status.target.labels),
      scrapePool: status.job, scrapeUrl: status.target.url, globalUrl: status.target.url, lastError: health.lastError,
      lastScrape: timestamp(health.lastScrapeMs),
      lastScrapeDuration: health.lastScrapeDuration.seconds, health: health.state.rawValue,
      scrapeInterval: PrometheusDuration.format(status.target.interval),
      scrapeTimeout: PrometheusDuration.format(status.target.timeout))
  }

  private static func dictionary(_ labels: Labels) -> [String: String] {
    Dictionary(uniqueKeysWithValues: labels.pairs.map { ($0.name, $0.value) })
  }

  /// RFC 3339 with milliseconds, as Go prints times; Go's zero time before the first scrape.
  private static func timestamp(_ ms: Int64) -> String {
    guard ms > 0 else { return "0001-01-01T00:00:00Z" }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
  }
}
