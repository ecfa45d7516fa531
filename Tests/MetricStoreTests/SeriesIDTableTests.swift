// The WAL's series-id table against the standard Dictionary: the same answers after random
// stores, overwrites, growth and emptying, including ids whose hashes collide in a small table.
@testable import MetricStore
import Testing
import WardenTesting

struct SeriesIDTableTests {
  @Test func answersAsADictionaryWould() {
    var generator = SeededGenerator(seed: 0x5349_4454)
    var table = SeriesIDTable(placeholder: -1)
    var reference: [UInt32: Int] = [:]
    for round in 0..<20 {
      // Dense ids (as the store makes them) and sparse ones, so probing runs are long at times.
      let range: ClosedRange<UInt32> = round % 2 == 0 ? 0...2_000 : 0...(UInt32.max - 1)
      for step in 0..<Int.random(in: 1...3_000, using: &generator) {
        let key = UInt32.random(in: range, using: &generator)
        table[key] = step
        reference[key] = step
      }
      #expect(table.count == reference.count)
      for (key, value) in reference { #expect(table[key] == value) }
      for _ in 0..<500 {
        let key = UInt32.random(in: range, using: &generator)
        #expect(table[key] == reference[key])
      }
      if round % 3 == 2 {
        table.removeAll()
        reference.removeAll()
        #expect(table.isEmpty)
        #expect(table[0] == nil)
      }
    }
  }
}
