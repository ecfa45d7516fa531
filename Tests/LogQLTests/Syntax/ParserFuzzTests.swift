// Hostile input: random bytes and mutations of valid queries never crash the parser; each input
// gives a query or a parse error positioned inside the text, and whatever parses also prints to
// text that parses to the same tree.
import LogQL
import PromQL
import Testing
import WardenTesting

@Suite struct ParserFuzzTests {
  /// Bytes LogQL gives meaning to, so random input reaches deep into the grammar.
  static let alphabet: [UInt8] = Array("{}()[],=!~|<>+-*/%^\"`\\# \n\t.0123456789abcjsonlgfmtrexpuwybdkKMBiµ_".utf8)
    + [0xC3, 0xA9, 0xFF, 0x00]

  static let fragments: [String] = [
    "{", "}", "(", ")", "[5m]", "[", "]", ",", "|", "|=", "|~", "!=", "!~", "=", "=~", "==", ">", ">=", " or ", " and ",
    " unless ", "\"x\"", "`y`", "\"", "json", "logfmt", "--strict", "unwrap", "bytes(", "duration(", "ip(\"1.2.3.4\")",
    "rate(", "sum by (a) ", "topk(2, ", "offset 1h", "250ms", "2KB", "-", "1e3", "by", "without", "bool", "on ()",
    "group_left", "#", "\n", "label_replace(", "vector(1)", "__error__=\"\"", "(?P<a>x)", "<a>",
  ]

  @Test func randomBytesNeverCrash() {
    var generator = SeededGenerator(seed: 0x10_6C_51)
    for _ in 0..<3000 {
      let length = Int.random(in: 0..<80, using: &generator)
      var bytes: [UInt8] = []
      for _ in 0..<length {
        if Bool.random(using: &generator) {
          bytes.append(Self.alphabet.randomElement(using: &generator)!)
        } else {
          bytes.append(UInt8.random(in: 0...255, using: &generator))
        }
      }
      check(String(decoding: bytes, as: UTF8.self))
    }
  }

  @Test func mutatedQueriesNeverCrash() {
    var generator = SeededGenerator(seed: 0x51_0C_A1)
    let seeds = ValidQueryTests.logQueries + ValidQueryTests.metricQueries
    var parsed = 0
    for _ in 0..<6000 {
      var bytes = Array(seeds.randomElement(using: &generator)!.utf8)
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        mutate(&bytes, using: &generator)
      }
      if check(String(decoding: bytes, as: UTF8.self)) { parsed += 1 }
    }
    // Many mutants stay valid, so the printer and re-parse are exercised on odd shapes too.
    #expect(parsed > 500)
  }

  @Test(arguments: [
    #"{a=~""# + String(repeating: "[", count: 20000) + #""}"#,
    #"{a=~""# + String(repeating: "(?:", count: 20000) + #""}"#,
    #"{a="x"} |~ ""# + String(repeating: "(", count: 20000) + String(repeating: ")", count: 20000) + #"""#,
    #"{a="x"} | regexp ""# + String(repeating: "(?P<a>", count: 5000) + #"""#,
    #"{a="x"} |~ ""# + String(repeating: "a*", count: 20000) + #"""#,
    #"{a="x"} | pattern ""# + String(repeating: "<a> ", count: 20000) + #"""#,
    #"{a="x"} | json "# + Array(repeating: "a", count: 20000).joined(separator: ", "),
    #"{a="x"}"# + String(repeating: #" |= "x""#, count: 10000),
  ])
  func hostilePatternsAreRefusedOrParsed(_ query: String) {
    check(query)
  }

  private func mutate(_ bytes: inout [UInt8], using generator: inout SeededGenerator) {
    let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
    switch Int.random(in: 0..<5, using: &generator) {
    case 0:  // delete a span
      guard position < bytes.count else { return }
      let end = min(bytes.count, position + Int.random(in: 1...6, using: &generator))
      bytes.removeSubrange(position..<end)
    case 1:  // insert a fragment
      bytes.insert(contentsOf: Array(Self.fragments.randomElement(using: &generator)!.utf8), at: position)
    case 2:  // replace one byte
      guard position < bytes.count else { return }
      bytes[position] = Self.alphabet.randomElement(using: &generator)!
    case 3:  // duplicate a span
      guard position < bytes.count else { return }
      let end = min(bytes.count, position + Int.random(in: 1...12, using: &generator))
      bytes.insert(contentsOf: Array(bytes[position..<end]), at: end)
    default:  // truncate
      bytes.removeSubrange(position..<bytes.count)
    }
  }

  /// Whether the query parsed.
  @discardableResult
  private func check(_ query: String) -> Bool {
    switch LogQLParser.parseResult(query) {
    case .success(let parsed):
      let printed = LogQLPrinter.format(parsed)
      switch LogQLParser.parseResult(printed) {
      case .success(let again):
        #expect(LogQLPrinter.format(again) == printed, "\(query) -> \(printed)")
      case .failure(let error):
        Issue.record("printed form does not parse: \(query) -> \(printed): \(error.message)")
      }
      return true
    case .failure(let error):
      #expect(error.kind == .parse)
      #expect(!error.message.isEmpty)
      let position = error.position
      #expect(position != nil, "\(query): \(error.message)")
      if let position {
        #expect(position.start >= 0 && position.start <= query.utf8.count, "\(query): \(error.message)")
        #expect(position.end >= position.start, "\(query): \(error.message)")
      }
      _ = error.rendered(in: query)
      return false
    }
  }
}
