// Random batches (streams, out-of-order timestamps, metadata, flushes, restarts) against an
// in-memory model: every read, in both directions and any range, must equal the model's answer.
import Foundation
@testable import LogStore
import Testing
import WardenCore
import WardenTesting

@Suite struct LogStorePropertyTests {
  struct ModelRecord {
    var labels: Labels
    var timestampNs: Int64
    var line: String
    var arrival: Int
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func readsMatchAnInMemoryModel(seed: UInt64) async throws {
    var generator = SeededGenerator(seed: seed)
    var options = LogStoreOptions()
    options.blockTargetBytes = Int.random(in: 64...2048, using: &generator)
    let directory = temporaryLogDirectory()
    var store = try openStore(directory, options: options)
    let streams = (0..<5).map { streamLabels(["job": "j\($0 % 3)", "host": "h\($0)"]) }
    var model: [ModelRecord] = []
    for round in 0..<12 {
      var batch = LogBatch()
      for _ in 0..<Int.random(in: 1...80, using: &generator) {
        let labels = streams[Int.random(in: 0..<streams.count, using: &generator)]
        let timestamp = baseNs + Int64.random(in: 0..<5_000, using: &generator)
        let line = "r\(round) " + String(repeating: "x", count: Int.random(in: 0...60, using: &generator)) + " \(model.count)"
        batch.append(stream: labels, timestampNs: timestamp, line: line)
        model.append(ModelRecord(labels: labels, timestampNs: timestamp, line: line, arrival: model.count))
      }
      let report = try await store.append(batch)
      #expect(report.acceptedRecords == batch.count)
      switch Int.random(in: 0..<4, using: &generator) {
      case 0: try await store.flush()
      case 1:
        store.close()
        store = try openStore(directory, options: options)
      default: break
      }
      try check(store, model, &generator)
    }
    store.close()
  }

  private func check(_ store: LogStore, _ model: [ModelRecord], _ generator: inout SeededGenerator) throws {
    for _ in 0..<4 {
      let start = baseNs + Int64.random(in: -10..<5_000, using: &generator)
      let end = start + Int64.random(in: 1...6_000, using: &generator)
      let job = "j\(Int.random(in: 0..<3, using: &generator))"
      let direction: LogDirection = Bool.random(using: &generator) ? .forward : .backward
      let got = try readAll(store, [matcher(.equal, "job", job)], startNs: start, endNs: end, direction: direction)
      var expected: [String] = []
      let selected = model.filter { $0.labels["job"] == job && $0.timestampNs >= start && $0.timestampNs < end }
      for labels in Set(selected.map(\.labels)).sorted() {
        var records = selected.filter { $0.labels == labels }.sorted { ($0.timestampNs, $0.arrival) < ($1.timestampNs, $1.arrival) }
        if direction == .backward { records.reverse() }
        expected += records.map { "\(labels) \($0.timestampNs) \($0.line)" }
      }
      #expect(got.map { "\($0.labels) \($0.timestampNs) \($0.line)" } == expected)
    }
  }
}
