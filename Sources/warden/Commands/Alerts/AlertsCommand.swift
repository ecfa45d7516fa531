// `warden alerts list|history|test-receiver`: the alerts a server holds (Alertmanager API v2, so
// it works against Alertmanager too), Warden's durable alert history, and a test notification
// through one receiver with each integration's delivery result.
import ArgumentParser
import Foundation

struct AlertsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "alerts",
    abstract: "List alerts, read the alert history, test a receiver.",
    discussion: "`warden alerts list` prints the alerts the server holds (firing and suppressed); `warden alerts history "
      + "--since 24h` prints every state change and delivery attempt; `warden alerts test-receiver ops` sends a test "
      + "notification through the receiver `ops` and exits 1 if any integration failed.",
    subcommands: [AlertsListCommand.self, AlertsHistoryCommand.self, AlertsTestReceiverCommand.self]
  )
}

struct AlertsListCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the alerts the server holds.")

  @Argument(help: "Only alerts matching these matchers (e.g. severity=critical).")
  var matchers: [String] = []

  @Flag(help: "Hide silenced alerts.")
  var noSilenced = false

  @Flag(help: "Hide inhibited alerts.")
  var noInhibited = false

  @OptionGroup var options: AlertServerOptions

  func run() async throws {
    var query = matchers.map { ("filter", $0) }
    if noSilenced { query.append(("silenced", "false")) }
    if noInhibited { query.append(("inhibited", "false")) }
    let answer = try await AlertAPIClient(server: options.server).request("GET", "/api/v2/alerts", query: query)
    if options.json { return AlertAPIClient.printRaw(answer.data) }
    let alerts = answer.json as? [[String: Any]] ?? []
    let rows = alerts.map { alert -> [String] in
      let labels = alert["labels"] as? [String: String] ?? [:]
      let annotations = alert["annotations"] as? [String: String] ?? [:]
      let state = (alert["status"] as? [String: Any])?["state"] as? String ?? ""
      let others = labels.filter { $0.key != "alertname" }.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
      return [
        labels["alertname"] ?? "", state, alert["startsAt"] as? String ?? "", others.joined(separator: " "),
        annotations["summary"] ?? annotations["description"] ?? "",
      ]
    }
    print(TextColumns.render(["ALERTNAME", "STATE", "STARTS AT", "LABELS", "SUMMARY"], rows), terminator: "")
  }
}

struct AlertsHistoryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history", abstract: "Print alert state changes and notification attempts, newest first.")

  @Option(help: "How far back (a duration such as 1h or 7d).")
  var since = "24h"

  @Option(help: "Only this alert name.")
  var alertname: String?

  @Option(help: "Only notification attempts of this receiver.")
  var receiver: String?

  @Option(help: "At most this many entries of each kind.")
  var limit = 100

  @OptionGroup var options: AlertServerOptions

  func run() async throws {
    var query: [(String, String)] = [("since", since), ("limit", String(limit))]
    if let alertname { query.append(("alertname", alertname)) }
    if let receiver { query.append(("receiver", receiver)) }
    let answer = try await AlertAPIClient(server: options.server).request("GET", "/api/v1/alerts/history", query: query)
    if options.json { return AlertAPIClient.printRaw(answer.data) }
    let data = (answer.json as? [String: Any])?["data"] as? [String: Any] ?? [:]
    let events = (data["events"] as? [[String: Any]] ?? []).map { event -> [String] in
      let labels = event["labels"] as? [String: String] ?? [:]
      let others = labels.filter { $0.key != "alertname" }.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
      let value = (event["value"] as? Double).map { String($0) } ?? ""
      return [
        event["time"] as? String ?? "", labels["alertname"] ?? "", event["state"] as? String ?? "",
        event["source"] as? String ?? "", value, others.joined(separator: " "),
      ]
    }
    print("ALERT STATE CHANGES")
    print(TextColumns.render(["TIME", "ALERTNAME", "STATE", "SOURCE", "VALUE", "LABELS"], events), terminator: "")
    let attempts = (data["notifications"] as? [[String: Any]] ?? []).map { attempt -> [String] in
      [
        attempt["time"] as? String ?? "", attempt["receiver"] as? String ?? "", attempt["integration"] as? String ?? "",
        attempt["status"] as? String ?? "", String(attempt["attempt"] as? Int ?? 0), attempt["outcome"] as? String ?? "",
        attempt["detail"] as? String ?? "",
      ]
    }
    print("\nNOTIFICATION ATTEMPTS")
    print(TextColumns.render(["TIME", "RECEIVER", "INTEGRATION", "STATUS", "ATTEMPT", "OUTCOME", "DETAIL"], attempts), terminator: "")
  }
}

struct AlertsTestReceiverCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test-receiver", abstract: "Send a test notification through a receiver and print each delivery result.")

  @Argument(help: "The receiver's name in the alerting configuration.")
  var name: String

  @OptionGroup var options: AlertServerOptions

  func run() async throws {
    let client = AlertAPIClient(server: options.server)
    let answer = try await client.request("POST", "/api/v1/alerts/test-receiver", query: [("receiver", name)])
    if options.json { AlertAPIClient.printRaw(answer.data) }
    let results = ((answer.json as? [String: Any])?["data"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
    var failed = results.isEmpty
    if results.isEmpty && !options.json { printToStandardError("receiver \"\(name)\" has no integrations to test") }
    for result in results {
      let delivered = result["delivered"] as? Bool ?? false
      if !delivered { failed = true }
      guard !options.json else { continue }
      let attempts = result["attempts"] as? Int ?? 0
      let detail = result["detail"] as? String ?? ""
      print(
        "\(result["integration"] as? String ?? "?")[\(result["index"] as? Int ?? 0)]: \(delivered ? "delivered" : "FAILED") "
          + "after \(attempts) attempt\(attempts == 1 ? "" : "s") in \(result["durationMs"] as? Int ?? 0) ms: \(detail)")
    }
    if failed { throw ExitCode.failure }
  }
}
