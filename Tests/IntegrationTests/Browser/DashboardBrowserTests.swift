// The dashboards UI in the real headless Chromium against a real `warden serve`: the list and the
// built-in Host dashboard, a dashboard created, saved and reloaded through the UI, a Grafana
// dashboard imported (with the unsupported piechart named), and live mode updating a panel when
// new samples are pushed, and the pure modules (variable substitution, Markdown, rows, JSON errors)
// in the browser. The scenarios are Scripts/dashboard*.py; screenshots land in .build/ui-screenshots/.
import Foundation
import Testing

@Suite(.serialized) struct DashboardBrowserTests {
  /// A server that scrapes (host metrics, push groups) every two seconds, so panels have data within
  /// seconds and pushed samples reach live mode quickly.
  private func startServer() async throws -> ServerProcess {
    let directory = try TemporaryDirectory.make(prefix: "dashboard-browser")
    let configuration = directory.appendingPathComponent("warden.yml")
    try "global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\n".write(to: configuration, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", configuration.path])
    try await server.waitUntilReady()
    // The host collector's first samples: the Host dashboard should have something to draw.
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline {
      let result = try await server.get("/api/v1/query?query=node_load1")
      if result.text.contains("\"value\"") { break }
      try await Task.sleep(for: .milliseconds(250))
    }
    return server
  }

  @Test func listShowsTheBuiltInHostDashboardAndItRenders() async throws {
    let server = try await startServer()
    try await BrowserScenario.run("dashboards_list", server: server)
    try await server.stop()
  }

  @Test func dashboardCreatedInTheUIIsSavedAndComesBackAfterReload() async throws {
    let server = try await startServer()
    try await BrowserScenario.run("dashboard_edit", server: server)
    try await server.stop()
  }

  @Test func grafanaDashboardImportsAndNamesTheUnsupportedPiechart() async throws {
    let server = try await startServer()
    try await BrowserScenario.run("dashboard_import", server: server)
    try await server.stop()
  }

  @Test func variableSubstitutionMarkdownRowsAndJSONErrorsBehave() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    try await BrowserScenario.run("dashboard_modules", server: server)
    try await server.stop()
  }

  @Test func liveModeUpdatesAPanelWhenSamplesArePushed() async throws {
    let server = try await startServer()
    try await BrowserScenario.run("dashboard_live", server: server)
    try await server.stop()
  }
}
