// The head's series lookup by `LabelsWireHash`: equal label sets hash equally however they were built,
// and label sets that share a hash are still told apart by their labels.
@testable import MetricStore
import Testing
import WardenCore
import WardenTesting

@Suite struct SeriesStripeMapTests {
  @Test func equalLabelSetsHashEquallyAndBoundariesMatter() {
    let long = String(repeating: "x", count: 40)
    let first = Labels([Label("__name__", "node_cpu_seconds_total"), Label("mode", long), Label("cpu", "0")])
    // Built again from fresh strings, in another order.
    let again = Labels([Label("cpu", String("0")), Label("mode", String(repeating: "x", count: 40)), Label("__name__", "node_cpu_" + "seconds_total")])
    #expect(LabelsWireHash.of(first) == LabelsWireHash.of(again))
    // The same bytes split differently between name and value, or between labels.
    #expect(LabelsWireHash.of(Labels([Label("ab", "c")])) != LabelsWireHash.of(Labels([Label("a", "bc")])))
    #expect(LabelsWireHash.of(Labels([Label("a", "b"), Label("c", "d")])) != LabelsWireHash.of(Labels([Label("a", "bc"), Label("d", "d")])))
  }

  @Test func twentyThousandDistinctLabelSetsDoNotCollide() {
    var hashes = Set<UInt64>()
    for n in 0..<20_000 {
      let value = "host-\(n &* 7919 % 100_003).example.internal:9100"
      hashes.insert(LabelsWireHash.of(Labels([Label("__name__", "m\(n % 7)"), Label("id", value), Label("n", "\(n)")])))
    }
    #expect(hashes.count == 20_000)
  }

  @Test func seriesSharingAHashAreToldApartByLabels() throws {
    let symbols = SymbolTable()
    let one = try #require(MemSeries.make(id: 0, owner: 0, labels: Labels([Label("__name__", "one")]), symbols: symbols))
    let two = try #require(MemSeries.make(id: 1, owner: 0, labels: Labels([Label("__name__", "two")]), symbols: symbols))
    let hash: UInt64 = 42  // forced collision
    var map = SeriesStripeMap()
    map.insert(one, hash: hash)
    map.insert(two, hash: hash)
    #expect(map.find(one.labels, hash: hash) === one)
    #expect(map.find(two.labels, hash: hash) === two)
    #expect(map.find(Labels([Label("__name__", "three")]), hash: hash) == nil)
    #expect(map.allSeries.count == 2)

    map.remove(one, hash: hash)
    #expect(map.find(one.labels, hash: hash) == nil)
    #expect(map.find(two.labels, hash: hash) === two)
    map.remove(two, hash: hash)
    #expect(map.find(two.labels, hash: hash) == nil)
    #expect(map.allSeries.isEmpty)
  }

  /// Random inserts and removals against a plain dictionary, with hashes from a small set so that
  /// probe runs cluster, wrap around the table and share hashes: every series stays findable, and
  /// removed ones are gone (backward-shift deletion keeps the runs intact), across growth.
  @Test func insertsAndRemovalsAgreeWithADictionary() throws {
    let symbols = SymbolTable()
    var generator = SeededGenerator(seed: 0x5717_0001)
    var map = SeriesStripeMap()
    var expected: [Int: (series: MemSeries, hash: UInt64)] = [:]
    for step in 0..<6_000 {
      if !expected.isEmpty, Int.random(in: 0..<3, using: &generator) == 0 {
        let key = expected.keys.randomElement(using: &generator)!
        let (series, hash) = expected.removeValue(forKey: key)!
        map.remove(series, hash: hash)
      } else {
        // Low bits pick the slot; few distinct values collide often.
        let hash = UInt64.random(in: 0..<64, using: &generator)
        let series = try #require(MemSeries.make(id: SeriesID(step), owner: 0, labels: Labels([Label("__name__", "s\(step)")]), symbols: symbols))
        map.insert(series, hash: hash)
        expected[step] = (series, hash)
      }
      if step % 500 == 0 || step == 5_999 {
        #expect(map.count == expected.count)
        for (step, entry) in expected {
          #expect(map.find(Labels([Label("__name__", "s\(step)")]), hash: entry.hash) === entry.series)
        }
        #expect(Set(map.allSeries.map(ObjectIdentifier.init)) == Set(expected.values.map { ObjectIdentifier($0.series) }))
      }
    }
  }
}
