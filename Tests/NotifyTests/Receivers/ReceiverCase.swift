// The receiver kinds the conformance suite runs over: how each is configured against a local
// peer, how its service answers when it accepts, and what the service must have received.
import Foundation
import Testing

@testable import Notify

/// What a conformance scenario makes the service do.
enum ServiceScenario: Sendable {
  /// Accept every delivery.
  case accept
  /// Fail the first delivery as a server error (503 / SMTP 451), accept the rest.
  case failOnceThenAccept
  /// Throttle (429 / SMTP 451 to a recipient).
  case throttle
  /// Refuse for good (400 / SMTP 550).
  case refuse
  /// Accept the connection and never answer.
  case hang
  /// Nothing listens.
  case unreachable
}

/// What reached the service.
enum Delivered {
  case requests([RecordedRequest])
  case mails([ReceivedMail])

  var count: Int {
    switch self {
    case .requests(let requests): return requests.count
    case .mails(let mails): return mails.count
    }
  }
}

/// A started service peer and the YAML that points a receiver at it.
struct ServiceFixture: Sendable {
  var yaml: String
  var delivered: @Sendable () throws -> Delivered
  /// Keeps the peer process alive as long as the fixture.
  var peer: (any Sendable)?
}

struct ReceiverCase: Sendable, CustomTestStringConvertible {
  var name: String
  var integration: String
  var sendResolvedByDefault: Bool
  /// Requests or e-mails one notification makes.
  var deliveries: Int
  var start: @Sendable (ServiceScenario) async throws -> ServiceFixture
  /// Checks what a service that accepted everything received for the sample notification.
  var check: @Sendable (Delivered) throws -> Void

  var testDescription: String { name }

  static let all: [ReceiverCase] = [
    webhook, slack, teamsWorkflow, teamsConnector, discord, telegram, pagerduty, twilio, smsGateway, email,
  ]

  static let subject = "[FIRING:2] DiskFull"

  // MARK: - HTTP services

  /// A case whose service is the HTTP stand-in: `yaml` builds the integration from the base URL.
  static func http(
    _ name: String, integration: String, sendResolved: Bool, deliveries: Int = 1, accepts answer: PlannedAnswer,
    hmacSecret: String? = nil, yaml: @escaping @Sendable (String) -> String,
    check: @escaping @Sendable ([RecordedRequest]) throws -> Void
  ) -> ReceiverCase {
    ReceiverCase(
      name: name, integration: integration, sendResolvedByDefault: sendResolved, deliveries: deliveries,
      start: { scenario in
        if scenario == .unreachable {
          return ServiceFixture(yaml: yaml("http://127.0.0.1:\(try TestFiles.freePort())"), delivered: { .requests([]) })
        }
        let plan: [PlannedAnswer]
        switch scenario {
        case .accept, .unreachable: plan = [answer]
        case .failOnceThenAccept: plan = [PlannedAnswer(status: 503, body: "service unavailable"), answer]
        case .throttle: plan = [PlannedAnswer(status: 429, body: "rate limited", headers: ["Retry-After": "1"])]
        case .refuse: plan = [PlannedAnswer(status: 400, body: "invalid_payload")]
        case .hang: plan = [.hang]
        }
        let peer = try await HTTPServicePeer(plan: plan, hmacSecret: hmacSecret)
        return ServiceFixture(yaml: yaml(peer.baseURL), delivered: { .requests(try peer.requests()) }, peer: peer)
      },
      check: { delivered in
        guard case .requests(let requests) = delivered else { Issue.record("expected HTTP requests"); return }
        try check(requests)
      })
  }

