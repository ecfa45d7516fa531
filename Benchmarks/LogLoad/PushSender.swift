// Sends a push plan to a Loki push endpoint: one task per worker, each over its own keep-alive
// connection, each sending its requests one after the other (so its streams stay in order). Times
// only the sending and fails on the first non-2xx answer.
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

struct SendFailure: Error, CustomStringConvertible {
  let status: UInt
  let body: String
  var description: String { "HTTP \(status): \(body)" }
}

enum PushSender {
  static func run(plan: PushPlan, url: String, tenant: String?) async throws -> Double {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: plan.byWorker.count)
    configuration.timeout = .init(connect: .seconds(10), read: .seconds(300))
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
      let seconds = try await send(plan: plan, url: url, tenant: tenant, client: client)
      try await client.shutdown()
      return seconds
    } catch {
      try? await client.shutdown()
      throw error
    }
  }

  private static func send(plan: PushPlan, url: String, tenant: String?, client: HTTPClient) async throws -> Double {
    let bodies: [[ByteBuffer]] = plan.byWorker.map { $0.map { ByteBuffer(bytes: $0.body) } }
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in bodies {
        group.addTask {
          for body in worker {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-protobuf")
            request.headers.add(name: "User-Agent", value: "LogLoad")
            if let tenant { request.headers.add(name: "X-Scope-OrgID", value: tenant) }
            request.body = .bytes(body)
            let response = try await client.execute(request, timeout: .seconds(300))
            let answer = try await response.body.collect(upTo: 1 << 20)
            guard (200..<300).contains(response.status.code) else {
              throw SendFailure(status: response.status.code, body: String(buffer: answer).prefix(300).description)
            }
          }
        }
      }
      try await group.waitForAll()
    }
    return seconds(ContinuousClock.now - start)
  }
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
