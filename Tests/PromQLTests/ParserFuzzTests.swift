// Property tests for the parser with a seeded generator: random token soup and mutated valid
// queries either parse or fail with a ParseError whose position lies inside the query (never a
// trap), and generated well-typed queries parse, and their printed form reads back to the same tree.
import PromQL
import Testing
import WardenCore
import WardenTesting

private func checkParsesOrFails(_ query: String) {
  switch parseQuery(query) {
  case .success(let tree):
    switch parseQuery(tree.description) {
    case .success(let again): #expect(positionless(again) == positionless(tree), "\(query) -> \(tree.description)")
    case .failure(let error): Issue.record("printed form of \(query) does not parse: \(tree.description): \(error.message)")
    }
  case .failure(let error):
    #expect(!error.message.isEmpty)
    #expect(error.position.start >= 0 && error.position.start <= query.utf8.count, "\(query): \(error)")
  }
}

/// Builds random, well-typed PromQL text.
private struct QueryGenerator {
  var random: SeededGenerator

  mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &random)] }
  mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

  mutating func number() -> String {
    pick(["1", "0.5", "2e3", "0x1F", "1_000", "5m", "1h30m", "Inf", "NaN", ".25", "007", "3.", "1e-7", "42"])
  }

  mutating func labelName() -> String { pick(["job", "instance", "le", "on", "by", "sum", "\"a.b\"", "mode", "offset"]) }

  mutating func selector() -> String {
    var text = pick(["up", "http_requests_total", "node:cpu:rate5m", "sum", "offset", "{__name__=\"x.y\"}", "{job=\"a\"}", "min"])
    if !text.hasPrefix("{"), chance(50) {
      let ops = ["=", "!=", "=~", "!~"]
      let values = ["\"a\"", "'b\\n'", "`c.*`", "\"\\u00e9\"", "\"api|web\""]
      var matchers: [String] = []
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        matchers.append(labelName() + pick(ops) + pick(values))
      }
      text += "{" + matchers.joined(separator: ", ") + (chance(20) ? "," : "") + "}"
    }
    return text
  }

  mutating func modifiers() -> String {
    var text = ""
    if chance(25) { text += " offset " + pick(["5m", "-1h", "90", "1d2h"]) }
    if chance(20) { text += " @ " + pick(["100", "1.5", "start()", "end()", "-3"]) }
    return text
  }

  mutating func duration() -> String { pick(["5m", "1h", "30s", "90", "1m30s", "2.5", "1w"]) }

  mutating func grouping() -> String {
    let labels = (0..<Int.random(in: 0...2, using: &random)).map { _ in labelName() }
    return "(" + labels.joined(separator: ", ") + ")"
  }

  mutating func vector(_ depth: Int) -> String {
    let leaf = depth <= 0
    switch leaf ? Int.random(in: 0...1, using: &random) : Int.random(in: 0...11, using: &random) {
    case 0: return selector() + modifiers()
    case 1: return pick(["rate", "increase", "max_over_time", "changes"]) + "(" + selector() + "[" + duration() + "]" + modifiers() + ")"
    case 2: return pick(["sum", "avg", "max", "count", "group"]) + (chance(50) ? " by " : " without ") + grouping() + " (" + vector(depth - 1) + ")"
    case 3: return pick(["sum", "min"]) + "(" + vector(depth - 1) + ")" + (chance(50) ? " by " + grouping() : "")
    // Binary expressions are parenthesized so that precedence cannot pair a scalar with a
    // vector matching clause; precedence itself is covered by ParserTests.
    case 4: return "(" + vector(depth - 1) + " " + pick(["+", "-", "*", "/", "%", "^", "atan2", "==", "!=", ">", "<", ">=", "<="]) + binaryModifiers() + " " + vector(depth - 1) + ")"
    case 5: return "(" + vector(depth - 1) + " " + pick(["and", "or", "unless"]) + (chance(30) ? " on" + grouping() : "") + " " + vector(depth - 1) + ")"
    case 6: return "(" + vector(depth - 1) + " " + pick(["+", "*", "> bool", "<"]) + " " + scalar(depth - 1) + ")"
    case 7: return pick(["abs", "ceil", "sort", "timestamp"]) + "(" + vector(depth - 1) + ")"
    case 8: return "(" + vector(depth - 1) + ")"
    case 9: return pick(["-", "+"]) + vector(depth - 1)
    case 10: return pick(["topk", "bottomk", "quantile", "limitk"]) + "(" + scalar(depth - 1) + ", " + vector(depth - 1) + ")"
    default: return pick(["max_over_time", "avg_over_time"]) + "((" + vector(depth - 1) + ")[" + duration() + ":" + (chance(50) ? duration() : "") + "]" + modifiers() + ")"
    }
  }

  mutating func binaryModifiers() -> String {
    guard chance(40) else { return "" }
    var text = " " + pick(["on", "ignoring"]) + grouping()
    // The included labels differ from the matching labels (Prometheus refuses a label in both),
    // and are always written: `group_left (x)` would read a parenthesized operand as labels.
    if chance(40) { text += " " + pick(["group_left", "group_right"]) + pick(["()", "(extra)", "(\"x.y\", other)"]) }
    return text
  }

  mutating func scalar(_ depth: Int) -> String {
    if depth <= 0 { return number() }
    switch Int.random(in: 0...5, using: &random) {
    case 0: return number()
    case 1: return "scalar(" + vector(depth - 1) + ")"
    case 2: return "(" + scalar(depth - 1) + " " + pick(["+", "-", "*", "/", "^", "== bool", "< bool"]) + " " + scalar(depth - 1) + ")"
    case 3: return "(" + scalar(depth - 1) + ")"
    case 4: return pick(["-", "+"]) + scalar(depth - 1)
    default: return pick(["time()", "pi()"])
    }
  }
}

