// Warden's default templates rendered for a sample group: every receiver's subject and body say
// what fired, where, since when, the value, the runbook and how to silence it; HTML and Telegram
// bodies escape alert values; operators' files override defaults by name.
import ConfigDecoding
import Foundation
import GoTemplate
import Testing
import WardenCore

@testable import Notify

@Suite struct DefaultTemplateTests {
  static func templates() throws -> NotificationTemplates {
    try NotificationTemplates(nowNanos: { SampleNotifications.nowMs * 1_000_000 })
  }

  static func render(_ name: String, html: Bool = false, _ notification: Notify.Notification = SampleNotifications.group()) async throws
    -> String
  {
    try await templates().execute(name, data: NotificationTemplateData.make(notification), html: html)
  }

  static let everyDefault = [
    "email.default.subject", "email.default.text", "email.default.html", "slack.default.title", "slack.default.text",
    "slack.default.username", "slack.default.fallback", "slack.default.titlelink", "msteams.default.title",
    "msteams.default.summary", "msteams.default.text", "msteamsv2.default.title", "msteamsv2.default.text",
    "discord.default.title", "discord.default.message", "telegram.default.message", "pagerduty.default.description",
    "pagerduty.default.client", "pagerduty.default.clientURL", "sms.default.message", "__subject", "__alertmanager",
    "__alertmanagerURL", "__text_alert_list",
  ]

