// Sends a notification as a PagerDuty event: Events API v2 `trigger` while any alert fires and
// `resolve` once all are resolved, under one dedup_key per aggregation group (the SHA-256 of
// the group key, so every update of the group lands on the same incident); or the same through
// the v1 API when a service_key is configured. PagerDuty answers 202.
import Crypto
import Logging

struct PagerDutyReceiver: Receiver {
  let configuration: PagerDutyConfiguration
  /// The endpoint (configured, global, or v1's).
  let url: String
  let environment: ReceiverEnvironment

  static let summaryLimit = 1024
  static let maxBodyBytes = 512 << 10
  static let severities: Set<String> = ["critical", "error", "warning", "info"]

  var integration: String { "pagerduty" }
  var sendResolved: Bool { configuration.sendResolved }

  func deliver(_ notification: Notification) async -> DeliveryOutcome {
    do {
      return .delivered(detail: try await attempt(notification))
    } catch {
      return error.outcome
    }
  }

  /// The incident's key: hex SHA-256 of the group key.
  static func dedupKey(_ groupKey: String) -> String {
    SHA256.hash(data: Array(groupKey.utf8)).map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
  }

  private func attempt(_ notification: Notification) async throws(ReceiverFailure) -> String {
    let rendering = TemplateRendering(environment.templates, notification)
    let config = configuration
    let isResolve = notification.status == "resolved"
    let client = try await rendering.render(config.client, "client")
    let clientURL = try await rendering.render(config.clientURL, "client_url")
    let summary = SlackMessage.cut(try await rendering.render(config.description, "description"), Self.summaryLimit)
    var details: [(String, JSONValue)] = []
    for (key, template) in config.details.sorted(by: { $0.key < $1.key }) {
      details.append((key, .string(try await rendering.render(template, "details.\(key)"))))
    }
    let dedupKey = Self.dedupKey(notification.groupKey)

    var body: [UInt8]
    if let serviceKey = config.serviceKey {
      let key = try await rendering.render(try environment.secret(serviceKey, "service_key"), "service_key")
      body = JSONValue.object([
        ("service_key", .string(key)), ("event_type", .string(isResolve ? "resolve" : "trigger")),
        ("incident_key", .string(dedupKey)), ("description", .string(summary)), ("client", .string(client)),
        ("client_url", .string(clientURL)), ("details", .object(details)),
      ]).bytes
    } else {
      let key = try await rendering.render(try environment.secret(config.routingKey, "routing_key"), "routing_key")
      var payload: JSONValue?
      if !isResolve {
        let severity = try await rendering.render(config.severity, "severity").lowercased()
        let source = try await rendering.render(config.source ?? config.client, "source")
        payload = JSONValue.fields([
          ("summary", .string(summary)),
          ("source", .string(source.isEmpty ? client : source)),
          ("severity", .string(Self.severities.contains(severity) ? severity : "error")),
          ("component", try await optional(config.component, "component", rendering)),
          ("group", try await optional(config.group, "group", rendering)),
          ("class", try await optional(config.eventClass, "class", rendering)),
          ("custom_details", .object(details)),
        ])
        if !Self.severities.contains(severity) {
          environment.logger.info(
            "PagerDuty severity is not one of critical, error, warning, info; sending error",
            metadata: ["receiver.severity": "\(severity)"])
        }
      }
      var images: [JSONValue] = []
      for image in config.images {
        images.append(
          .fields([
            ("src", .string(try await rendering.render(image.src, "images.src"))),
            ("href", try await optional(image.href, "images.href", rendering)),
            ("alt", try await optional(image.alt, "images.alt", rendering)),
          ]))
      }
      var links: [JSONValue] = []
      for link in config.links {
        links.append(
          .fields([
            ("href", .string(try await rendering.render(link.href, "links.href"))),
            ("text", try await optional(link.text, "links.text", rendering)),
          ]))
      }
      body = JSONValue.fields([
        ("routing_key", .string(key)), ("event_action", .string(isResolve ? "resolve" : "trigger")),
        ("dedup_key", .string(dedupKey)), ("payload", payload),
        ("client", JSONValue.nonEmpty(client)), ("client_url", JSONValue.nonEmpty(clientURL)),
        ("images", images.isEmpty || isResolve ? nil : .array(images)),
        ("links", links.isEmpty || isResolve ? nil : .array(links)),
      ]).bytes
      if body.count > Self.maxBodyBytes, case .object(var pairs)? = payload {
        // PagerDuty refuses events over 512 KB; the details are what grows.
        pairs.removeAll { $0.0 == "custom_details" }
        pairs.append(("custom_details", .object([("error", .string("details were too large to send"))])))
        body = JSONValue.fields([
          ("routing_key", .string(key)), ("event_action", .string("trigger")), ("dedup_key", .string(dedupKey)),
          ("payload", .object(pairs)), ("client", JSONValue.nonEmpty(client)), ("client_url", JSONValue.nonEmpty(clientURL)),
        ]).bytes
      }
    }
    return try await environment.http.deliver(
      HTTPDelivery.Request(url: url, headers: [("Content-Type", "application/json")], body: body)
    ).get()
  }

  private func optional(_ source: String?, _ field: String, _ rendering: TemplateRendering) async throws(ReceiverFailure) -> JSONValue? {
    guard let source else { return nil }
    return JSONValue.nonEmpty(try await rendering.render(source, field))
  }
}
