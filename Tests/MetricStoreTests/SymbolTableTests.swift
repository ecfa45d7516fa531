// The head's symbol table: each distinct string is kept once while any series uses it, freed with
// the last one, and its id reused; series read their labels back exactly, also while other
// threads create and drop series around them.
import Foundation
@testable import MetricStore
import Testing
import WardenCore

@Suite struct SymbolTableTests {
  private func series(_ id: SeriesID, _ labels: Labels, _ symbols: SymbolTable) throws -> MemSeries {
    try #require(MemSeries.make(id: id, owner: 0, labels: labels, symbols: symbols))
  }

  @Test func sharedStringsAreStoredOnceAndFreedWithTheirLastSeries() throws {
    let symbols = SymbolTable()
    let long = String(repeating: "v", count: 100)  // a heap string, not a small inline one
    var one: MemSeries? = try series(0, labels(["__name__": "up", "job": "node", "path": long]), symbols)
    var two: MemSeries? = try series(1, labels(["__name__": "up", "job": "api"]), symbols)
    // __name__, up, job, node, path, the long value, api.
    #expect(symbols.count == 7)
    #expect(one?.labels == labels(["__name__": "up", "job": "node", "path": long]))
    #expect(two?.labels == labels(["__name__": "up", "job": "api"]))

    one = nil
    // node, path and the long value went with the only series that used them.
    #expect(symbols.count == 4)
    #expect(two?.labels == labels(["__name__": "up", "job": "api"]))
    // Freed ids are reused: the table does not grow for strings it no longer holds.
    let three = try series(2, labels(["__name__": "down", "zone": "b", "job": "api"]), symbols)
    // down, zone and b join __name__, up, job and api.
    #expect(symbols.count == 7)
    #expect(three.labels == labels(["__name__": "down", "job": "api", "zone": "b"]))
    two = nil
    #expect(symbols.count == 6)  // up is gone
    #expect(three.labels == labels(["__name__": "down", "job": "api", "zone": "b"]))
    _ = two
  }

  @Test func aStringUsedAsNameAndValueIsCountedTwice() throws {
    let symbols = SymbolTable()
    var first: MemSeries? = try series(0, labels(["__name__": "job", "job": "job"]), symbols)
    let second = try series(1, labels(["__name__": "job"]), symbols)
    #expect(symbols.count == 2)
    first = nil
    _ = first
    #expect(symbols.count == 2)
    #expect(second.labels == labels(["__name__": "job"]))
  }

  @Test func labelsAreComparedInPlaceExactly() throws {
    let symbols = SymbolTable()
    let stored = try series(0, labels(["__name__": "up", "instance": "host-a:9100"]), symbols)
    #expect(stored.hasLabels(labels(["__name__": "up", "instance": "host-a:9100"])))
    #expect(!stored.hasLabels(labels(["__name__": "up", "instance": "host-a:9101"])))
    #expect(!stored.hasLabels(labels(["__name__": "up"])))
    #expect(!stored.hasLabels(labels(["__name__": "up", "instance": "host-a:9100", "job": "x"])))
    var seen: [String] = []
    let all = stored.labelsMatch(count: 2) { index, name, value in
      seen.append("\(index) \(String(decoding: name, as: UTF8.self))=\(String(decoding: value, as: UTF8.self))")
      return true
    }
    #expect(all)
    #expect(seen == ["0 __name__=up", "1 instance=host-a:9100"])
    #expect(!stored.labelsMatch(count: 3) { _, _, _ in true })
    #expect(!stored.labelsMatch(count: 2) { index, _, _ in index == 0 })
  }

  /// Segments fill and new ones are allocated; every id still reads back its own string.
  @Test func manySymbolsSpanSegments() throws {
    let symbols = SymbolTable()
    let count = SymbolTable.segmentSize + 100
    var all: [MemSeries] = []
    for n in 0..<count / 2 {
      all.append(try series(SeriesID(n), labels(["__name__": "m", "a": "value-\(2 * n)", "b": "value-\(2 * n + 1)"]), symbols))
    }
    // Every value, and __name__, m, a and b.
    #expect(symbols.count == count + 4)
    for (n, one) in all.enumerated() {
      #expect(one.labels == labels(["__name__": "m", "a": "value-\(2 * n)", "b": "value-\(2 * n + 1)"]))
    }
  }

  /// Readers compare labels without a lock while other threads create and drop series that share
  /// and free symbols (run under the thread sanitizer, this is the proof of the lock-free reads).
  @Test func readersRaceWritersSafely() async throws {
    let symbols = SymbolTable()
    let stable = try (0..<200).map { n in
      try series(SeriesID(n), labels(["__name__": "stable", "instance": "host-\(n)", "job": "node"]), symbols)
    }
    await withTaskGroup(of: Int.self) { group in
      for worker in 0..<2 {
        group.addTask {
          // Churn: series made and dropped at once, sharing "job"/"node" with the stable ones.
          for n in 0..<5_000 {
            let churned = MemSeries.make(
              id: SeriesID(1_000 + n), owner: 0,
              labels: labels(["__name__": "churn", "instance": "w\(worker)-\(n)", "job": "node"]), symbols: symbols)
            _ = churned?.labelCount
          }
          return 0
        }
      }
      for _ in 0..<2 {
        group.addTask {
          var wrong = 0
          for _ in 0..<50 {
            for (n, one) in stable.enumerated() where !one.hasLabels(labels(["__name__": "stable", "instance": "host-\(n)", "job": "node"])) {
              wrong += 1
            }
          }
          return wrong
        }
      }
      var wrong = 0
      for await result in group { wrong += result }
      #expect(wrong == 0)
    }
    // Only the stable series' symbols are left: __name__, stable, instance, 200 hosts, job, node.
    #expect(symbols.count == 205)
  }
}