  static let webhook = http(
    "webhook", integration: "webhook", sendResolved: true, accepts: PlannedAnswer(status: 200), hmacSecret: "s3cret",
    yaml: { base in
      """
          webhook_configs:
            - url: \(base)/hooks/warden
              timeout: 1s
              signature_secret: s3cret
              http_config:
                basic_auth: {username: warden, password: pa55}
      """
    },
    check: { requests in
      let request = try #require(requests.first)
      #expect(request.method == "POST")
      #expect(request.path == "/hooks/warden")
      #expect(request.headers["content-type"] == "application/json")
      #expect(request.headers["authorization"] == "Basic " + Data("warden:pa55".utf8).base64EncodedString())
      #expect(request.headers["x-warden-signature"] == "sha256=" + (request.hmacSHA256 ?? "?"))
      let json = try request.json()
      #expect(json["version"] as? String == "4")
      #expect(json["receiver"] as? String == "team-storage")
      #expect(json["status"] as? String == "firing")
      #expect((json["alerts"] as? [Any])?.count == 3)
      #expect(json["groupKey"] as? String == SampleNotifications.group().groupKey)
      #expect((json["commonLabels"] as? [String: String])?["team"] == "storage")
    })

  static let slack = http(
    "slack", integration: "slack", sendResolved: false, accepts: PlannedAnswer(status: 200, body: "ok"),
    yaml: { base in
      """
          slack_configs:
            - api_url: \(base)/services/T000/B000/XXXX
              channel: '#storage-alerts'
              timeout: 1s
              fields:
                - title: Severity
                  value: '{{ .CommonLabels.severity }}'
      """
    },
    check: { requests in
      let request = try #require(requests.first)
      #expect(request.path == "/services/T000/B000/XXXX")
      #expect(request.headers["content-type"]?.hasPrefix("application/json") == true)
      let json = try request.json()
      #expect(json["channel"] as? String == "#storage-alerts")
      #expect((json["text"] as? String)?.contains(subject) == true)
      let blocks = try #require(json["blocks"] as? [[String: Any]])
      #expect(blocks.first?["type"] as? String == "header")
      #expect((blocks.first?["text"] as? [String: Any])?["text"] as? String == subject)
      let body = request.body
      #expect(body.contains("db1:9100"))
      #expect(body.contains("https://runbooks.example.com/disk-full"))
      #expect(body.contains("*Severity*\\ncritical"))
      #expect(body.contains("/#/silences/new?filter="))
    })

  static let teamsWorkflow = http(
    "msteamsv2", integration: "msteamsv2", sendResolved: true, accepts: PlannedAnswer(status: 202),
    yaml: { base in
      """
          msteamsv2_configs:
            - webhook_url: \(base)/workflows/abc/triggers/manual/paths/invoke
              timeout: 1s
      """
    },
    check: { requests in
      let request = try #require(requests.first)
      #expect(request.path == "/workflows/abc/triggers/manual/paths/invoke")
      let json = try request.json()
      #expect(json["type"] as? String == "message")
      let attachment = try #require((json["attachments"] as? [[String: Any]])?.first)
      #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
      let card = try #require(attachment["content"] as? [String: Any])
      #expect(card["type"] as? String == "AdaptiveCard")
      let body = try #require(card["body"] as? [[String: Any]])
      #expect(body.first?["text"] as? String == subject)
      #expect((body.last?["text"] as? String)?.contains("db1:9100") == true)
      #expect((body.last?["text"] as? String)?.contains("[Runbook](https://runbooks.example.com/disk-full)") == true)
    })

  static let teamsConnector = http(
    "msteams", integration: "msteams", sendResolved: true, accepts: PlannedAnswer(status: 200, body: "1"),
    yaml: { base in
      """
          msteams_configs:
            - webhook_url: \(base)/webhookb2/abc
              timeout: 1s
      """
    },
    check: { requests in
      let json = try #require(requests.first).json()
      #expect(json["@type"] as? String == "MessageCard")
      #expect(json["title"] as? String == subject)
      #expect((json["text"] as? String)?.contains("db2:9100") == true)
    })

