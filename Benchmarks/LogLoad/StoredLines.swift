// Reads how many lines a server says it has stored, from its Prometheus text page: the sum of
// every sample of one metric whose labels include the given pairs, e.g.
// `warden_logs_lines_received_total{protocol="syslog"}`. The syslog load polls it until the
// count has grown by every line sent, since a TCP write says nothing about storage.
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

struct MetricSelector: Sendable {
  let name: String
  /// `name="value"` pieces every matching sample's label block must contain.
  let pairs: [String]

  /// `name` or `name{a="x",b="y"}`.
  init(_ text: String) throws {
    guard let brace = text.firstIndex(of: "{") else {
      name = text
      pairs = []
      return
    }
    guard text.hasSuffix("}") else { throw CorpusError(description: "metric selector \"\(text)\" lacks its closing }") }
    name = String(text[..<brace])
    let inside = text[text.index(after: brace)..<text.index(before: text.endIndex)]
    pairs = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// The sum over the page's matching samples, nil when none matches.
  func sum(page: String) -> Double? {
    var total: Double?
    for line in page.split(separator: "\n") where !line.hasPrefix("#") && line.hasPrefix(name) {
      let rest = line.dropFirst(name.count)
      var labels: Substring = ""
      var value: Substring
      if rest.hasPrefix("{") {
        guard let close = rest.lastIndex(of: "}") else { continue }
        labels = rest[rest.index(after: rest.startIndex)..<close]
        value = rest[rest.index(after: close)...]
      } else if rest.hasPrefix(" ") {
        value = rest
      } else {
        continue  // a longer metric name sharing the prefix
      }
      guard pairs.allSatisfy({ labels.contains($0) }) else { continue }
      value = value.drop { $0 == " " }
      guard let number = Double(value.prefix { $0 != " " }) else { continue }
      total = (total ?? 0) + number
    }
    return total
  }
}

enum StoredLines {
  static func read(metricsURL: String, selector: MetricSelector, client: HTTPClient) async throws -> Double {
    let response = try await client.execute(HTTPClientRequest(url: metricsURL), timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 64 << 20)
    guard response.status.code == 200 else { throw SendFailure(status: response.status.code, body: String(buffer: body)) }
    return selector.sum(page: String(buffer: body)) ?? 0
  }

  /// The count now, on a client of its own.
  static func current(metricsURL: String, selector: MetricSelector) async throws -> Double {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    do {
      let value = try await read(metricsURL: metricsURL, selector: selector, client: client)
      try await client.shutdown()
      return value
    } catch {
      try? await client.shutdown()
      throw error
    }
  }

  /// Polls every 50 ms until the count reaches `target`; the time since `start` when it did.
  static func wait(
    metricsURL: String, selector: MetricSelector, target: Double, start: ContinuousClock.Instant, timeout: Duration
  ) async throws -> (seconds: Double, reached: Double) {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    var last = 0.0
    do {
      while ContinuousClock.now - start < timeout {
        last = try await read(metricsURL: metricsURL, selector: selector, client: client)
        if last >= target {
          try await client.shutdown()
          return (seconds(ContinuousClock.now - start), last)
        }
        try await Task.sleep(for: .milliseconds(50))
      }
    } catch {
      try? await client.shutdown()
      throw error
    }
    try? await client.shutdown()
    throw CorpusError(description: "after \(timeout) the server reports \(Int(last)) of \(Int(target)) lines stored")
  }
}
