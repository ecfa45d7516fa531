// The chart renderer (web/js/chart/) in the real headless Chromium, on the chart lab page that
// `warden serve` embeds (/ui/chart-lab.html draws every chart type from generated data): each type
// draws, hover shows the tooltip, the legend toggles and isolates (mouse and keyboard), drag-zoom
// calls onZoom, double-click resets, tables sort, both themes redraw, high-DPI canvases are sized
// in device pixels, and a million points draw within the frame budget. Screenshots land in
// .build/ui-screenshots/ (chart-lab-*.png).
import Foundation
import Testing

@Suite struct ChartBrowserTests {
  @Test func everyChartTypeDrawsAndInteractsInTheChartLab() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    // The 1M-point budget is generous: CI shares two cores with other test processes; the
    // benchmark (docs/BENCHMARKS.md) reports the real frame time.
    let report = try await BrowserScenario.run("chart_lab", server: server, options: ["budget_ms": "150"])
    #expect(report.checks.count >= 40)
    try await server.stop()
  }
}
