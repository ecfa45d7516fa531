// The `alerting:` section of a running server: an alertmanager.yml named by `config_file` is read
// as it is, a reload applies a changed routing configuration (new receivers, new routes) while the
// alerts received so far stay, and a broken file is refused with its position while the running
// configuration stays in force.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct AlertingConfigReloadTests {
  private func receivers(_ server: ServerProcess) async throws -> [String] {
    let list = try JSONSerialization.jsonObject(with: try await server.get("/api/v2/receivers").body) as? [[String: String]] ?? []
    return list.compactMap { $0["name"] }
  }

  private func alertReceivers(_ server: ServerProcess) async throws -> [String] {
    let alerts = try JSONSerialization.jsonObject(with: try await server.get("/api/v2/alerts").body) as? [[String: Any]] ?? []
    return alerts.flatMap { ($0["receivers"] as? [[String: String]] ?? []).compactMap { $0["name"] } }
  }

  @Test func reloadAppliesANewAlertmanagerFileAndRefusesABrokenOne() async throws {
    let directory = try TemporaryDirectory.make(prefix: "warden-alerting-reload")
    let first = "route:\n  receiver: team\nreceivers:\n  - name: team\n"
    let amFile = try AlertingTest.write(first, named: "alertmanager.yml", in: directory)
    let config = try AlertingTest.write("alerting:\n  config_file: alertmanager.yml\n", named: "warden.yml", in: directory)
    let server = try ServerProcess(arguments: ["--config", config])
    try await server.waitUntilReady()

    #expect(try await receivers(server) == ["team"])
    let status = try await server.get("/api/v2/status").json()
    #expect((status["config"] as? [String: String])?["original"] == first)
    #expect(try await AlertingTest.post(#"[{"labels":{"alertname":"DiskFull","severity":"page"}}]"#, to: server).status == 200)
    #expect(try await alertReceivers(server) == ["team"])

    // A new route sends pages to a new receiver; the alert already received is routed anew.
    let second = """
      route:
        receiver: team
        routes:
          - matchers: ['severity="page"']
            receiver: pager
      receivers:
        - name: team
        - name: pager
      """
    _ = try AlertingTest.write(second, named: "alertmanager.yml", in: directory)
    #expect(try await server.post("/-/reload").status == 200)
    let applied = try await AlertingTest.eventually(timeout: .seconds(10)) { try await receivers(server) == ["team", "pager"] }
    #expect(applied, "the new receivers were not applied")
    #expect(try await alertReceivers(server) == ["pager"])

    // Broken: refused with the file's position, and the second configuration stays.
    _ = try AlertingTest.write("route:\n  receiver: nobody\nreceivers:\n  - name: team\n", named: "alertmanager.yml", in: directory)
    let refused = try await server.post("/-/reload")
    #expect(refused.status == 500)
    #expect(refused.text.contains("\(amFile):2:13"), "\(refused.text)")
    #expect(refused.text.contains("nobody"))
    try await Task.sleep(for: .seconds(1.5))
    #expect(try await receivers(server) == ["team", "pager"])
    #expect(try await server.stop() == 0)
  }

  @Test func aBrokenSectionStopsTheServerFromStartingWithItsPosition() async throws {
    let directory = try TemporaryDirectory.make(prefix: "warden-alerting-bad")
    let config = try AlertingTest.write(
      "alerting:\n  route:\n    receiver: team\n    group_wait: soon\n  receivers:\n    - name: team\n", named: "warden.yml", in: directory)
    let server = try ServerProcess(arguments: ["--config", config])
    let status = try await server.waitForExit()
    #expect(status != 0)
    #expect(server.log.contains("\(config):4:17"), "\(server.log)")
    #expect(server.log.contains("alerting.route.group_wait"), "\(server.log)")
  }
}
