// Sends a prepared plan with C concurrent workers over keep-alive HTTP/1.1 connections and times
// only the sending. Workers take requests from one shared index in (timestamp, chunk) order; a
// worker whose request's chunk still has the previous timestamp in flight waits for it, so every
// series reaches the receiver in time order (Prometheus's receiver rejects out-of-order samples).
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Failure of one request: the receiver's status and the start of its answer.
struct SendFailure: Error, CustomStringConvertible {
  let status: UInt
  let body: String
  var description: String { "HTTP \(status): \(body)" }
}

/// The shared cursor: the next request to take and, per chunk, how many requests have completed.
private final class Dispatch: Sendable {
  let state: Mutex<(next: Int, completed: [Int])>
  /// Times a worker had to wait for its chunk's previous request.
  let waits = Atomic<Int>(0)
  init(chunks: Int) { state = Mutex((0, Array(repeating: 0, count: chunks))) }
}

struct SendResult {
  var seconds: Double
  var requests: Int
  var samples: Int
  var waits: Int
}

enum Sender {
  static func run(plan: RequestPlan, url: String, concurrency: Int) async throws -> SendResult {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
    configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
      let result = try await send(plan: plan, url: url, concurrency: concurrency, client: client)
      try await client.shutdown()
      return result
    } catch {
      try? await client.shutdown()
      throw error
    }
  }

  private static func send(plan: RequestPlan, url: String, concurrency: Int, client: HTTPClient) async throws -> SendResult {

    let chunks = plan.byChunk.count
    // (step, chunk) order: all chunks of the first request group, then the next group...
    let bodies: [[ByteBuffer]] = plan.byChunk.map { $0.map { ByteBuffer(bytes: $0.body) } }
    let steps = plan.byChunk.first?.count ?? 0
    let total = steps * chunks
    let dispatch = Dispatch(chunks: chunks)

    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<concurrency {
        group.addTask {
          while true {
            let index = dispatch.state.withLock { state -> Int in
              defer { state.next += 1 }
              return state.next
            }
            if index >= total { return }
            let step = index / chunks
            let chunk = index % chunks
            while dispatch.state.withLock({ $0.completed[chunk] }) < step {
              dispatch.waits.add(1, ordering: .relaxed)
              try await Task.sleep(for: .microseconds(100))
            }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Encoding", value: "snappy")
            request.headers.add(name: "Content-Type", value: "application/x-protobuf")
            request.headers.add(name: "X-Prometheus-Remote-Write-Version", value: "0.1.0")
            request.headers.add(name: "User-Agent", value: "RemoteWriteLoad")
            request.body = .bytes(bodies[chunk][step])
            let response = try await client.execute(request, timeout: .seconds(120))
            let answer = try await response.body.collect(upTo: 1 << 20)
            guard (200..<300).contains(response.status.code) else {
              throw SendFailure(status: response.status.code, body: String(buffer: answer).prefix(300).description)
            }
            dispatch.state.withLock { $0.completed[chunk] += 1 }
          }
        }
      }
      try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return SendResult(seconds: seconds, requests: total, samples: plan.sampleCount, waits: dispatch.waits.load(ordering: .relaxed))
  }
}
