// The HTTP side of `warden query`: posts the form, and prints the answer as a table, the raw
// JSON, or the server's error on standard error (exit 1).
import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

enum QueryClient {
  static func run(path: String, parameters: [(String, String)], options: QueryServerOptions) async throws {
    guard let url = URL(string: options.server.trimmingSuffix("/") + path), url.scheme == "http" || url.scheme == "https" else {
      throw failure("invalid --server URL \"\(options.server)\": expected http://host:port")
    }
    var request = URLRequest(url: url)
    request.httpMethod = "POST"
    request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
    request.httpBody = Data(formEncode(parameters).utf8)
    request.timeoutInterval = 300
    let data: Data
    let status: Int
    do {
      let (body, response) = try await URLSession.shared.data(for: request)
      data = body
      status = (response as? HTTPURLResponse)?.statusCode ?? 0
    } catch {
      throw failure("cannot reach \(options.server): \(error.localizedDescription)")
    }
    let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    if options.json {
      FileHandle.standardOutput.write(data)
      if data.last != UInt8(ascii: "\n") { print() }
    }
    guard let object else {
      let text = String(decoding: data.prefix(500), as: UTF8.self)
      throw failure("the server answered HTTP \(status) without a JSON body: \(text)")
    }
    if object["status"] as? String != "success" {
      let type = object["errorType"] as? String ?? "error"
      let message = object["error"] as? String ?? "HTTP \(status)"
      if options.json { throw ExitCode.failure }
      throw failure("query failed (\(type)): \(message)")
    }
    for warning in object["warnings"] as? [String] ?? [] { printToStandardError("warning: \(warning)") }
    for info in object["infos"] as? [String] ?? [] { printToStandardError("info: \(info)") }
    guard !options.json else { return }
    let payload = object["data"] as? [String: Any] ?? [:]
    print(QueryTable.render(resultType: payload["resultType"] as? String ?? "", result: payload["result"]), terminator: "")
  }

  /// Says why on standard error (one line, as `check-config` does) and exits 1.
  private static func failure(_ message: String) -> ExitCode {
    printToStandardError(message)
    return ExitCode.failure
  }

  /// application/x-www-form-urlencoded: everything but unreserved characters percent-encoded.
  static func formEncode(_ parameters: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return parameters.map { name, value in
      (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name) + "="
        + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
    }.joined(separator: "&")
  }
}

extension String {
  fileprivate func trimmingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
  }
}
