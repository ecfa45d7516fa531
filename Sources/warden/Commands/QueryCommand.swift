// `warden query 'expr'` and `warden query range 'expr'`: PromQL against a running server's
// /api/v1/query and /api/v1/query_range, printed as a table (or the server's JSON with --json).
import ArgumentParser
import Foundation

struct QueryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Run a PromQL query against a Warden (or Prometheus) server.",
    discussion: "`warden query 'up'` evaluates at one instant; `warden query range 'rate(x[5m])' --start ... --end ... --step 1m` "
      + "over a time range. Times are Unix seconds or RFC 3339; steps are durations (15s, 1m) or seconds. Exits 1 when the "
      + "server answers an error.",
    subcommands: [InstantQueryCommand.self, RangeQueryCommand.self],
    defaultSubcommand: InstantQueryCommand.self
  )
}

/// The options every query command takes.
struct QueryServerOptions: ParsableArguments {
  @Option(help: "The server's base URL.")
  var server = "http://127.0.0.1:9470"

  @Flag(help: "Print the server's JSON answer as it came.")
  var json = false

  @Option(help: "Query timeout sent to the server (e.g. 30s).")
  var timeout: String?
}

struct InstantQueryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "instant", abstract: "Evaluate a PromQL expression at one instant (the default).")

  @Argument(help: "The PromQL expression.")
  var expression: String

  @Option(help: "Evaluation time (Unix seconds or RFC 3339); default now.")
  var time: String?

  @OptionGroup var options: QueryServerOptions

  func run() async throws {
    var parameters = [("query", expression)]
    if let time { parameters.append(("time", time)) }
    if let timeout = options.timeout { parameters.append(("timeout", timeout)) }
    try await QueryClient.run(path: "/api/v1/query", parameters: parameters, options: options)
  }
}

struct RangeQueryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "range", abstract: "Evaluate a PromQL expression at each step of a time range.")

  @Argument(help: "The PromQL expression.")
  var expression: String

  @Option(help: "Range start (Unix seconds or RFC 3339); default one hour before the end.")
  var start: String?

  @Option(help: "Range end (Unix seconds or RFC 3339); default now.")
  var end: String?

  @Option(help: "Resolution step (duration such as 15s or 1m, or seconds); default 60s.")
  var step = "60s"

  @OptionGroup var options: QueryServerOptions

  func run() async throws {
    let now = Date().timeIntervalSince1970
    let endText = end ?? String(format: "%.3f", now)
    let startText = start ?? String(format: "%.3f", (Double(endText) ?? now) - 3600)
    var parameters = [("query", expression), ("start", startText), ("end", endText), ("step", step)]
    if let timeout = options.timeout { parameters.append(("timeout", timeout)) }
    try await QueryClient.run(path: "/api/v1/query_range", parameters: parameters, options: options)
  }
}
