// `warden logs query 'LogQL'` and `warden logs tail '{job="x"}'`: clients of a running server's
// Loki-compatible API (they work against Loki too), printing entries with colored, aligned labels.
import ArgumentParser
import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

struct LogsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs",
    abstract: "Search and follow logs on a Warden (or Loki) server with LogQL.",
    discussion: "`warden logs query '{job=\"app\"} |= \"error\"' --since 1h` prints matching lines; a metric query "
      + "(`sum by (level) (count_over_time({job=\"app\"} | json [5m]))`) prints series. `warden logs tail '{job=\"app\"}'` "
      + "follows new lines live. Exits 1 when the server answers an error.",
    subcommands: [LogsQueryCommand.self, LogsTailCommand.self]
  )
}

/// Options both log commands take.
struct LogsServerOptions: ParsableArguments {
  @Option(help: "The server's base URL.")
  var server = "http://127.0.0.1:9470"

  @Option(help: "Output: default (time, labels, line), raw (the line only) or jsonl.")
  var output: String = LogLinePrinter.Mode.default.rawValue

  @Flag(inversion: .prefixedNo, help: "Color the output (default: when standard output is a terminal and NO_COLOR is unset).")
  var color: Bool?

  func printer() throws -> LogLinePrinter {
    guard let mode = LogLinePrinter.Mode(rawValue: output) else {
      throw ValidationError("--output must be one of \(LogLinePrinter.Mode.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return LogLinePrinter(mode: mode, colorChoice: color)
  }

  func url(_ path: String, _ parameters: [(String, String)]) throws -> URL {
    let base = server.hasSuffix("/") ? String(server.dropLast()) : server
    guard let url = URL(string: base + path + "?" + QueryClient.formEncode(parameters)),
      url.scheme == "http" || url.scheme == "https"
    else {
      throw ValidationError("invalid --server URL \"\(server)\": expected http://host:port")
    }
    return url
  }
}

struct LogsQueryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "query", abstract: "Run a LogQL query over a time range.")

  @Argument(help: "The LogQL query.")
  var query: String

  @Option(help: "How far back from --to to search (a duration such as 30m or 24h).")
  var since = "1h"

  @Option(help: "Range start (RFC 3339, Unix seconds or nanoseconds); overrides --since.")
  var from: String?

  @Option(help: "Range end (RFC 3339, Unix seconds or nanoseconds); default now.")
  var to: String?

  @Option(help: "At most this many lines (log queries).")
  var limit = 100

  @Flag(help: "Oldest lines first (default: newest first).")
  var forward = false

  @Option(help: "Step of a metric query (e.g. 1m); default chosen by the server.")
  var step: String?

  @Flag(help: "Print the server's JSON answer as it came.")
  var json = false

  @OptionGroup var options: LogsServerOptions

  func run() async throws {
    var printer = try options.printer()
    let nowNs = Int64(Date().timeIntervalSince1970 * 1e9)
    guard let sinceDuration = parseSeconds(since) else { throw ValidationError("--since: \"\(since)\" is not a duration") }
    var parameters = [
      ("query", query), ("limit", String(limit)), ("direction", forward ? "forward" : "backward"),
      ("end", to ?? String(nowNs)),
      ("start", from ?? String(nowNs - Int64(sinceDuration * 1e9))),
    ]
    if let step { parameters.append(("step", step)) }
    let (data, status) = try await Self.get(try options.url("/loki/api/v1/query_range", parameters), server: options.server)
    if json {
      FileHandle.standardOutput.write(data)
      if data.last != UInt8(ascii: "\n") { print() }
    }
    guard status == 200, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      let text = String(decoding: data.prefix(1000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      printToStandardError("query failed (HTTP \(status)): \(text)")
      throw ExitCode.failure
    }
    guard !json else { return }
    let payload = object["data"] as? [String: Any] ?? [:]
    let resultType = payload["resultType"] as? String ?? ""
    if resultType == "streams" {
      var entries = LogLinePrinter.entries(fromStreams: payload["result"])
      entries.sort { forward ? $0.timestampNs < $1.timestampNs : $0.timestampNs > $1.timestampNs }
      print(printer.render(entries), terminator: "")
      if entries.count >= limit { printToStandardError("(showing the \(forward ? "oldest" : "newest") \(limit) lines; raise --limit for more)") }
    } else {
      print(QueryTable.render(resultType: resultType, result: payload["result"]), terminator: "")
    }
  }

  static func get(_ url: URL, server: String) async throws -> (Data, Int) {
    var request = URLRequest(url: url)
    request.timeoutInterval = 300
    do {
      let (body, response) = try await URLSession.shared.data(for: request)
      return (body, (response as? HTTPURLResponse)?.statusCode ?? 0)
    } catch {
      printToStandardError("cannot reach \(server): \(error.localizedDescription)")
      throw ExitCode.failure
    }
  }
}

struct LogsTailCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "tail", abstract: "Follow new log lines live.")

  @Argument(help: "A LogQL log query (selector and pipeline).")
  var query: String

  @Option(help: "Also print up to this many lines from before the start.")
  var limit = 30

  @Option(help: "How far back the first lines may go (a duration).")
  var since = "1h"

  @Option(help: "Seconds the server waits to order late lines (0 to 5).")
  var delayFor = 0

  @OptionGroup var options: LogsServerOptions

  func run() async throws {
    let nowNs = Int64(Date().timeIntervalSince1970 * 1e9)
    guard let sinceDuration = parseSeconds(since) else { throw ValidationError("--since: \"\(since)\" is not a duration") }
    let url = try options.url(
      "/loki/api/v1/tail",
      [
        ("query", query), ("limit", String(limit)), ("delay_for", String(delayFor)),
        ("start", String(nowNs - Int64(sinceDuration * 1e9))),
      ])
    let printer = try options.printer()
    let wsURL = url.absoluteString.replacingOccurrences(of: "http://", with: "ws://")
      .replacingOccurrences(of: "https://", with: "wss://")
    let logger = Logger(label: "warden.logs.tail", factory: { _ in SwiftLogNoOpLogHandler() })
    let closeFrame: WebSocketCloseFrame?
    do {
      closeFrame = try await WebSocketClient.connect(url: wsURL, logger: logger) { inbound, _, _ in
        var printer = printer
        for try await message in inbound.messages(maxSize: 64 << 20) {
          guard case .text(let text) = message,
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
          else { continue }
          var entries = LogLinePrinter.entries(fromStreams: object["streams"])
          entries.sort { $0.timestampNs < $1.timestampNs }
          // Written unbuffered: a tail is read live, often through a pipe.
          FileHandle.standardOutput.write(Data(printer.render(entries).utf8))
          if let dropped = object["dropped_entries"] as? [Any], !dropped.isEmpty {
            printToStandardError("(the server dropped \(dropped.count) lines to keep up)")
          }
        }
      }
    } catch {
      printToStandardError("cannot tail from \(options.server): \(error)")
      throw ExitCode.failure
    }
    if let closeFrame, closeFrame.closeCode != .normalClosure {
      printToStandardError("the server ended the tail: \(closeFrame.reason ?? "\(closeFrame.closeCode)")")
      throw ExitCode.failure
    }
  }
}

/// Seconds in a duration such as `90s`, `30m`, `1h30m` or `2d`.
private func parseSeconds(_ text: String) -> Double? {
  let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
  var total = 0.0
  var number = ""
  for character in text {
    if character.isNumber || character == "." {
      number.append(character)
    } else if let unit = units[character], let value = Double(number) {
      total += value * unit
      number = ""
    } else {
      return nil
    }
  }
  return number.isEmpty && total > 0 ? total : nil
}
