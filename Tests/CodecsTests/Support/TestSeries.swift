// Synthetic series shaped like real Prometheus data, for round trips and the compression report.
// All are deterministic for a given seed.
import WardenTesting

/// Generators of realistic and adversarial sample sequences.
enum TestSeries {
  static let start: Int64 = 1_700_000_000_000
  static let interval: Int64 = 15_000

  /// Scrape timestamps every 15 s, each off its slot by up to `jitterMs` either way.
  static func scrapeTimestamps(count: Int, jitterMs: Int64 = 3, seed: UInt64 = 1) -> [Int64] {
    var random = SeededGenerator(seed: seed)
    return (0..<count).map { index in
      let jitter = jitterMs == 0 ? 0 : Int64.random(in: -jitterMs...jitterMs, using: &random)
      return start + Int64(index) * interval + jitter
    }
  }

  /// (a) A request counter growing by an irregular whole number each scrape.
  static func irregularCounter(count: Int, seed: UInt64 = 2, jitterMs: Int64 = 3) -> [Sample] {
    var random = SeededGenerator(seed: seed)
    var value = 1_234_567.0
    return scrapeTimestamps(count: count, jitterMs: jitterMs, seed: seed).map { timestamp in
      value += Double(Int.random(in: 0...400, using: &random))
      return Sample(timestampMs: timestamp, value: value)
    }
  }

  /// (b) A gauge that never changes.
  static func constantGauge(count: Int, seed: UInt64 = 3, jitterMs: Int64 = 3) -> [Sample] {
    scrapeTimestamps(count: count, jitterMs: jitterMs, seed: seed).map { Sample(timestampMs: $0, value: 8.0) }
  }

  /// (c) A gauge taking a random walk, rounded to 2 decimals (temperatures, load, percentages).
  static func randomWalk(count: Int, seed: UInt64 = 4, jitterMs: Int64 = 3) -> [Sample] {
    var random = SeededGenerator(seed: seed)
    var cents = 5_000
    return scrapeTimestamps(count: count, jitterMs: jitterMs, seed: seed).map { timestamp in
      cents += Int.random(in: -50...50, using: &random)
      return Sample(timestampMs: timestamp, value: Double(cents) / 100)
    }
  }

  /// (d) node_exporter's `node_cpu_seconds_total` for one CPU and mode: USER_HZ ticks / 100,
  /// so hundredths of a second, growing by `busy` (0…1) of each 15 s interval plus noise.
  static func cpuSeconds(count: Int, busy: Double, seed: UInt64, jitterMs: Int64 = 3) -> [Sample] {
    var random = SeededGenerator(seed: seed)
    var ticks = Int(Double.random(in: 1_000_000...90_000_000, using: &random))
    let perScrape = Int(busy * 1_500)
    return scrapeTimestamps(count: count, jitterMs: jitterMs, seed: seed).map { timestamp in
      let noise = perScrape / 10
      ticks += max(0, perScrape + Int.random(in: -noise...noise, using: &random))
      return Sample(timestampMs: timestamp, value: Double(ticks) / 100)
    }
  }

  /// Doubles that stress the value encoding: NaNs, infinities, zeros, extremes.
  static let edgeValues: [Double] = [
    0.0, -0.0, 1.0, -1.0, .nan, -Double.nan, Double(bitPattern: 0x7FF8_0000_DEAD_BEEF),
    Double(bitPattern: 0x7FF0_0000_0000_0002), Double(bitPattern: 0xFFF0_0000_0000_0001),
    .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
    .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, .ulpOfOne, .pi,
    1e300, -1e-300, 0.1, 1.0 / 3.0,
  ]

  /// Uniformly random 64-bit patterns: the worst case for XOR compression.
  static func randomBitValues(count: Int, seed: UInt64) -> [Double] {
    var random = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Double(bitPattern: random.next()) }
  }

  /// Uniformly random timestamps over the whole Int64 range: every delta shape at once.
  static func randomTimestamps(count: Int, seed: UInt64) -> [Int64] {
    var random = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Int64(bitPattern: random.next()) }
  }
}