@Suite struct ParserFuzzTests {
  @Test func generatedQueriesParseAndPrintBackToTheSameTree() {
    var generator = QueryGenerator(random: SeededGenerator(seed: 0x9a75_e401))
    for _ in 0..<3000 {
      let query = generator.chance(70) ? generator.vector(4) : generator.scalar(4)
      guard case .success(let tree) = parseQuery(query) else {
        Issue.record("generated query does not parse: \(query): \(String(describing: renderedError(query)))")
        continue
      }
      switch parseQuery(tree.description) {
      case .success(let again): #expect(positionless(again) == positionless(tree), "\(query) -> \(tree.description)")
      case .failure(let error): Issue.record("\(tree.description): \(error.message)")
      }
      if case .success(let pretty) = parseQuery(tree.prettyFormatted()) {
        #expect(positionless(pretty) == positionless(tree), "pretty form of \(query)")
      } else {
        Issue.record("pretty form does not parse: \(tree.prettyFormatted())")
      }
    }
  }

  @Test func randomTokenSoupNeverTraps() {
    var random = SeededGenerator(seed: 0x50_0b)
    let pieces = [
      "sum", "by", "(", ")", "{", "}", "[", "]", ":", ",", "5m", "1", "0x", ".", "e", "\"a\"", "'", "`", "\\", "=", "=~", "!=", "!~",
      "offset", "@", "-", "+", "*", "/", "^", "and", "on", "group_left", "bool", "==", "rate", "x", "__name__", "#", "\n", " ",
      "start()", "end", "inf", "nan", "topk", "count_values", "é", "1e", "_", "[5m:]", "ignoring", "without", "<", ">=",
    ]
    for _ in 0..<20_000 {
      let count = Int.random(in: 0...14, using: &random)
      let query = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
      checkParsesOrFails(query)
    }
  }

  @Test func mutatedValidQueriesNeverTrap() {
    var random = SeededGenerator(seed: 0xbad_c0de)
    let seeds = ParserTests.printedForms.map(\.0)
    let alphabet = Array("(){}[]:,.\"'`\\=~!@-+*/^%<> \n#0123456789abcxyzemhsdwy_".utf8)
    for _ in 0..<20_000 {
      var bytes = Array(seeds[Int.random(in: 0..<seeds.count, using: &random)].utf8)
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0...3, using: &random) {
        case 0 where !bytes.isEmpty: bytes.remove(at: position)
        case 1: bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &random)], at: position)
        case 2 where !bytes.isEmpty: bytes[position] = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
        default:
          let end = min(bytes.count, position + Int.random(in: 1...6, using: &random))
          bytes.insert(contentsOf: bytes[position..<end], at: position)
        }
      }
      checkParsesOrFails(String(decoding: bytes, as: UTF8.self))
    }
  }
}
