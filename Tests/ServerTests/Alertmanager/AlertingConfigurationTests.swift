// The `alerting:` section: an Alertmanager configuration pasted in, or `config_file:` naming an
// alertmanager.yml read as it is; the default receiver without the section; errors that name the
// file, line and field.
import ConfigDecoding
import Foundation
import Notify
import Server
import Testing
import WardenCore

struct AlertingConfigurationTests {
  private let alertmanagerYAML = """
    global:
      resolve_timeout: 2m
    route:
      receiver: team
      group_by: [alertname, cluster]
      routes:
        - matchers: ['severity="page"']
          receiver: pager
    receivers:
      - name: team
      - name: pager
    inhibit_rules:
      - source_matchers: ['severity="page"']
        target_matchers: ['severity="warning"']
        equal: [alertname]
    """

  private func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
  }

  @Test func withoutTheSectionEverythingGoesToDefault() throws {
    let config = try ConfigLoader.parse("global:\n  scrape_interval: 15s\n", file: "w.yml")
    #expect(config.alerting.configFile == nil)
    #expect(config.alerting.notifier.route.receiver == "default")
    #expect(config.alerting.notifier.receivers.map(\.name) == ["default"])
    #expect(config.alerting.notifier.originalText.contains("receiver: default"))
    #expect(try ConfigLoader.parse("", file: "w.yml").alerting == config.alerting)
  }

  @Test func readsAnAlertmanagerConfigurationPastedUnderAlerting() throws {
    let config = try ConfigLoader.parse("alerting:\n" + indented(alertmanagerYAML), file: "w.yml")
    let notifier = config.alerting.notifier
    #expect(notifier.route.receiver == "team")
    #expect(notifier.route.routes.first?.receiver == "pager")
    #expect(notifier.receivers.map(\.name) == ["team", "pager"])
    #expect(notifier.inhibitRules.count == 1)
    #expect(notifier.global.resolveTimeout.duration == .seconds(120))
    // /api/v2/status shows the section itself.
    #expect(notifier.originalText.contains("receiver: pager"))
    #expect(!notifier.originalText.contains("alerting:"))
  }

  @Test func readsAnAlertmanagerFileAsItIsRelativeToTheConfiguration() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("alerting-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try alertmanagerYAML.write(to: directory.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
    let wardenFile = directory.appendingPathComponent("warden.yml").path
    let config = try ConfigLoader.parse("alerting:\n  config_file: alertmanager.yml\n", file: wardenFile)
    #expect(config.alerting.configFile == "alertmanager.yml")
    #expect(config.alerting.notifier.receivers.map(\.name) == ["team", "pager"])
    #expect(config.alerting.notifier.originalText == alertmanagerYAML)

    let inline = try ConfigLoader.parse("alerting:\n" + indented(alertmanagerYAML), file: wardenFile)
    var sameRouting = inline.alerting.notifier
    sameRouting.originalText = alertmanagerYAML
    #expect(sameRouting == config.alerting.notifier)
  }

  @Test func errorsNameTheFileLineAndField() throws {
    func message(_ text: String, file: String = "w.yml") -> String {
      do {
        _ = try ConfigLoader.parse(text, file: file)
        return ""
      } catch {
        return error.description
      }
    }
    let unknownReceiver = message("alerting:\n  route:\n    receiver: nobody\n  receivers:\n    - name: team\n")
    #expect(unknownReceiver.hasPrefix("w.yml:3:15: field alerting.route.receiver: "), "\(unknownReceiver)")
    #expect(unknownReceiver.contains("nobody"), "\(unknownReceiver)")
    let badMatcher = message("alerting:\n  route:\n    receiver: team\n    routes:\n      - matchers: ['a=~(']\n        receiver: team\n  receivers:\n    - name: team\n")
    #expect(badMatcher.hasPrefix("w.yml:5:20: field alerting.route.routes[0].matchers[0]: "), "\(badMatcher)")
    let mixed = message("alerting:\n  config_file: am.yml\n  route:\n    receiver: x\n")
    #expect(mixed.contains("w.yml:3:3"), "\(mixed)")
    #expect(mixed.contains("unknown field \"route\""), "\(mixed)")
    let missing = message("alerting:\n  config_file: /nonexistent/alertmanager.yml\n")
    #expect(missing.contains("/nonexistent/alertmanager.yml"), "\(missing)")
    let typo = message("alerting:\n  route:\n    receiver: team\n  receivers:\n    - name: team\n  inhibit_rule: []\n")
    #expect(typo.contains("w.yml:6:3") && typo.contains("inhibit_rule"), "\(typo)")
  }
}
