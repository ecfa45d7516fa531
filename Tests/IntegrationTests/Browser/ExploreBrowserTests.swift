// The Metrics and Logs explorers in the real headless Chromium, against a real `warden serve`:
// completion offers real metric names, a query draws its series (renderer state and canvas pixels),
// the URL round-trips, an invalid query shows the server's error at its position, and the logs page
// lists pushed lines with the filter's matches marked, draws the volume by level, expands metadata
// and context, and live tail receives a line pushed after it started. Screenshots go to
// .build/ui-screenshots/ (explore-*.png, logs-*.png).
import Foundation
import Testing

@Suite struct ExploreBrowserTests {
  /// A pushed gauge makes the test independent of what this machine's /proc offers. Push groups
  /// are stored every scrape interval, so the interval is short here (the default is a minute).
  @Test func explorerCompletesRunsDrawsAndKeepsTheURL() async throws {
    let config = try TemporaryDirectory.make(prefix: "explore-config").appendingPathComponent("warden.yml")
    try "global:\n  scrape_interval: 2s\n".write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    try await server.waitUntilReady()
    let exposition = "# TYPE explore_browser_temperature gauge\nexplore_browser_temperature{room=\"lab\"} 21.5\n"
    let pushed = try await server.send("/metrics/job/explore", method: "PUT", body: Data(exposition.utf8))
    #expect(pushed.status == 200 || pushed.status == 202 || pushed.status == 204)
    try await BrowserScenario.run(
      "explore_query", server: server, options: ["metric": "explore_browser_temperature", "prefix": "explore_br"])
    try await server.stop()
  }

  @Test func invalidQueryShowsTheServersErrorAtItsPosition() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    try await BrowserScenario.run("explore_errors", server: server)
    try await server.stop()
  }

  @Test func editorTokenizesCompletesInContextAndMarksLineFilters() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    try await BrowserScenario.run("editor_language", server: server)
    try await server.stop()
  }

  @Test func logsExplorerHighlightsMatchesDrawsVolumeAndTails() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    try await BrowserScenario.run("logs_explore", server: server, options: ["job": "browser-logs"])
    try await server.stop()
  }
}
