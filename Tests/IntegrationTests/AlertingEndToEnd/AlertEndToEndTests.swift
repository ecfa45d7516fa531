// The end-to-end path through the real `warden serve`: samples that cross a threshold
// make a rule pending, then firing after `for`; the e-mail reaches a real SMTP server (aiosmtpd)
// and the webhook a real HTTP server; a restart in the middle sends nothing twice; a silence
// suppresses the next alert; the resolution is notified; the history has all of it.
import Foundation
import Testing

@Suite(.serialized) struct AlertEndToEndTests {
  private func write(_ server: ServerProcess, instance: String, value: Double) async throws {
    let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
    let body = try RemoteWriteClient.body([
      (labels: [("__name__", "e2e_load"), ("instance", instance), ("job", "e2e")], samples: [(nowMs, value)])
    ])
    let result = try await RemoteWriteClient.post(server, body: body)
    #expect(result.status == 204 || result.status == 200, "remote write answered \(result.status)")
  }

  private func ruleAlerts(_ server: ServerProcess) async throws -> [[String: Any]] {
    let data = try await server.get("/api/v1/alerts").json()["data"] as? [String: Any]
    return data?["alerts"] as? [[String: Any]] ?? []
  }

  private func alert(_ alerts: [[String: Any]], instance: String) -> [String: Any]? {
    alerts.first { ($0["labels"] as? [String: String])?["instance"] == instance }
  }