  static let discord = http(
    "discord", integration: "discord", sendResolved: true, accepts: PlannedAnswer(status: 204),
    yaml: { base in
      """
          discord_configs:
            - webhook_url: \(base)/api/webhooks/123/token
              username: Warden
              timeout: 1s
      """
    },
    check: { requests in
      let request = try #require(requests.first)
      #expect(request.path == "/api/webhooks/123/token")
      let json = try request.json()
      #expect(json["username"] as? String == "Warden")
      let embed = try #require((json["embeds"] as? [[String: Any]])?.first)
      #expect(embed["title"] as? String == subject)
      #expect((embed["description"] as? String)?.contains("db1:9100") == true)
      #expect(embed["color"] as? Int == 0xD6_2728)
    })

  static let telegram = http(
    "telegram", integration: "telegram", sendResolved: true,
    accepts: PlannedAnswer(status: 200, body: #"{"ok":true,"result":{"message_id":7}}"#),
    yaml: { base in
      """
          telegram_configs:
            - api_url: \(base)
              bot_token: '123456:ABC-token'
              chat_id: -1001234567
              timeout: 1s
      """
    },
    check: { requests in
      let request = try #require(requests.first)
      #expect(request.path == "/bot123456:ABC-token/sendMessage")
      let json = try request.json()
      #expect(json["chat_id"] as? Int == -1_001_234_567)
      #expect(json["parse_mode"] as? String == "HTML")
      let text = try #require(json["text"] as? String)
      #expect(text.hasPrefix("<b>\(subject)</b>"))
      #expect(text.contains("<a href=\"https://runbooks.example.com/disk-full\">Runbook</a>"))
    })

  static let pagerduty = http(
    "pagerduty", integration: "pagerduty", sendResolved: true,
    accepts: PlannedAnswer(status: 202, body: #"{"status":"success","message":"Event processed","dedup_key":"x"}"#),
    yaml: { base in
      """
          pagerduty_configs:
            - url: \(base)/v2/enqueue
              routing_key: R0UTINGKEY
              severity: '{{ .CommonLabels.severity }}'
              timeout: 1s
      """
    },
    check: { requests in
      let request = try #require(requests.first)
      #expect(request.path == "/v2/enqueue")
      let json = try request.json()
      #expect(json["routing_key"] as? String == "R0UTINGKEY")
      #expect(json["event_action"] as? String == "trigger")
      #expect(json["dedup_key"] as? String == PagerDutyReceiver.dedupKey(SampleNotifications.group().groupKey))
      #expect(json["client"] as? String == "Warden")
      let payload = try #require(json["payload"] as? [String: Any])
      #expect(payload["summary"] as? String == subject)
      #expect(payload["severity"] as? String == "critical")
      #expect(payload["source"] as? String == "Warden")
      let details = try #require(payload["custom_details"] as? [String: String])
      #expect(details["num_firing"] == "2")
      #expect(details["num_resolved"] == "1")
      #expect(details["firing"]?.contains("db1:9100") == true)
    })

  static let twilio = http(
    "twilio", integration: "twilio", sendResolved: true, deliveries: 2,
    accepts: PlannedAnswer(status: 201, body: #"{"sid":"SM123","status":"queued"}"#),
    yaml: { base in
      """
          sms_configs:
            - provider: twilio
              api_url: \(base)
              account_sid: AC0123456789
              auth_token: t0ken
              from: '+15005550006'
              to: ['+15551230001', '+15551230002']
              timeout: 1s
      """
    },
    check: { requests in
      #expect(Set(requests.map { RecordedRequest.form($0.body)["To"] ?? "" }) == ["+15551230001", "+15551230002"])
      for request in requests {
        #expect(request.method == "POST")
        #expect(request.path == "/2010-04-01/Accounts/AC0123456789/Messages.json")
        #expect(request.headers["authorization"] == "Basic " + Data("AC0123456789:t0ken".utf8).base64EncodedString())
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        let form = RecordedRequest.form(request.body)
        #expect(form["From"] == "+15005550006")
        let body = try #require(form["Body"])
        #expect(body.hasPrefix("\(subject) | DiskFull on db1:9100: Disk almost full"))
        #expect(body.count <= 160)
      }
    })

  static let smsGateway = http(
    "sms-gateway", integration: "sms", sendResolved: true, accepts: PlannedAnswer(status: 200, body: "queued"),
    yaml: { base in
      """
          sms_configs:
            - provider: gateway
              url: '\(base)/send?to={{ .To | urlquery }}'
              body: '{"to": "{{ .To }}", "text": {{ .Message | toJson }}}'
              headers: {X-Api-Key: k3y}
              to: '+15551230003'
              timeout: 1s
      """
    },
    check: { requests in
      let request = try #require(requests.first)
      #expect(request.method == "POST")
      #expect(request.path == "/send")
      #expect(RecordedRequest.form(request.query)["to"] == "+15551230003")
      #expect(request.headers["x-api-key"] == "k3y")
      #expect(request.headers["content-type"] == "application/json")
      let json = try request.json()
      #expect(json["to"] as? String == "+15551230003")
      let text = try #require(json["text"] as? String)
      #expect(text.hasPrefix(subject))
      #expect(text.count <= 160)
    })

  // MARK: - E-mail

  static let email = ReceiverCase(
    name: "email", integration: "email", sendResolvedByDefault: false, deliveries: 1,
    start: { scenario in
      func yaml(_ port: Int) -> String {
        """
            email_configs:
              - to: 'Ops <ops@example.com>, oncall@example.com'
                from: 'Warden <warden@example.com>'
                smarthost: 127.0.0.1:\(port)
                require_tls: false
                timeout: 3s
                headers: {X-Team: '{{ .CommonLabels.team }}'}
        """
      }
      let peer: SMTPServicePeer
      switch scenario {
      case .unreachable: return ServiceFixture(yaml: yaml(try TestFiles.freePort()), delivered: { .mails([]) })
      case .accept: peer = try await SMTPServicePeer()
      case .failOnceThenAccept: peer = try await SMTPServicePeer(failFirst: 1)
      case .throttle: peer = try await SMTPServicePeer(tempfail: ["oncall@example.com"])
      case .refuse: peer = try await SMTPServicePeer(reject: ["*"])
      case .hang: peer = try await SMTPServicePeer(mode: .silent)
      }
      return ServiceFixture(yaml: yaml(peer.port), delivered: { .mails(try peer.mails()) }, peer: peer)
    },
    check: { delivered in
      guard case .mails(let mails) = delivered else { Issue.record("expected e-mails"); return }
      let mail = try #require(mails.first)
      #expect(mail.mailFrom == "warden@example.com")
      #expect(mail.recipients == ["ops@example.com", "oncall@example.com"])
      #expect(mail.headers["subject"] == subject)
      #expect(mail.headers["from"] == "Warden <warden@example.com>")
      #expect(mail.headers["to"] == "Ops <ops@example.com>, oncall@example.com")
      #expect(mail.headers["x-team"] == "storage")
      #expect(mail.headers["message-id"]?.hasSuffix("@example.com>") == true)
      #expect(mail.contentType == "multipart/alternative")
      #expect(mail.defects.isEmpty, "\(mail.defects)")
      let text = try #require(mail.part("text/plain"))
      #expect(text.contains("FIRING DiskFull: Disk almost full"))
      #expect(text.contains("Where: db1:9100 (job node)"))
      #expect(text.contains("Value: 97.1%"))
      #expect(text.contains("Runbook: https://runbooks.example.com/disk-full"))
      let html = try #require(mail.part("text/html"))
      #expect(html.contains("<a href=\"https://runbooks.example.com/disk-full\">Runbook</a>"))
      #expect(html.contains("db2:9100"))
    })
}