  @Test func everyReceiverHasItsDefaultTemplates() throws {
    let templates = try Self.templates()
    for name in Self.everyDefault { #expect(templates.contains(name), "no template \(name)") }
  }

  @Test func subjectSaysStatusCountAndWhat() async throws {
    #expect(try await Self.render("email.default.subject") == "[FIRING:2] DiskFull")
    #expect(try await Self.render("email.default.subject", SampleNotifications.resolvedOnly) == "[RESOLVED] DiskFull")
    var byTeam = SampleNotifications.group()
    byTeam.groupLabels = Labels(["alertname": "DiskFull", "team": "storage", "env": "prod"])
    #expect(try await Self.render("email.default.subject", byTeam) == "[FIRING:2] DiskFull (env=prod, team=storage)")
  }

  @Test func textBodySaysWhatWhereSinceValueRunbookAndSilence() async throws {
    let text = try await Self.render("email.default.text")
    #expect(text.hasPrefix("[FIRING:2] DiskFull\n"))
    #expect(text.contains("2 firing:"))
    #expect(text.contains("FIRING DiskFull: Disk almost full"))
    #expect(text.contains("  Only 3% left on /var"))
    #expect(text.contains("  Where: db1:9100 (job node)"))
    #expect(text.contains("  Since: 2023-11-14 22:08:20 UTC (for 5m 0s)"))
    #expect(text.contains("  Value: 97.1%"))
    #expect(text.contains("  Runbook: https://runbooks.example.com/disk-full"))
    #expect(text.contains("  Source: http://prometheus.example.com/graph?g0.expr=disk"))
    let silence = Notify.Notification.silenceURL(externalURL: "http://warden.example.com:9090", labels: SampleNotifications.diskFull.labels)
    #expect(text.contains("  Silence: \(silence)"))
    #expect(text.contains("1 resolved:"))
    #expect(text.contains("RESOLVED DiskFull: Disk almost full"))
    #expect(text.contains("resolved 2023-11-14 22:11:20 UTC"))
    #expect(text.contains("View in Warden: http://warden.example.com:9090/#/alerts"))
    #expect(!text.contains("<no value>"))
  }

  @Test func htmlBodyLinksAndEscapes() async throws {
    var alert = SampleNotifications.diskFull
    alert.annotations = alert.annotations.setting("summary", to: "<b>bold</b> & \"quoted\"")
    let html = try await Self.render("email.default.html", html: true, SampleNotifications.group(alerts: [alert]))
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<a href=\"https://runbooks.example.com/disk-full\">Runbook</a>"))
    #expect(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp;"))
    #expect(!html.contains("<b>bold</b>"))
    #expect(html.contains("db1:9100"))
    #expect(html.contains("97.1%"))
  }

  @Test func chatBodiesCarryTheSameFacts() async throws {
    let slack = try await Self.render("slack.default.text")
    #expect(slack.contains("*FIRING DiskFull*: Disk almost full"))
    #expect(slack.contains("*Where:* db1:9100 (job node)"))
    #expect(slack.contains("<https://runbooks.example.com/disk-full|Runbook>"))
    let teams = try await Self.render("msteamsv2.default.text")
    #expect(teams.contains("**FIRING DiskFull**: Disk almost full"))
    #expect(teams.contains("[Runbook](https://runbooks.example.com/disk-full)"))
    let telegram = try await Self.render("telegram.default.message", html: true)
    #expect(telegram.hasPrefix("<b>[FIRING:2] DiskFull</b>"))
    #expect(telegram.contains("Value: 97.1%"))
    #expect(try await Self.render("pagerduty.default.description") == "[FIRING:2] DiskFull")
  }

  @Test func smsMessageFitsAndNamesTheInstance() async throws {
    let message = SMSText.truncated(try await Self.render("sms.default.message"))
    #expect(message.hasPrefix("[FIRING:2] DiskFull | DiskFull on db1:9100: Disk almost full | DiskFull on db2:9100"))
    #expect(message.count <= 160)
  }

  @Test func configFieldsRenderWithAlertmanagersDataAndFunctions() async throws {
    let templates = try Self.templates()
    let data = NotificationTemplateData.make(SampleNotifications.group())
    #expect(
      try await templates.render(
        "{{ .CommonLabels.severity | toUpper }}:{{ range .Alerts.Firing }} {{ .Labels.instance }}{{ end }}", data: data)
        == "CRITICAL: db1:9100 db2:9100")
    #expect(try await templates.render(#"{{ .GroupLabels.SortedPairs.Values | join "," }}"#, data: data) == "DiskFull")
    #expect(try await templates.render("{{ len .Alerts.Resolved }}/{{ .Receiver }}/{{ .Status }}", data: data) == "1/team-storage/firing")
    #expect(try await templates.render("{{ .CommonLabels.missing }}", data: data) == "")
    #expect(try await templates.render("plain text", data: data) == "plain text")
    await #expect(throws: TemplateError.self) { try await templates.render("{{ .Nope.Deeper }}", data: data) }
  }

  @Test func operatorTemplatesOverrideDefaultsByName() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-tmpl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try """
      {{ define "email.default.subject" }}ALERT {{ .CommonLabels.alertname }} x{{ len .Alerts }}{{ end }}
      {{ define "team.footer" }}-- storage team{{ end }}
      """.write(to: directory.appendingPathComponent("team.tmpl"), atomically: true, encoding: .utf8)
    try "not a template file".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let templates = try NotificationTemplates.load(patterns: ["*.tmpl"], baseDirectory: directory.path)
    #expect(templates.files == [directory.appendingPathComponent("team.tmpl").path])
    let data = NotificationTemplateData.make(SampleNotifications.group())
    #expect(try await templates.execute("email.default.subject", data: data) == "ALERT DiskFull x3")
    #expect(try await templates.render(#"{{ template "team.footer" . }}"#, data: data) == "-- storage team")
    // Defaults not overridden stay.
    #expect(try await templates.execute("slack.default.title", data: data) == "[FIRING:2] DiskFull")
  }

  @Test func templateFileErrorsNameTheFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-tmpl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("broken.tmpl")
    try "{{ define \"x\" }}{{ if }}{{ end }}".write(to: file, atomically: true, encoding: .utf8)
    #expect {
      _ = try NotificationTemplates.load(patterns: [file.path], baseDirectory: nil)
    } throws: { error in
      (error as? ConfigError)?.file == file.path
    }
    #expect(throws: ConfigError.self) {
      _ = try NotificationTemplates.load(patterns: [directory.appendingPathComponent("missing.tmpl").path], baseDirectory: nil)
    }
  }
}
