// The HTTP side of `warden alerts` and `warden silence`: JSON requests to a server's Alertmanager
// API v2 (so they work against Alertmanager too) and Warden's own /api/v1/alerts/* endpoints.
// Failures are one line on standard error and exit 1.
import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `--server` for the alerting commands.
struct AlertServerOptions: ParsableArguments {
  @Option(help: "The server's base URL (a Warden, or an Alertmanager for the /api/v2 commands).")
  var server = "http://127.0.0.1:9470"

  @Flag(help: "Print the server's JSON answer as it came.")
  var json = false
}

struct AlertAPIClient {
  let server: String

  /// Sends a request and returns the decoded JSON answer (nil for an empty body).
  /// - Throws: `ExitCode.failure` after saying why, for unreachable servers and non-2xx answers.
  func request(
    _ method: String, _ path: String, query: [(String, String)] = [], body: Any? = nil
  ) async throws -> (data: Data, json: Any?) {
    let base = server.hasSuffix("/") ? String(server.dropLast()) : server
    var text = base + path
    if !query.isEmpty { text += "?" + QueryClient.formEncode(query) }
    guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
      throw fail("invalid --server URL \"\(server)\": expected http://host:port")
    }
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.timeoutInterval = 60
    if let body {
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
      request.httpBody = try JSONSerialization.data(withJSONObject: body)
    }
    let data: Data
    let status: Int
    do {
      let (answer, response) = try await URLSession.shared.data(for: request)
      data = answer
      status = (response as? HTTPURLResponse)?.statusCode ?? 0
    } catch {
      throw fail("cannot reach \(server): \(error.localizedDescription)")
    }
    let json = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    guard (200..<300).contains(status) else {
      throw fail("\(method) \(path) failed (HTTP \(status)): \(Self.reason(json, data))")
    }
    return (data, json)
  }

  /// The server's error text: Prometheus's `error` field, Alertmanager's JSON string, or the body.
  private static func reason(_ json: Any?, _ data: Data) -> String {
    if let object = json as? [String: Any], let error = object["error"] as? String { return error }
    if let string = json as? String { return string }
    let text = String(decoding: data.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? "no reason given" : text
  }

  func fail(_ message: String) -> ExitCode {
    printToStandardError(message)
    return ExitCode.failure
  }

  static func printRaw(_ data: Data) {
    FileHandle.standardOutput.write(data)
    if data.last != UInt8(ascii: "\n") { print() }
  }
}

/// Aligned text columns for terminal tables.
enum TextColumns {
  static func render(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      var text = ""
      for (index, cell) in cells.enumerated() {
        let isLast = index == cells.count - 1
        text += isLast ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
      }
      return text
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
  }
}
