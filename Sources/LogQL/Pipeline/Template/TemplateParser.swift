// Parses a LogQL template (Go text/template syntax, the subset Loki queries use) into nodes:
// `{{ .label }}`, `{{ f arg | g }}`, `( … )` sub-pipelines, string/raw-string/number/bool
// literals, `{{if}}/{{else if}}/{{else}}/{{end}}`, `{{- -}}` whitespace trimming and `{{/* */}}`
// comments. Anything else (range, with, variables, define) is rejected with a clear message.

struct TemplateParser {
  private let bytes: [UInt8]
  private var index = 0

  static func parse(_ template: String) -> Result<[TemplateNode], TemplateError> {
    var parser = TemplateParser(bytes: Array(template.utf8))
    do {
      let (nodes, end) = try parser.parseList()
      switch end {
      case .endOfInput: return .success(nodes)
      case .end: return .failure(TemplateError("unexpected {{end}}"))
      case .else: return .failure(TemplateError("unexpected {{else}}"))
      }
    } catch {
      return .failure(error)
    }
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private enum ListEnd {
    case endOfInput, end
    case `else`(TemplatePipeline?)  // `{{else if x}}` carries its condition
  }

  private enum Token: Equatable {
    case identifier(String)
    case field(String)
    case dot
    case string(String)
    case number(TemplateValue)
    case open, close, pipe
  }

  // MARK: Structure

  private mutating func parseList() throws(TemplateError) -> ([TemplateNode], ListEnd) {
    var nodes: [TemplateNode] = []
    var trimNextText = false
    while index < bytes.count {
      // Text up to the next `{{`.
      var end = index
      while end < bytes.count, !(bytes[end] == UInt8(ascii: "{") && end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: "{")) {
        end += 1
      }
      var text = Array(bytes[index..<end])
      index = end
      if trimNextText { text = Array(text.drop { Self.isSpace($0) }) }
      guard index < bytes.count else {
        if !text.isEmpty { nodes.append(.text(text)) }
        break
      }
      index += 2
      // `{{- ` trims the whitespace before the action.
      if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-"), Self.isSpace(bytes[index + 1]) {
        while let last = text.last, Self.isSpace(last) { text.removeLast() }
        index += 1
      }
      if !text.isEmpty { nodes.append(.text(text)) }
      let (tokens, trimAfter) = try actionTokens()
      trimNextText = trimAfter
      guard let first = tokens.first else {
        continue  // a comment
      }
      if case .identifier(let word) = first {
        switch word {
        case "if":
          nodes.append(try parseConditional(Array(tokens.dropFirst()), trimAfter: &trimNextText))
          continue
        case "else":
          if tokens.count > 1 {
            guard tokens[1] == .identifier("if") else { throw TemplateError("unexpected \(describe(tokens[1])) after else") }
            return (nodes, .else(try pipeline(Array(tokens.dropFirst(2)))))
          }
          return (nodes, .else(nil))
        case "end":
          guard tokens.count == 1 else { throw TemplateError("unexpected \(describe(tokens[1])) after end") }
          return (nodes, .end)
        case "range", "with", "define", "template", "block", "break", "continue":
          throw TemplateError("{{\(word)}} is not supported in LogQL templates")
        default:
          break
        }
      }
      nodes.append(.action(try pipeline(tokens)))
    }
    return (nodes, .endOfInput)
  }

  private mutating func parseConditional(_ condition: [Token], trimAfter: inout Bool) throws(TemplateError) -> TemplateNode {
    var branches: [(TemplatePipeline, [TemplateNode])] = []
    var current = try pipeline(condition)
    while true {
      let (body, end) = try parseList()
      branches.append((current, body))
      switch end {
      case .endOfInput:
        throw TemplateError("unexpected end of template: missing {{end}}")
      case .end:
        return .conditional(branches: branches, otherwise: [])
      case .else(let next?):
        current = next
      case .else(nil):
        let (otherwise, last) = try parseList()
        guard case .end = last else { throw TemplateError("expected {{end}} after {{else}}") }
        return .conditional(branches: branches, otherwise: otherwise)
      }
    }
  }

  // MARK: Pipelines

  private func pipeline(_ tokens: [Token]) throws(TemplateError) -> TemplatePipeline {
    guard !tokens.isEmpty else { throw TemplateError("missing value for command") }
    var commands: [TemplateCommand] = []
    var start = 0
    var depth = 0
    for (position, token) in tokens.enumerated() {
      switch token {
      case .open: depth += 1
      case .close:
        depth -= 1
        if depth < 0 { throw TemplateError("unexpected ')'") }
      case .pipe where depth == 0:
        commands.append(try command(Array(tokens[start..<position]), piped: !commands.isEmpty))
        start = position + 1
      default: break
      }
    }
    if depth != 0 { throw TemplateError("unclosed '('") }
    commands.append(try command(Array(tokens[start...]), piped: !commands.isEmpty))
    return TemplatePipeline(commands: commands)
  }

  private func command(_ tokens: [Token], piped: Bool) throws(TemplateError) -> TemplateCommand {
    guard let first = tokens.first else { throw TemplateError("missing command in pipeline") }
    var operands: [TemplateOperand] = []
    var position = 1
    if case .identifier(let name) = first, !["true", "false", "nil"].contains(name) {
      guard let function = TemplateFunction(rawValue: name) else {
        throw TemplateError("function \"\(name)\" not defined")
      }
      while position < tokens.count { operands.append(try operand(tokens, &position)) }
      let count = operands.count + (piped ? 1 : 0)
      guard function.arity.contains(count) else {
        throw TemplateError("wrong number of args for \(name): want \(Self.describe(function.arity)) got \(count)")
      }
      if let argument = function.regexArgument, argument < operands.count, case .constant(.string(let pattern)) = operands[argument] {
        do {
          _ = try Regex(pattern)
        } catch {
          throw TemplateError("invalid regex \"\(pattern)\" for \(name): \(error)")
        }
      }
      return .call(function, operands)
    }
    position = 0
    let single = try operand(tokens, &position)
    guard position == tokens.count else { throw TemplateError("can't give argument to non-function \(describe(first))") }
    if piped { throw TemplateError("can't give argument to non-function \(describe(first))") }
    return .operand(single)
  }

  private func operand(_ tokens: [Token], _ position: inout Int) throws(TemplateError) -> TemplateOperand {
    let token = tokens[position]
    position += 1
    switch token {
    case .field(let name): return .field(name)
    case .dot: return .dot
    case .string(let text): return .constant(.string(text))
    case .number(let value): return .constant(value)
    case .identifier("true"): return .constant(.bool(true))
    case .identifier("false"): return .constant(.bool(false))
    case .identifier("nil"): return .constant(.null)
    case .identifier(let name):
      // A function used as an argument is called without arguments (`{{ lower __line__ }}`).
      guard let function = TemplateFunction(rawValue: name) else { throw TemplateError("function \"\(name)\" not defined") }
      guard function.arity.contains(0) else { throw TemplateError("wrong number of args for \(name): want \(Self.describe(function.arity)) got 0") }
      return .pipeline(TemplatePipeline(commands: [.call(function, [])]))
    case .open:
      var depth = 1
      let start = position
      while position < tokens.count {
        if tokens[position] == .open { depth += 1 }
        if tokens[position] == .close {
          depth -= 1
          if depth == 0 { break }
        }
        position += 1
      }
      guard position < tokens.count else { throw TemplateError("unclosed '('") }
      let inner = Array(tokens[start..<position])
      position += 1
      return .pipeline(try pipeline(inner))
    case .close, .pipe:
      throw TemplateError("unexpected \(describe(token)) in operand")
    }
  }

  // MARK: Lexing one action

  /// Reads the tokens of the action whose `{{` was just consumed, through its `}}`; returns them
  /// and whether the action ended with `-}}` (trim the following whitespace).
  private mutating func actionTokens() throws(TemplateError) -> ([Token], Bool) {
    var tokens: [Token] = []
    skipSpaces()
    // `{{/* comment */}}`
    if bytes[index...].starts(with: Array("/*".utf8)) {
      guard let close = find(Array("*/".utf8), from: index + 2) else { throw TemplateError("unclosed comment") }
      index = close + 2
      skipSpaces()
      return (tokens, try closeAction())
    }
    while true {
      skipSpaces()
      guard index < bytes.count else { throw TemplateError("unclosed action") }
      let byte = bytes[index]
      if byte == UInt8(ascii: "}") || (byte == UInt8(ascii: "-") && index + 2 < bytes.count && bytes[index + 1] == UInt8(ascii: "}")) {
        return (tokens, try closeAction())
      }
      switch byte {
      case UInt8(ascii: "("): tokens.append(.open); index += 1
      case UInt8(ascii: ")"): tokens.append(.close); index += 1
      case UInt8(ascii: "|"): tokens.append(.pipe); index += 1
      case UInt8(ascii: "\""): tokens.append(.string(try quoted()))
      case UInt8(ascii: "`"):
        guard let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "`")) else { throw TemplateError("unterminated raw quoted string") }
        tokens.append(.string(String(decoding: bytes[(index + 1)..<close], as: UTF8.self)))
        index = close + 1
      case UInt8(ascii: ".") where index + 1 < bytes.count && bytes[index + 1] >= UInt8(ascii: "0") && bytes[index + 1] <= UInt8(ascii: "9"):
        tokens.append(.number(try number()))  // `.2`
      case UInt8(ascii: "."):
        index += 1
        let name = identifier()
        if name.isEmpty {
          tokens.append(.dot)
        } else {
          if index < bytes.count, bytes[index] == UInt8(ascii: ".") { throw TemplateError("can't evaluate field chain .\(name).…: labels have no fields") }
          tokens.append(.field(name))
        }
      case UInt8(ascii: "$"):
        throw TemplateError("template variables are not supported in LogQL templates")
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
        tokens.append(.number(try number()))
      default:
        let name = identifier()
        guard !name.isEmpty else { throw TemplateError("unexpected '\(Character(Unicode.Scalar(byte)))' in action") }
        tokens.append(.identifier(name))
      }
    }
  }

  private mutating func closeAction() throws(TemplateError) -> Bool {
    var trim = false
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
      trim = true
      index += 1
    }
    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "}"), bytes[index + 1] == UInt8(ascii: "}") else {
      throw TemplateError("unclosed action")
    }
    index += 2
    return trim
  }

  private mutating func skipSpaces() {
    while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
  }

  private mutating func identifier() -> String {
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      let letter = (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
      let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
      guard letter || (digit && index > start) else { break }
      index += 1
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private mutating func number() throws(TemplateError) -> TemplateValue {
    let start = index
    index += 1
    while index < bytes.count {
      let byte = bytes[index]
      let part = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e")
        || byte | 0x20 == UInt8(ascii: "x") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f")) || byte == UInt8(ascii: "_")
        || ((byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && bytes[index - 1] | 0x20 == UInt8(ascii: "e"))
      guard part else { break }
      index += 1
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if let integer = Int64(text) { return .int(integer) }
    var digits = Substring(text)
    let negative = digits.first == "-"
    if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
    if digits.lowercased().hasPrefix("0x"), let magnitude = Int64(digits.dropFirst(2), radix: 16) {
      return .int(negative ? -magnitude : magnitude)
    }
    if !digits.lowercased().contains("x"), let float = Double(text) { return .float(float) }
    throw TemplateError("bad number syntax: \"\(text)\"")
  }

  private mutating func quoted() throws(TemplateError) -> String {
    index += 1
    var out: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: out, as: UTF8.self)
      }
      if byte == UInt8(ascii: "\n") { throw TemplateError("unterminated quoted string") }
      if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
        let next = bytes[index + 1]
        index += 2
        switch next {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(next)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
          let length = next == UInt8(ascii: "x") ? 2 : (next == UInt8(ascii: "u") ? 4 : 8)
          guard index + length <= bytes.count, let value = UInt32(String(decoding: bytes[index..<(index + length)], as: UTF8.self), radix: 16)
          else { throw TemplateError("invalid escape in quoted string") }
          index += length
          if next == UInt8(ascii: "x") {
            out.append(UInt8(value))
          } else {
            guard let scalar = Unicode.Scalar(value) else { throw TemplateError("invalid escape in quoted string") }
            out.append(contentsOf: UTF8.encode(scalar)!)
          }
        default:
          throw TemplateError("invalid escape \\\(Character(Unicode.Scalar(next))) in quoted string")
        }
        continue
      }
      out.append(byte)
      index += 1
    }
    throw TemplateError("unterminated quoted string")
  }

  private func find(_ needle: [UInt8], from start: Int) -> Int? {
    guard needle.count <= bytes.count else { return nil }
    var position = start
    while position + needle.count <= bytes.count {
      if bytes[position..<(position + needle.count)].elementsEqual(needle) { return position }
      position += 1
    }
    return nil
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
  }

  private func describe(_ token: Token) -> String { Self.describe(token) }

  private static func describe(_ token: Token) -> String {
    switch token {
    case .identifier(let name): name
    case .field(let name): "." + name
    case .dot: "."
    case .string(let text): "\"\(text)\""
    case .number(let value): value.text
    case .open: "'('"
    case .close: "')'"
    case .pipe: "'|'"
    }
  }

  private static func describe(_ arity: ClosedRange<Int>) -> String {
    if arity.lowerBound == arity.upperBound { return String(arity.lowerBound) }
    if arity.upperBound == Int.max { return "at least \(arity.lowerBound)" }
    return "\(arity.lowerBound) to \(arity.upperBound)"
  }
}
