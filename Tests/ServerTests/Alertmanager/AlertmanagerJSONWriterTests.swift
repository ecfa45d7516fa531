// The API's response bodies: every field the spec requires, in the spec's names and formats,
// readable by a JSON parser, with the exact text of a known alert pinned.
import Foundation
import Notify
@testable import Server
import Testing
import WardenCore

struct AlertmanagerJSONWriterTests {
  private let alert = Alert(
    labels: Labels(["alertname": "HighLoad", "instance": "a<b>"]), annotations: Labels(["summary": "load \"4.2\""]),
    startsAtMs: 1_795_255_200_000, endsAtMs: 1_795_257_353_067, generatorURL: "http://p:9090/graph?g0.expr=up&x=1",
    updatedAtMs: 1_795_256_993_067)

  private func object(_ write: (inout PrometheusJSONWriter) -> Void) throws -> [String: Any] {
    var writer = PrometheusJSONWriter()
    write(&writer)
    return try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any], "\(writer.text)")
  }

  @Test func writesAGettableAlertExactly() {
    let snapshot = AlertSnapshot(
      alert: alert, status: AlertStatus(state: .suppressed, silencedBy: ["s1"], inhibitedBy: [], mutedBy: []), receivers: ["team", "all"])
    var writer = PrometheusJSONWriter()
    writer.gettableAlert(snapshot)
    let fingerprint = alert.fingerprint.description
    #expect(
      writer.text
        == #"{"annotations":{"summary":"load \"4.2\""},"endsAt":"2026-11-21T10:35:53.067Z","fingerprint":"\#(fingerprint)","receivers":[{"name":"team"},{"name":"all"}],"startsAt":"2026-11-21T10:00:00.000Z","status":{"inhibitedBy":[],"mutedBy":[],"silencedBy":["s1"],"state":"suppressed"},"updatedAt":"2026-11-21T10:29:53.067Z","generatorURL":"http://p:9090/graph?g0.expr=up\u0026x=1","labels":{"alertname":"HighLoad","instance":"a\u003cb\u003e"}}"#
    )
  }

  @Test func gettableAlertHasEveryRequiredField() throws {
    var bare = alert
    bare.generatorURL = ""
    bare.endsAtMs = 0
    let json = try object { $0.gettableAlert(AlertSnapshot(alert: bare, status: AlertStatus(state: .active), receivers: [])) }
    for field in ["labels", "receivers", "fingerprint", "startsAt", "updatedAt", "endsAt", "annotations", "status"] {
      #expect(json[field] != nil, "missing \(field)")
    }
    #expect(json["generatorURL"] == nil)
    #expect(json["endsAt"] as? String == "0001-01-01T00:00:00.000Z")
    let status = try #require(json["status"] as? [String: Any])
    for field in ["state", "silencedBy", "inhibitedBy", "mutedBy"] { #expect(status[field] != nil, "missing status.\(field)") }
  }

  @Test func alertGroupsHaveEveryRequiredField() throws {
    var writer = PrometheusJSONWriter()
    writer.alertGroups([
      AlertGroupSnapshot(
        labels: Labels(["alertname": "HighLoad"]), receiver: "team",
        alerts: [AlertSnapshot(alert: alert, status: AlertStatus(state: .active), receivers: ["team"])])
    ])
    let groups = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [[String: Any]])
    let group = try #require(groups.first)
    #expect(group["labels"] as? [String: String] == ["alertname": "HighLoad"])
    #expect(group["routeLabels"] as? [String: String] == [:])
    #expect(group["receiver"] as? [String: String] == ["name": "team"])
    #expect((group["alerts"] as? [Any])?.count == 1)
  }

  @Test func writesAGettableSilenceWithItsState() throws {
    let silence = Silence(
      id: "41307f4c-5231-461b-803d-fd83d05749c8",
      matchers: [SilenceMatcher(name: "alertname", value: "X", isRegex: false), SilenceMatcher(name: "i", value: "a.*", isRegex: true, isEqual: false)],
      startsAtMs: 1_000, endsAtMs: 5_000, updatedAtMs: 900, createdBy: "ops", comment: "maintenance")
    for (nowMs, state) in [(Int64(500), "pending"), (2_000, "active"), (5_000, "expired")] {
      let json = try object { $0.gettableSilence(silence, nowMs: nowMs) }
      #expect((json["status"] as? [String: String])?["state"] == state)
      for field in ["id", "status", "updatedAt", "annotations", "matchers", "startsAt", "endsAt", "createdBy", "comment"] {
        #expect(json[field] != nil, "missing \(field)")
      }
      let matchers = try #require(json["matchers"] as? [[String: Any]])
      #expect(matchers.count == 2)
      #expect(matchers[1]["isEqual"] as? Bool == false && matchers[1]["isRegex"] as? Bool == true)
      #expect(json["startsAt"] as? String == "1970-01-01T00:00:01.000Z")
    }
  }

  @Test func statusHasEveryRequiredField() throws {
    let json = try object { $0.alertmanagerStatus(configurationText: "route:\n  receiver: default\n", startedAtMs: 1_795_256_993_067) }
    #expect((json["config"] as? [String: String])?["original"] == "route:\n  receiver: default\n")
    #expect(json["uptime"] as? String == "2026-11-21T10:29:53.067Z")
    let cluster = try #require(json["cluster"] as? [String: Any])
    #expect(cluster["status"] as? String == "disabled")
    #expect((cluster["peers"] as? [Any])?.isEmpty == true)
    let version = try #require(json["versionInfo"] as? [String: String])
    for field in ["version", "revision", "branch", "buildUser", "buildDate", "goVersion"] { #expect(version[field] != nil) }
    #expect(version["version"] == BuildInfo.version)
  }
}
