// Property test: seeded random mutations of valid pages never crash or hang the parser; each one
// either parses or throws an error whose line and column are inside the input.

import Ingest
import Testing
import WardenTesting

struct ExpositionFuzzTests {
  private static let seeds: [(String, ExpositionFormat)] = [
    (
      """
      # HELP http_requests_total Requests.\\n
      # TYPE http_requests_total counter
      http_requests_total{method="post",code="200"} 1027 1395066363000
      http_requests_total{method="get" , code="400",} 3
      # TYPE rpc summary
      rpc{quantile="0.5"} 0.1
      rpc_sum 5
      rpc_count 7
      x{a="\\"q\\"\\n\\\\"} -Inf

      """, .prometheusText
    ),
    (
      """
      # TYPE a counter
      # HELP a help
      a_total{foo="bar # "} 1 123.5 # {id="x"} 0.5 1
      # TYPE h histogram
      h_bucket{le="1"} 1
      h_bucket{le="+Inf"} 2 # {a="b"} 3
      h_sum 2
      h_count 2
      # TYPE s stateset
      s{s="on"} 1
      # EOF

      """, .openMetrics
    ),
  ]

  private static let interesting: [UInt8] = Array("#{}=\",\\ \t\n+-.eE0123456789_aINf".utf8) + [0, 0xff, 0xc3]

  @Test(arguments: 0..<2)
  func mutatedPagesParseOrThrowWithPosition(seedIndex: Int) {
    let (text, format) = Self.seeds[seedIndex]
    let original = Array(text.utf8)
    #expect(throws: Never.self) { try ExpositionParser.parse(original, format: format) }
    var random = SeededGenerator(seed: 0x5EED_0000 + UInt64(seedIndex))
    for iteration in 0..<4000 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        mutate(&bytes, using: &random)
      }
      do {
        let result = try ExpositionParser.parse(bytes, format: format)
        #expect(result.samples.count <= bytes.count, "iteration \(iteration)")
      } catch {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        #expect(error.line >= 1 && error.line <= lines + 1, "iteration \(iteration): \(error)")
        #expect(error.column >= 1, "iteration \(iteration): \(error)")
      }
    }
  }

  private func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
    guard !bytes.isEmpty else {
      bytes.append(Self.interesting.randomElement(using: &random)!)
      return
    }
    let index = Int.random(in: 0..<bytes.count, using: &random)
    switch Int.random(in: 0..<5, using: &random) {
    case 0: bytes[index] = Self.interesting.randomElement(using: &random)!
    case 1: bytes.insert(Self.interesting.randomElement(using: &random)!, at: index)
    case 2: bytes.remove(at: index)
    case 3: bytes[index] = UInt8.random(in: 0...255, using: &random)
    default:
      // Duplicate a random slice: repeated lines, labels and metadata.
      let end = min(bytes.count, index + Int.random(in: 1...40, using: &random))
      bytes.insert(contentsOf: bytes[index..<end], at: Int.random(in: 0...bytes.count, using: &random))
    }
  }
}
