// The UI's frame in the real headless Chromium: every page mounts in both themes without console
// errors, navigation works without reloads, the theme toggle remembers, keyboard users get a skip
// link. Screenshots of every page land in .build/ui-screenshots/.
import Foundation
import Testing

@Suite struct ShellBrowserTests {
  @Test func everyPageLoadsInBothThemesWithoutConsoleErrors() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let report = try await BrowserScenario.run("shell_pages", server: server)
    #expect(report.screenshots.count >= 12)
    try await server.stop()
  }
}
