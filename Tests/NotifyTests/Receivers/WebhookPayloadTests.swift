// Alertmanager's webhook body (version 4), max_alerts truncation, and the signature header.
import Foundation
import Testing
import WardenCore

@testable import Notify

@Suite struct WebhookPayloadTests {
  @Test func bodyHasAlertmanagersFieldsInItsShape() throws {
    let notification = SampleNotifications.group()
    let json = try #require(try JSONSerialization.jsonObject(with: Data(WebhookPayload.make(notification).bytes)) as? [String: Any])
    #expect(json["version"] as? String == "4")
    #expect(json["receiver"] as? String == "team-storage")
    #expect(json["status"] as? String == "firing")
    #expect(json["groupKey"] as? String == notification.groupKey)
    #expect(json["truncatedAlerts"] as? Int == 0)
    #expect(json["externalURL"] as? String == "http://warden.example.com:9090")
    #expect(json["groupLabels"] as? [String: String] == ["alertname": "DiskFull"])
    #expect(json["commonLabels"] as? [String: String] == ["alertname": "DiskFull", "job": "node", "severity": "critical", "team": "storage"])
    #expect(json["commonAnnotations"] as? [String: String] == ["summary": "Disk almost full"])
    let alerts = try #require(json["alerts"] as? [[String: Any]])
    #expect(alerts.count == 3)
    #expect(alerts[0]["status"] as? String == "firing")
    #expect(alerts[0]["startsAt"] as? String == "2023-11-14T22:08:20Z")
    #expect(alerts[0]["endsAt"] as? String == "0001-01-01T00:00:00Z")
    #expect(alerts[0]["generatorURL"] as? String == "http://prometheus.example.com/graph?g0.expr=disk")
    #expect(alerts[0]["fingerprint"] as? String == SampleNotifications.diskFull.fingerprint.description)
    #expect((alerts[0]["annotations"] as? [String: String])?["runbook_url"] == "https://runbooks.example.com/disk-full")
    #expect(alerts[2]["status"] as? String == "resolved")
    #expect(alerts[2]["endsAt"] as? String == "2023-11-14T22:11:20Z")
  }

  @Test func maxAlertsTruncatesAndCounts() throws {
    var notification = SampleNotifications.group()
    notification.truncatedAlerts = 4
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(WebhookPayload.make(notification, maxAlerts: 2).bytes)) as? [String: Any])
    #expect((json["alerts"] as? [Any])?.count == 2)
    #expect(json["truncatedAlerts"] as? Int == 5)
  }

  @Test func signatureIsHMACSHA256OfTheBody() {
    // RFC 4231 test case 2.
    #expect(
      WebhookReceiver.signature(Array("what do ya want for nothing?".utf8), secret: "Jefe")
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }

  @Test func pagerDutyDedupKeyIsTheGroupKeysSHA256() {
    #expect(PagerDutyReceiver.dedupKey("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func jsonEscapesControlCharactersAndQuotes() {
    let value = JSONValue.object([("a\"b", .string("line\nbreak\t\u{1}/é")), ("n", .double(1.5)), ("i", .int(-3))])
    #expect(value.text == #"{"a\"b":"line\nbreak\t\u0001/é","n":1.5,"i":-3}"#)
  }

  @Test func silenceLinkOpensTheNewSilencePageWithMatchers() {
    let url = Notify.Notification.silenceURL(
      externalURL: "http://warden.example.com/", labels: Labels(["alertname": "Disk \"Full\"", "instance": "db1:9100"]))
    #expect(url.hasPrefix("http://warden.example.com/#/silences/new?filter="))
    let filter = String(url.dropFirst("http://warden.example.com/#/silences/new?filter=".count)).removingPercentEncoding
    #expect(filter == #"{alertname="Disk \"Full\"",instance="db1:9100"}"#)
  }
}
