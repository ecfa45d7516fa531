// Bytes per sample of 120-sample XOR chunks for typical Prometheus series, printed for the
// record (docs and reviews quote these) and bounded loosely so a regression in the encoder shows.
import Codecs
import Testing

struct CompressionReportTests {
  typealias Generator = @Sendable (_ count: Int, _ seed: UInt64, _ jitterMs: Int64) -> [Sample]

  /// Average bytes per sample over 50 chunks of 120 samples, header included.
  private static func bytesPerSample(_ make: Generator, jitterMs: Int64) throws -> Double {
    var bytes = 0
    var samples = 0
    for seed in UInt64(100)..<150 {
      let series = make(120, seed, jitterMs)
      let encoder = encodeChunk(series)
      #expect(try decodeChunk(encoder.bytes) == series)
      bytes += encoder.byteCount
      samples += series.count
    }
    return Double(bytes) / Double(samples)
  }

  /// Name, then upper bounds (bytes per sample) with exact 15 s timestamps and with ±3 ms jitter.
  static let cases: [(name: String, limits: [Double], make: Generator)] = [
    ("(a) counter, irregular increments", [2.8, 3.5], { TestSeries.irregularCounter(count: $0, seed: $1, jitterMs: $2) }),
    ("(b) constant gauge", [0.5, 1.2], { TestSeries.constantGauge(count: $0, seed: $1, jitterMs: $2) }),
    ("(c) random-walk gauge, 2 decimals", [7.5, 8.2], { TestSeries.randomWalk(count: $0, seed: $1, jitterMs: $2) }),
    ("(d) node_cpu_seconds_total, idle", [6.8, 7.6], { TestSeries.cpuSeconds(count: $0, busy: 0.95, seed: $1, jitterMs: $2) }),
    ("(d) node_cpu_seconds_total, user", [6.3, 7.0], { TestSeries.cpuSeconds(count: $0, busy: 0.05, seed: $1, jitterMs: $2) }),
    ("(d) node_cpu_seconds_total, steal", [0.5, 1.2], { TestSeries.cpuSeconds(count: $0, busy: 0, seed: $1, jitterMs: $2) }),
  ]

  @Test(arguments: cases)
  func report(name: String, limits: [Double], make: Generator) throws {
    let exact = try Self.bytesPerSample(make, jitterMs: 0)
    let jittered = try Self.bytesPerSample(make, jitterMs: 3)
    func format(_ value: Double) -> String { "\((value * 100).rounded() / 100)" }
    print("XOR chunk of 120, \(name): \(format(exact)) bytes/sample (exact 15 s), \(format(jittered)) (±3 ms jitter)")
    #expect(exact < limits[0])
    #expect(jittered < limits[1])
  }
}