  @Test func thresholdToEmailAndWebhookThroughRestartSilenceAndResolution() async throws {
    let smtp = try await PythonPeer(script: "smtp_receiver.py") { directory in
      let mail = directory.appendingPathComponent("mail")
      try? FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
      return ["--directory", mail.path, "--mode", "plain"]
    }
    let mailDirectory = smtp.directory.appendingPathComponent("mail")
    let hook = try await PythonPeer(script: "http_receiver.py") { directory in
      ["--record", directory.appendingPathComponent("requests.jsonl").path]
    }
    let hookRecord = hook.directory.appendingPathComponent("requests.jsonl")

    let configDirectory = try TemporaryDirectory.make(prefix: "alert-e2e")
    try """
    groups:
      - name: e2e
        rules:
          - alert: LoadHigh
            expr: e2e_load > 10
            for: 3s
            labels:
              severity: page
            annotations:
              summary: "load {{ $value }} on {{ $labels.instance }}"
    """.write(to: configDirectory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
    let configPath = configDirectory.appendingPathComponent("warden.yml").path
    try """
    global:
      evaluation_interval: 1s
    rule_files: [rules.yml]
    alerting:
      route:
        receiver: ops
        group_by: [alertname, instance]
        group_wait: 1s
        group_interval: 2s
        repeat_interval: 1h
      receivers:
        - name: ops
          email_configs:
            - to: ops@example.com
              from: warden@example.com
              smarthost: 127.0.0.1:\(smtp.port)
              require_tls: false
              send_resolved: true
          webhook_configs:
            - url: http://127.0.0.1:\(hook.port)/hook
              send_resolved: true
    """.write(toFile: configPath, atomically: true, encoding: .utf8)

    var server = try ServerProcess(arguments: ["--config", configPath])
    try await server.waitUntilReady()
    let dataDirectory = server.dataDirectory

    // Crossing the threshold: pending first (for: 3s), then firing, then delivered. The pending
    // phase is proven by the durable history below: polling for it here can miss its 3 s window
    // on a loaded machine.
    try await write(server, instance: "a", value: 20)
    let fired = try await AlertingTest.eventually(timeout: .seconds(30)) {
      alert(try await ruleAlerts(server), instance: "a")?["state"] as? String == "firing"
    }
    #expect(fired, "the alert did not fire:\n\(server.log)")
    let activeAt = alert(try await ruleAlerts(server), instance: "a")?["activeAt"] as? String
    let delivered = try await AlertingTest.eventually(timeout: .seconds(30)) {
      try DeliveredMail.all(in: mailDirectory).count == 1 && RecordedWebhooks.all(in: hookRecord).count == 1
    }
    #expect(delivered, "no e-mail and webhook for the firing alert:\n\(server.log)")
    let mail = try #require(try DeliveredMail.all(in: mailDirectory).first)
    #expect(mail.recipients == ["ops@example.com"])
    #expect(mail.subject.contains("FIRING") && mail.subject.contains("LoadHigh"), "subject: \(mail.subject)")
    #expect(mail.text.contains("load 20 on a"), "text part: \(mail.text)")
    #expect(mail.html.contains("LoadHigh"))
    let webhook = try #require(try RecordedWebhooks.all(in: hookRecord).first)
    #expect(webhook["version"] as? String == "4")
    #expect(webhook["status"] as? String == "firing")
    let firingAlerts = webhook["alerts"] as? [[String: Any]] ?? []
    #expect(firingAlerts.count == 1)
    #expect((firingAlerts.first?["labels"] as? [String: String])?["alertname"] == "LoadHigh")
    #expect((firingAlerts.first?["labels"] as? [String: String])?["severity"] == "page")
    #expect((firingAlerts.first?["annotations"] as? [String: String])?["summary"] == "load 20 on a")

    // A restart while it fires: the alert keeps its activeAt and nothing is sent again.
    try await server.stop()
    server = try ServerProcess(arguments: ["--config", configPath], dataDirectory: dataDirectory)
    try await server.waitUntilReady()
    try await write(server, instance: "a", value: 20)
    let resumed = try await AlertingTest.eventually(timeout: .seconds(20)) {
      alert(try await ruleAlerts(server), instance: "a")?["state"] as? String == "firing"
    }
    #expect(resumed, "the alert did not come back firing after the restart:\n\(server.log)")
    #expect(alert(try await ruleAlerts(server), instance: "a")?["activeAt"] as? String == activeAt, "activeAt changed across the restart")
    try await Task.sleep(for: .seconds(6))
    #expect(try DeliveredMail.all(in: mailDirectory).count == 1, "the restart sent the e-mail again")
    #expect(try RecordedWebhooks.all(in: hookRecord).count == 1, "the restart sent the webhook again")

    // A silence on instance b: its alert fires but is suppressed, and nothing is sent for it.
    let nowText = RFC3339Text.now(offsetSeconds: -1)
    let silence = """
      {"matchers":[{"name":"instance","value":"b","isRegex":false,"isEqual":true}],"startsAt":"\(nowText)",
       "endsAt":"\(RFC3339Text.now(offsetSeconds: 3600))","createdBy":"e2e","comment":"maintenance on b"}
      """
    let created = try await server.send(
      "/api/v2/silences", method: "POST", body: Data(silence.utf8), headers: ["Content-Type": "application/json"])
    #expect(created.status == 200, "silence: \(created.text)")
    try await write(server, instance: "b", value: 30)
    let suppressed = try await AlertingTest.eventually(timeout: .seconds(30)) {
      let alerts = try await server.get("/api/v2/alerts").jsonArray()
      let b = alerts.first { ($0["labels"] as? [String: String])?["instance"] == "b" }
      return (b?["status"] as? [String: Any])?["state"] as? String == "suppressed"
    }
    #expect(suppressed, "the alert on b was not suppressed by the silence:\n\(server.log)")
    try await Task.sleep(for: .seconds(4))
    let mentionsB = try RecordedWebhooks.all(in: hookRecord).contains { hook in
      (hook["alerts"] as? [[String: Any]] ?? []).contains { ($0["labels"] as? [String: String])?["instance"] == "b" }
    }
    #expect(!mentionsB, "a silenced alert was sent")
    #expect(try DeliveredMail.all(in: mailDirectory).count == 1)

    // Back under the threshold: the resolution is sent to both.
    try await write(server, instance: "a", value: 0)
    let resolved = try await AlertingTest.eventually(timeout: .seconds(30)) {
      try DeliveredMail.all(in: mailDirectory).count == 2 && RecordedWebhooks.all(in: hookRecord).count == 2
    }
    #expect(resolved, "no resolved notification:\n\(server.log)")
    let resolvedHook = try #require(try RecordedWebhooks.all(in: hookRecord).last)
    #expect(resolvedHook["status"] as? String == "resolved")
    #expect(try DeliveredMail.all(in: mailDirectory).last?.subject.contains("RESOLVED") == true)

    // The durable history has the state changes and the delivery attempts.
    let history = try await server.get("/api/v1/alerts/history?alertname=LoadHigh&since=1h").json()
    let data = try #require(history["data"] as? [String: Any])
    let events = data["events"] as? [[String: Any]] ?? []
    let statesOfA = events.filter { ($0["labels"] as? [String: String])?["instance"] == "a" }.compactMap { $0["state"] as? String }
    #expect(Set(statesOfA).isSuperset(of: ["pending", "firing", "resolved"]), "history states of a: \(statesOfA)")
    let attempts = data["notifications"] as? [[String: Any]] ?? []
    let deliveredKinds = Set(attempts.filter { $0["outcome"] as? String == "delivered" }.compactMap { $0["integration"] as? String })
    #expect(deliveredKinds == ["email", "webhook"], "delivered attempts: \(attempts)")

    // The command line over the same server.
    let server_ = "--server=\(server.baseURL.absoluteString)"
    let test = try Command.warden(["alerts", "test-receiver", "ops", server_])
    #expect(test.status == 0, "test-receiver: \(test.stdout) \(test.stderr)")
    #expect(test.stdout.contains("email[0]: delivered") && test.stdout.contains("webhook[0]: delivered"), "\(test.stdout)")
    #expect(try await AlertingTest.eventually { try DeliveredMail.all(in: mailDirectory).count == 3 }, "no test e-mail")
    let listed = try Command.warden(["alerts", "list", server_])
    #expect(listed.status == 0 && listed.stdout.contains("instance=\"b\"") && listed.stdout.contains("suppressed"), "\(listed.stdout)")
    let silences = try Command.warden(["silence", "query", server_])
    #expect(silences.stdout.contains("maintenance on b"), "\(silences.stdout)")
    let historyText = try Command.warden(["alerts", "history", "--alertname", "LoadHigh", server_])
    #expect(historyText.status == 0 && historyText.stdout.contains("resolved") && historyText.stdout.contains("delivered"), "\(historyText.stdout)")
    let unknown = try Command.warden(["alerts", "test-receiver", "nobody", server_])
    #expect(unknown.status == 1 && unknown.stderr.contains("unknown receiver \"nobody\""), "\(unknown.stderr)")
    try await server.stop()
  }
}

enum RFC3339Text {
  static func now(offsetSeconds: Double) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date().addingTimeInterval(offsetSeconds))
  }
}
