// The live-tail fan-out: matching streams only, and a subscriber that stops reading is cut off
// with a reason instead of queueing without bound.
import Server
import Testing
import WardenCore

@Suite struct LogTailHubTests {
  private func batch(_ lines: [(job: String, line: String)]) -> LogBatch {
    var batch = LogBatch()
    for (index, entry) in lines.enumerated() {
      batch.append(stream: Labels(["job": entry.job]), timestampNs: Int64(index), line: entry.line)
    }
    return batch
  }

  @Test func subscribersReceiveOnlyMatchingStreams() async throws {
    let hub = LogTailHub()
    let subscription = hub.subscribe(matchers: [try LabelMatcher(.equal, "job", "api")])
    hub.publish(batch([("db", "ignored"), ("api", "GET /a"), ("api", "GET /b")]))
    hub.publish(batch([("db", "also ignored")]))
    hub.publish(batch([("api", "GET /c")]))
    hub.unsubscribe(subscription.id)
    var lines: [String] = []
    for await received in subscription.batches {
      #expect(received.streams == [Labels(["job": "api"])])
      lines += (0..<received.count).map { received.records.line($0) }
    }
    #expect(lines == ["GET /a", "GET /b", "GET /c"])
    #expect(hub.subscriberCount == 0)
  }

  @Test func aSubscriberThatDoesNotReadIsCutOffWithAReason() async throws {
    let hub = LogTailHub(maxQueuedBatches: 4)
    let slow = hub.subscribe(matchers: [try LabelMatcher(.regexMatch, "job", ".+")])
    for round in 0..<10 { hub.publish(batch([("api", "line \(round)")])) }
    #expect(hub.endReason(slow.id) == .tooSlow(queuedBatches: 4))
    #expect(hub.subscriberCount == 0)
    var received = 0
    for await _ in slow.batches { received += 1 }
    #expect(received == 4)
  }
}
