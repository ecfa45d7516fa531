// The body of `POST /api/v2/alerts` (the spec's postableAlerts) read into `Alert`s, with
// Alertmanager's two levels of refusal: a body that breaks the schema (not JSON, wrong types, no
// labels, a generatorURL that is not a URI, too many alerts) is refused whole; alerts that break
// the model's rules (no labels left, bad label names, ending before they start) are refused one by
// one while the valid ones are still taken, and the reasons are answered with a 400.
import Foundation
import WardenCore

/// What one request carried: the alerts to take, and why the others were refused.
struct PostedAlerts {
  var alerts: [Alert]
  /// Alertmanager's validation messages, in request order ("at least one label pair required").
  var rejections: [String]
}

enum PostableAlertsDecoder {
  struct Limits {
    /// Alertmanager has no count limit; a sender never needs this many in one request
    /// (Prometheus sends batches of 64), and it bounds the work one request can ask for.
    var maxAlerts = 10_000
  }

  /// Reads a request body. `nowMs` fills in a missing `startsAt`, as Alertmanager does.
  /// - Throws: `AlertmanagerAPIError` 400 naming the problem when the body breaks the schema.
  static func decode(_ body: Data, nowMs: Int64, limits: Limits = Limits()) throws(AlertmanagerAPIError) -> PostedAlerts {
    if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      throw .badRequest("alerts in body is required")
    }
    let items: [PostableAlertJSON]?
    do {
      items = try JSONDecoder().decode([PostableAlertJSON]?.self, from: body)
    } catch {
      throw .badRequest(AlertmanagerJSONErrors.describe(error, what: "alerts"))
    }
    guard let items else { throw .badRequest("alerts in body is required") }
    guard items.count <= limits.maxAlerts else {
      throw .badRequest("\(items.count) alerts in one request is over the limit of \(limits.maxAlerts)")
    }
    var posted = PostedAlerts(alerts: [], rejections: [])
    posted.alerts.reserveCapacity(items.count)
    for (index, item) in items.enumerated() {
      let alert = try item.alert(index: index, nowMs: nowMs)
      if let reason = validationFailure(alert) {
        posted.rejections.append(reason)
      } else {
        posted.alerts.append(alert)
      }
    }
    return posted
  }

  /// Alertmanager's model rules for one alert, in its order; nil when the alert is valid.
  static func validationFailure(_ alert: Alert) -> String? {
    if alert.endsAtMs != 0, alert.endsAtMs < alert.startsAtMs {
      return "start time must be before end time"
    }
    if let name = alert.labels.pairs.first(where: { !LabelName.isValid($0.name) })?.name {
      return "invalid label set: invalid name \(quoted(name))"
    }
    if alert.labels.isEmpty {
      return "at least one label pair required"
    }
    if let name = alert.annotations.pairs.first(where: { !LabelName.isValid($0.name) })?.name {
      return "invalid annotations: invalid name \(quoted(name))"
    }
    return nil
  }

  /// Go's %q for the names in messages.
  static func quoted(_ text: String) -> String {
    var writer = PrometheusJSONWriter()
    writer.string(text)
    return writer.text
  }
}

/// One element of postableAlerts as JSON. Unknown fields are ignored, as Alertmanager ignores them.
private struct PostableAlertJSON: Decodable {
  var labels: [String: String]?
  var annotations: [String: String]?
  var startsAt: String?
  var endsAt: String?
  var generatorURL: String?

  /// - Throws: `AlertmanagerAPIError` for schema violations, named by the alert's index.
  func alert(index: Int, nowMs: Int64) throws(AlertmanagerAPIError) -> Alert {
    guard let labels else { throw .badRequest("\(index).labels in body is required") }
    let starts = try Self.time(startsAt, field: "startsAt", index: index)
    let ends = try Self.time(endsAt, field: "endsAt", index: index)
    let url = generatorURL ?? ""
    guard url.isEmpty || RequestURIFormat.isValid(url) else {
      throw .badRequest("\(index).generatorURL in body must be of type uri: \(PostableAlertsDecoder.quoted(url))")
    }
    // Alertmanager: no start means "now", or the end when only the end is known (a resolution).
    let endsAtMs: Int64 = ends ?? 0
    let startsAtMs = starts ?? (ends ?? nowMs)
    // Labels(_:) drops empty values, as Alertmanager removes empty labels before validating.
    return Alert(
      labels: Labels(labels), annotations: Labels(annotations ?? [:]), startsAtMs: startsAtMs, endsAtMs: endsAtMs,
      generatorURL: url, updatedAtMs: nowMs)
  }

  private static func time(_ text: String?, field: String, index: Int) throws(AlertmanagerAPIError) -> Int64? {
    guard let text else { return nil }
    switch AlertmanagerTime.parse(text) {
    case .milliseconds(let milliseconds): return milliseconds
    case .unset: return nil
    case nil:
      throw .badRequest("\(index).\(field) in body must be of type date-time: \(PostableAlertsDecoder.quoted(text))")
    }
  }
}
