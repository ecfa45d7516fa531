// The label-set cache's table against the standard Dictionary: the same answers after random
// stores, overwrites, growth and emptying, with keys that crowd a few slots.
@testable import Ingest
import Testing
import WardenTesting

struct HashKeyedTableTests {
  @Test func answersAsADictionaryWould() {
    var generator = SeededGenerator(seed: 0x484b_5442)
    var table = HashKeyedTable<Int>()
    var reference: [UInt64: Int] = [:]
    for round in 0..<20 {
      for step in 0..<Int.random(in: 1...3_000, using: &generator) {
        // Every third round, keys that differ only in their high bits: all in one probe run.
        let key = round % 3 == 0 ? UInt64.random(in: 1...500, using: &generator) << 40 : UInt64.random(in: 1...5_000, using: &generator)
        table.set(key, step)
        reference[key] = step
      }
      #expect(table.count == reference.count)
      for (key, value) in reference { #expect(table[key] == value) }
      for _ in 0..<500 {
        let key = UInt64.random(in: 1...5_000, using: &generator)
        #expect(table[key] == reference[key])
      }
      if round % 4 == 3 {
        table.removeAll()
        reference.removeAll()
        #expect(table.count == 0)
        #expect(table[1] == nil)
      }
    }
  }
}
