// `warden silence add|query|expire`: silences on a Warden (or Alertmanager) server through the
// Alertmanager API v2, with amtool's matcher syntax (`alertname=HighCPU`, `job=~"api|web"`).
import ArgumentParser
import Foundation
import WardenCore

struct SilenceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "silence",
    abstract: "Add, list and expire silences.",
    discussion: "`warden silence add alertname=DiskFull instance=~\"db.*\" --duration 2h --comment \"resizing\"` prints "
      + "the new silence's id; `warden silence query` lists active and pending silences; `warden silence expire ID` ends one.",
    subcommands: [SilenceAddCommand.self, SilenceQueryCommand.self, SilenceExpireCommand.self]
  )
}

struct SilenceAddCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "add", abstract: "Silence alerts matching every matcher.")

  @Argument(help: "Matchers: name=value, name!=value, name=~regex, name!~regex (a bare word means alertname=word).")
  var matchers: [String]

  @Option(help: "How long the silence lasts (e.g. 1h, 2d).")
  var duration = "1h"

  @Option(help: "When it starts (RFC 3339); default now.")
  var start: String?

  @Option(help: "Who is silencing (default: $USER).")
  var author: String?

  @Option(help: "Why (required by the API).")
  var comment: String

  @OptionGroup var options: AlertServerOptions

  func run() async throws {
    let parsed = try matchers.enumerated().map { index, text in
      try SilenceMatcherText.parse(text, isFirst: index == 0)
    }
    guard !parsed.isEmpty else { throw ValidationError("give at least one matcher") }
    guard let length = PrometheusDuration.parse(duration), length > .zero else {
      throw ValidationError("--duration \"\(duration)\" is not a positive duration such as 30m or 2h")
    }
    let startDate: Date
    if let start {
      guard let ms = RFC3339.milliseconds(start) else { throw ValidationError("--start \"\(start)\" is not an RFC 3339 time") }
      startDate = Date(timeIntervalSince1970: Double(ms) / 1000)
    } else {
      startDate = Date()
    }
    let endDate = startDate.addingTimeInterval(length.seconds)
    let body: [String: Any] = [
      "matchers": parsed.map { ["name": $0.name, "value": $0.value, "isRegex": $0.isRegex, "isEqual": $0.isEqual] },
      "startsAt": AlertTimeText.rfc3339(startDate),
      "endsAt": AlertTimeText.rfc3339(endDate),
      "createdBy": author ?? ProcessInfo.processInfo.environment["USER"] ?? "warden",
      "comment": comment,
    ]
    let client = AlertAPIClient(server: options.server)
    let answer = try await client.request("POST", "/api/v2/silences", body: body)
    if options.json { return AlertAPIClient.printRaw(answer.data) }
    guard let id = (answer.json as? [String: Any])?["silenceID"] as? String else {
      throw client.fail("the server answered without a silenceID")
    }
    print(id)
  }
}

struct SilenceQueryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "query", abstract: "List silences (active and pending by default).")

  @Argument(help: "Only silences with these matchers (amtool's filter syntax).")
  var matchers: [String] = []

  @Flag(help: "Also list expired silences.")
  var expired = false

  @OptionGroup var options: AlertServerOptions

  func run() async throws {
    let client = AlertAPIClient(server: options.server)
    let answer = try await client.request("GET", "/api/v2/silences", query: matchers.map { ("filter", $0) })
    if options.json { return AlertAPIClient.printRaw(answer.data) }
    let silences = (answer.json as? [[String: Any]] ?? []).filter { silence in
      let state = (silence["status"] as? [String: Any])?["state"] as? String ?? ""
      return expired || state != "expired"
    }
    let rows = silences.map { silence -> [String] in
      let matchers = (silence["matchers"] as? [[String: Any]] ?? []).map(SilenceMatcherText.render).joined(separator: " ")
      return [
        silence["id"] as? String ?? "", matchers, (silence["status"] as? [String: Any])?["state"] as? String ?? "",
        silence["endsAt"] as? String ?? "", silence["createdBy"] as? String ?? "", silence["comment"] as? String ?? "",
      ]
    }
    print(TextColumns.render(["ID", "MATCHERS", "STATE", "ENDS AT", "CREATED BY", "COMMENT"], rows), terminator: "")
  }
}

struct SilenceExpireCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "expire", abstract: "End silences now.")

  @Argument(help: "Silence ids.")
  var ids: [String]

  @OptionGroup var options: AlertServerOptions

  func run() async throws {
    let client = AlertAPIClient(server: options.server)
    for id in ids {
      guard let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) else { continue }
      _ = try await client.request("DELETE", "/api/v2/silence/" + escaped)
      if !options.json { print("expired \(id)") }
    }
  }
}

/// amtool's matcher arguments: `name=value`, `name!=value`, `name=~re`, `name!~re`, values
/// optionally quoted; a first argument without an operator is an alert name.
enum SilenceMatcherText {
  struct Parsed {
    var name: String
    var value: String
    var isRegex: Bool
    var isEqual: Bool
  }

  static func parse(_ text: String, isFirst: Bool) throws -> Parsed {
    for (op, isRegex, isEqual) in [("=~", true, true), ("!~", true, false), ("!=", false, false), ("=", false, true)] {
      guard let range = text.range(of: op) else { continue }
      let name = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
      var value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
      guard LabelName.isValid(name) else { throw ValidationError("matcher \"\(text)\": \"\(name)\" is not a valid label name") }
      return Parsed(name: name, value: value, isRegex: isRegex, isEqual: isEqual)
    }
    guard isFirst, !text.isEmpty else {
      throw ValidationError("matcher \"\(text)\" has no operator (=, !=, =~, !~)")
    }
    return Parsed(name: "alertname", value: text, isRegex: false, isEqual: true)
  }

  static func render(_ matcher: [String: Any]) -> String {
    let isRegex = matcher["isRegex"] as? Bool ?? false
    let isEqual = matcher["isEqual"] as? Bool ?? true
    let op = isRegex ? (isEqual ? "=~" : "!~") : (isEqual ? "=" : "!=")
    return "\(matcher["name"] as? String ?? "")\(op)\"\(matcher["value"] as? String ?? "")\""
  }
}

/// Times as the Alertmanager API writes them.
enum AlertTimeText {
  static func rfc3339(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }
}
