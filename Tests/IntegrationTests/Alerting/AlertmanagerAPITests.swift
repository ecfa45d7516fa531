// The Alertmanager API v2 of `warden serve` over HTTP: the answers Alertmanager gives for bad
// alerts and silences (400 with the reason as a JSON string), unknown and malformed silence ids,
// oversized bodies, and the status, receivers, alerts and groups shapes with no configuration.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct AlertmanagerAPITests {
  private func jsonString(_ result: HTTPResult) -> String? {
    try? JSONSerialization.jsonObject(with: result.body, options: .fragmentsAllowed) as? String
  }

  @Test func refusesBadInputAsAlertmanagerDoes() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()

    let mixed = try await AlertingTest.post(#"[{"labels":{"alertname":"Kept"}},{"labels":{}},{"labels":{"0x":"y"}}]"#, to: server)
    #expect(mixed.status == 400)
    #expect(mixed.headers["content-type"] == "application/json")
    #expect(jsonString(mixed) == #"at least one label pair required; invalid label set: invalid name "0x""#)
    // The valid alert of that request was taken.
    let alerts = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/v2/alerts").body) as? [[String: Any]])
    #expect(alerts.compactMap { ($0["labels"] as? [String: String])?["alertname"] } == ["Kept"])

    let malformed = try await AlertingTest.post(#"[{"labels":{"a":1}}]"#, to: server)
    #expect(malformed.status == 400)
    #expect(jsonString(malformed)?.hasPrefix("parsing alerts body failed: 0.labels.a: ") == true, "\(malformed.text)")
    let badURL = try await AlertingTest.post(#"[{"labels":{"a":"x"},"generatorURL":"not a url"}]"#, to: server)
    #expect(jsonString(badURL) == #"0.generatorURL in body must be of type uri: "not a url""#)

    let huge = Data(repeating: UInt8(ascii: " "), count: 11 << 20)
    let tooLarge = try await server.send("/api/v2/alerts", method: "POST", body: huge, headers: ["Content-Type": "application/json"])
    #expect(tooLarge.status == 413)

    let badFilter = try await server.get("/api/v2/alerts?filter=%3D%3D")
    #expect(badFilter.status == 400)
    let badBool = try await server.get("/api/v2/alerts?active=maybe")
    #expect(jsonString(badBool) == #"active in query must be of type boolean: "maybe""#)

    let pastSilence = try await server.send(
      "/api/v2/silences", method: "POST",
      body: Data(#"{"matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2020-01-01T00:00:00Z","endsAt":"2020-01-02T00:00:00Z","createdBy":"me","comment":"c"}"#.utf8))
    #expect(pastSilence.status == 400)
    #expect(jsonString(pastSilence) == "Failed to create silence: end time can't be in the past")

    let unknownUpdate = try await server.send(
      "/api/v2/silences", method: "POST",
      body: Data(#"{"id":"00000000-0000-4000-8000-000000000000","matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2020-01-01T00:00:00Z","endsAt":"2099-01-02T00:00:00Z","createdBy":"me","comment":"c"}"#.utf8))
    #expect(unknownUpdate.status == 404)
    #expect(jsonString(unknownUpdate) == "silence not found")

    #expect(try await server.get("/api/v2/silence/00000000-0000-4000-8000-000000000000").status == 404)
    #expect(try await server.send("/api/v2/silence/00000000-0000-4000-8000-000000000000", method: "DELETE", body: Data()).status == 404)
    let notUUID = try await server.get("/api/v2/silence/not-a-uuid")
    #expect(notUUID.status == 400)
    #expect(jsonString(notUUID) == #"silenceID in path must be of type uuid: "not-a-uuid""#)
    #expect(try await server.stop() == 0)
  }

  @Test func withoutConfigurationEverythingGoesToTheDefaultReceiver() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()

    let receivers = try JSONSerialization.jsonObject(with: try await server.get("/api/v2/receivers").body) as? [[String: String]]
    #expect(receivers == [["name": "default"]])
    let status = try await server.get("/api/v2/status").json()
    #expect((status["cluster"] as? [String: Any])?["status"] as? String == "disabled")
    let original = (status["config"] as? [String: String])?["original"]
    #expect(original?.contains("receiver: default") == true, "\(status)")
    #expect((status["versionInfo"] as? [String: String])?["version"]?.isEmpty == false)
    #expect(status["uptime"] is String)

    #expect(try await AlertingTest.post(#"[{"labels":{"alertname":"A","instance":"x"}},{"labels":{"alertname":"B"}}]"#, to: server).status == 200)
    let alerts = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/v2/alerts").body) as? [[String: Any]])
    #expect(alerts.count == 2)
    let fingerprints = alerts.compactMap { $0["fingerprint"] as? String }
    #expect(fingerprints == fingerprints.sorted() && fingerprints.allSatisfy { $0.count == 16 })
    for alert in alerts {
      #expect((alert["receivers"] as? [[String: String]]) == [["name": "default"]])
      for field in ["annotations", "endsAt", "startsAt", "updatedAt", "status"] { #expect(alert[field] != nil, "missing \(field)") }
    }
    let filtered = try JSONSerialization.jsonObject(with: try await server.get("/api/v2/alerts?filter=alertname%3D%22A%22").body) as? [[String: Any]]
    #expect(filtered?.count == 1)
    let noReceiver = try JSONSerialization.jsonObject(with: try await server.get("/api/v2/alerts?receiver=other").body) as? [[String: Any]]
    #expect(noReceiver?.isEmpty == true)

    let groups = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/v2/alerts/groups").body) as? [[String: Any]])
    #expect(!groups.isEmpty)
    #expect(groups.allSatisfy { ($0["receiver"] as? [String: String])?["name"] == "default" && $0["routeLabels"] != nil })
    #expect(groups.flatMap { $0["alerts"] as? [[String: Any]] ?? [] }.count == 2)
    #expect(try await server.stop() == 0)
  }
}
