// Reloading the configuration of a running server: a good file replaces the old one, a bad file
// keeps the old one running and says why, over HTTP and on SIGHUP.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ConfigReloadTests {
  @Test func badReloadKeepsOldConfigurationAndGoodReloadReplacesIt() async throws {
    let directory = try TemporaryDirectory.make(prefix: "warden-config")
    let file = directory.appendingPathComponent("warden.yml")
    try "global:\n  scrape_interval: 30s\n".write(to: file, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", file.path])
    try await server.waitUntilReady()

    // A typo in a field name: refused, with file and line, old configuration still in force.
    try "global:\n  scrape_intervall: 10s\n".write(to: file, atomically: true, encoding: .utf8)
    let refused = try await server.post("/-/reload")
    #expect(refused.status == 500)
    #expect(refused.text.contains("\(file.path):2:3"))
    #expect(refused.text.contains("scrape_intervall"))
    let inForce = try await server.get("/api/v1/status/config").json()
    #expect((inForce["data"] as? [String: String])?["yaml"]?.contains("30s") == true)
    let metrics = ExpositionText(try await server.get("/metrics").text)
    #expect(metrics.byName["warden_config_last_reload_successful"]?.first?.value == 0)
    #expect(server.log.contains("configuration reload failed"))

    // Fixed, and reloaded by SIGHUP this time.
    try "global:\n  scrape_interval: 10s\n".write(to: file, atomically: true, encoding: .utf8)
    kill(server.process.processIdentifier, SIGHUP)
    var reloaded = false
    for _ in 0..<50 where !reloaded {
      let current = try await server.get("/api/v1/status/config").json()
      reloaded = (current["data"] as? [String: String])?["yaml"]?.contains("10s") == true
      if !reloaded { try await Task.sleep(for: .milliseconds(100)) }
    }
    #expect(reloaded, "SIGHUP did not reload the configuration")
    let after = ExpositionText(try await server.get("/metrics").text)
    #expect(after.byName["warden_config_last_reload_successful"]?.first?.value == 1)

    let viaHTTP = try await server.post("/-/reload")
    #expect(viaHTTP.status == 200)
    #expect(try await server.stop() == 0)
  }
}
