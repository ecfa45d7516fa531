// Seeded random checks of kernel invariants: label_replace templates and patterns never crash,
// natural order is a consistent order, quantiles are monotonic in φ, compensated aggregation
// agrees with exact small-integer arithmetic, and rate never extrapolates below zero.
import Testing
import WardenCore
import WardenTesting
@testable import PromQL

@Suite struct KernelPropertyTests {
  private static let alphabet: [Character] = Array("ab01_$.{}()*+?|[]\\^-x9 é")

  private func randomText(_ generator: inout SeededGenerator, maxLength: Int) -> String {
    let length = Int.random(in: 0...maxLength, using: &generator)
    return String((0..<length).map { _ in Self.alphabet.randomElement(using: &generator)! })
  }

  @Test func randomTemplatesAndPatternsNeverCrash() {
    var generator = SeededGenerator(seed: 0x5EED_0001)
    let labels = Labels(["src": "a0_b$1", "dst": "x"])
    for _ in 0..<2000 {
      let pattern = randomText(&generator, maxLength: 8)
      let template = randomText(&generator, maxLength: 10)
      switch Result(catching: { () throws(LabelFunctionError) -> Labels in
        try LabelFunctions.replace(labels, destination: "dst", replacement: template, source: "src", regex: pattern)
      }) {
      case .success(let result):
        // Only the destination can change.
        #expect(result.removing(["dst"]) == labels.removing(["dst"]))
      case .failure(let error):
        #expect(error.message == "invalid regular expression in label_replace(): \(pattern)")
      }
    }
  }

  @Test func templateWithoutDollarIsLiteral() {
    var generator = SeededGenerator(seed: 0x5EED_0002)
    for _ in 0..<500 {
      let template = String(randomText(&generator, maxLength: 12).filter { $0 != "$" })
      let result = ExpansionTemplate(template).expand(group: { $0 == 0 ? "whole" : nil }, named: { _ in nil as String? })
      #expect(result == template)
    }
  }

  @Test func naturalOrderIsAntisymmetricAndTransitive() {
    var generator = SeededGenerator(seed: 0x5EED_0003)
    let pieces = ["a", "b", "1", "2", "10", "x", "-", "99", "7"]
    func word() -> String {
      (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }
    let words = (0..<60).map { _ in word() }
    for a in words {
      for b in words where a != b {
        // Without leading zeros, distinct strings are strictly ordered one way.
        #expect(NaturalOrder.compare(a, b) == -NaturalOrder.compare(b, a), "\(a) \(b)")
      }
    }
    let sorted = words.sorted { NaturalOrder.compare($0, $1) < 0 }
    for (earlier, later) in zip(sorted, sorted.dropFirst()) {
      #expect(NaturalOrder.compare(earlier, later) <= 0)
    }
  }

  @Test func quantileIsMonotonicInPhi() {
    var generator = SeededGenerator(seed: 0x5EED_0004)
    for _ in 0..<200 {
      var values = (0..<Int.random(in: 1...20, using: &generator)).map { _ in Double.random(in: -100...100, using: &generator) }
      var previous = -Double.infinity
      for step in 0...20 {
        let q = Double(step) / 20
        let value = Quantile.of(q, &values)
        #expect(value >= previous - 1e-9)
        previous = value
      }
      #expect(Quantile.of(0, &values) == values.min())
      #expect(Quantile.of(1, &values) == values.max())
    }
  }

  @Test func aggregationMatchesExactIntegerArithmetic() {
    var generator = SeededGenerator(seed: 0x5EED_0005)
    for _ in 0..<200 {
      let integers = (0..<Int.random(in: 1...30, using: &generator)).map { _ in Int.random(in: -1000...1000, using: &generator) }
      let values = integers.map(Double.init)
      var sum = AggregationAccumulator(kind: .sum, first: values[0])
      var average = AggregationAccumulator(kind: .avg, first: values[0])
      var minimum = AggregationAccumulator(kind: .min, first: values[0])
      var maximum = AggregationAccumulator(kind: .max, first: values[0])
      var count = AggregationAccumulator(kind: .count, first: values[0])
      for value in values.dropFirst() {
        sum.add(value)
        average.add(value)
        minimum.add(value)
        maximum.add(value)
        count.add(value)
      }
      let total = integers.reduce(0, +)
      #expect(sum.result == Double(total))
      #expect(close(average.result, Double(total) / Double(integers.count), tolerance: 1e-12) || (total == 0 && Swift.abs(average.result) < 1e-12))
      #expect(minimum.result == Double(integers.min()!))
      #expect(maximum.result == Double(integers.max()!))
      #expect(count.result == Double(integers.count))
      // The over-time variants agree with the aggregation operators.
      let (overTimeSum, overTimeVariance) = values.withUnsafeBufferPointer { (OverTime.sum($0), OverTime.variance($0)) }
      #expect(overTimeSum == sum.result)
      #expect(close(overTimeVariance, AggregationAccumulator.variance(of: values), tolerance: 1e-9) || overTimeVariance < 1e-9)
    }
  }

  @Test func increaseNeverExtrapolatesBelowZero() {
    var generator = SeededGenerator(seed: 0x5EED_0006)
    for _ in 0..<500 {
      let count = Int.random(in: 2...12, using: &generator)
      var timestamp = Int64.random(in: 1...60_000, using: &generator)
      var value = Double.random(in: 0...50, using: &generator)
      var timestamps: [Int64] = []
      var values: [Double] = []
      for _ in 0..<count {
        timestamps.append(timestamp)
        values.append(value)
        timestamp += Int64.random(in: 1...30_000, using: &generator)
        value += Double.random(in: 0...10, using: &generator)
      }
      let window = SeriesFixture.window(timestampsMs: timestamps, values: values, startMs: 0, endMs: timestamp)
      let increase = outcome(.increase, window)!
      // Extrapolation only adds: towards the start never past the counter's zero (at most the
      // first value), towards the end at most 1.1 average intervals' worth of the slope.
      let rise = values.last! - values.first!
      let sampled = Double(timestamps.last! - timestamps.first!)
      let averageInterval = sampled / Double(count - 1)
      #expect(increase >= rise - 1e-9)
      #expect(increase <= rise + values.first! + rise * 1.1 * averageInterval / sampled + 1e-6)
    }
  }
}

extension AggregationAccumulator {
  /// stdvar through the aggregation operator, for comparing with stdvar_over_time.
  fileprivate static func variance(of values: [Double]) -> Double {
    var accumulator = AggregationAccumulator(kind: .stdvar, first: values[0])
    for value in values.dropFirst() { accumulator.add(value) }
    return accumulator.result
  }
}
