// Property tests for the StatsD receiver path: random bytes and seeded mutations of valid
// datagrams never crash the parser or the aggregator, and every refusal names a line that exists.
import Ingest
import Testing
import WardenCore
import WardenTesting

@Suite struct StatsDFuzzTests {
  private static let seed = Array(
    """
    api.requests:1|c|@0.5|#env:prod,code:200
    temp:+3.5|g
    lat:12:15:300|ms|#route:/x
    users:alice|s
    _sc|db|0
    d:1e3|d|c:abc|T1700000000

    """.utf8)
  private static let interesting = Array(":|@#,.+-ecgmshdT_\n\r0123456789".utf8) + [0, 0xff, 0xc3, 0x80]

  @Test func randomBytesNeverCrash() {
    var random = SeededGenerator(seed: 0x57A7_5D00)
    var aggregator = StatsDAggregator()
    var parsed = StatsDParseResult()
    for _ in 0..<3000 {
      let count = Int.random(in: 0...300, using: &random)
      let bytes = (0..<count).map { _ in
        Bool.random(using: &random) ? Self.interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
      }
      check(bytes, aggregator: &aggregator, parsed: &parsed)
    }
    _ = aggregator.flush(atMs: 1)
  }

  @Test func mutatedDatagramsParseOrNameTheLine() {
    var random = SeededGenerator(seed: 0x57A7_5D01)
    var aggregator = StatsDAggregator()
    var parsed = StatsDParseResult()
    for iteration in 0..<4000 {
      var bytes = Self.seed
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        let position = Int.random(in: 0..<max(1, bytes.count), using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0 where !bytes.isEmpty: bytes[position] = Self.interesting.randomElement(using: &random)!
        case 1: bytes.insert(Self.interesting.randomElement(using: &random)!, at: min(position, bytes.count))
        default: if !bytes.isEmpty { bytes.remove(at: position) }
        }
      }
      check(bytes, aggregator: &aggregator, parsed: &parsed)
      if iteration % 100 == 0 {
        let batch = aggregator.flush(atMs: Int64(iteration))
        #expect(batch.samples.allSatisfy { Int($0.seriesIndex) < batch.series.count })
      }
    }
  }

  private func check(_ bytes: [UInt8], aggregator: inout StatsDAggregator, parsed: inout StatsDParseResult) {
    let lineCount = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
    bytes.withUnsafeBufferPointer { buffer in
      StatsDParser.parse(buffer, into: &parsed)
      let report = aggregator.add(parsed.lines, from: buffer)
      #expect(report.accepted + report.dropped == parsed.lines.count)
    }
    for error in parsed.errors {
      #expect(error.line >= 1 && error.line <= lineCount, "\(error)")
    }
    for line in parsed.lines {
      #expect(line.name.upperBound <= bytes.count && line.tags.upperBound <= bytes.count)
      #expect(line.value.isFinite && line.sampleRate > 0 && line.sampleRate <= 1)
    }
  }
}
