// Pipelines inside actions: variable declarations and assignments, commands separated by `|`,
// and the operands of a command (constants, fields, variables, functions, parenthesized
// pipelines, and field chains after any of them).

extension TemplateParser {
  mutating func pipeline(context: String, end: TemplateTokenKind) throws(TemplateError) -> TemplatePipeline {
    let first = peekNonSpace()
    var pipe = TemplatePipeline(span: SourceSpan(start: first.start, end: first.end))
    try declarations(into: &pipe, context: context)
    while true {
      let token = nextNonSpace()
      if token.kind == end {
        pipe.span.end = token.start
        try check(pipe, context: context, at: token.start)
        return pipe
      }
      switch token.kind {
      case .bool, .charConstant, .dot, .field, .identifier, .number, .keyword(.nil), .rawString, .string,
        .variable, .leftParen:
        backup()
        pipe.commands.append(try command())
      default:
        throw unexpected(token, in: context)
      }
    }
  }

  /// `$x :=`, `$x =`, and range's `$i, $e :=`; leaves the tokens alone when the variable is
  /// only an operand.
  private mutating func declarations(into pipe: inout TemplatePipeline, context: String) throws(TemplateError) {
    var names: [(String, TemplateToken)] = []
    while peekNonSpace().kind == .variable {
      let variableIndex = index
      let variable = next()
      let following = peekNonSpace()
      if following.kind == .assign || following.kind == .declare {
        _ = nextNonSpace()
        names.append((text(of: variable), variable))
        pipe.isAssignment = following.kind == .assign
        break
      }
      if following.kind == .char, text(of: following) == "," {
        _ = nextNonSpace()
        names.append((text(of: variable), variable))
        if context == "range", names.count < 2 {
          switch peekNonSpace().kind {
          case .variable, .rightDelim, .rightParen: continue
          default: throw failure("range can only initialize variables", at: peek().start)
          }
        }
        throw failure("too many declarations in \(context)", at: variable.start)
      }
      index = variableIndex
      if names.isEmpty { return }
      break
    }
    guard !names.isEmpty else { return }
    for (name, token) in names {
      if pipe.isAssignment {
        guard variables.contains(name) else { throw failure("undefined variable \(GoQuote.string(name))", at: token.start) }
      } else {
        variables.append(name)
      }
      pipe.declarations.append(name)
    }
  }

  /// Go's checkPipeline: not empty, and only the first command may be a plain value.
  private func check(_ pipe: TemplatePipeline, context: String, at offset: Int) throws(TemplateError) {
    guard !pipe.commands.isEmpty else { throw failure("missing value for \(context)", at: offset) }
    for (stage, command) in pipe.commands.enumerated().dropFirst() {
      switch command.arguments[0].kind {
      case .constant, .dot, .nilValue:
        throw failure("non executable command in pipeline stage \(stage + 1)", at: command.span.start)
      default:
        continue
      }
    }
  }

  private mutating func command() throws(TemplateError) -> TemplateCommand {
    let start = peekNonSpace().start
    var arguments: [TemplateOperand] = []
    var end = start
    loop: while true {
      skipSpaces()
      if let operand = try operand() {
        arguments.append(operand)
        end = operand.span.end
      }
      let token = next()
      switch token.kind {
      case .space: continue loop
      case .rightDelim, .rightParen: backup()
      case .pipe: break
      default: throw unexpected(token, in: "operand")
      }
      break loop
    }
    guard !arguments.isEmpty else { throw failure("empty command", at: start) }
    return TemplateCommand(span: SourceSpan(start: start, end: end), arguments: arguments)
  }

  private mutating func operand() throws(TemplateError) -> TemplateOperand? {
    guard var node = try term() else { return nil }
    guard peek().kind == .field else { return node }
    let termSpan = node.span
    var fields: [String] = []
    while peek().kind == .field {
      let token = next()
      fields.append(String(text(of: token).dropFirst()))
      node.span.end = token.end
    }
    switch node.kind {
    case .field(let names): node.kind = .field(names + fields)
    case .variable(let name, let existing): node.kind = .variable(name, fields: existing + fields)
    case .constant, .nilValue, .dot:
      let termText = String(decoding: source.bytes[termSpan.start..<termSpan.end], as: UTF8.self)
      throw failure("unexpected . after term \(GoQuote.string(termText))", at: node.span.start)
    default:
      let inner = TemplateOperand(span: termSpan, kind: node.kind)
      node.kind = .chain(inner, fields: fields)
    }
    return node
  }

  private mutating func term() throws(TemplateError) -> TemplateOperand? {
    let token = nextNonSpace()
    let span = SourceSpan(start: token.start, end: token.end)
    switch token.kind {
    case .identifier:
      let name = text(of: token)
      guard let function = functions[name] else {
        throw failure("function \(GoQuote.string(name)) not defined", at: token.start)
      }
      return TemplateOperand(span: span, kind: .function(name, function))
    case .dot:
      return TemplateOperand(span: span, kind: .dot)
    case .keyword(.nil):
      return TemplateOperand(span: span, kind: .nilValue)
    case .variable:
      let name = text(of: token)
      guard variables.contains(name) else { throw failure("undefined variable \(GoQuote.string(name))", at: token.start) }
      return TemplateOperand(span: span, kind: .variable(name, fields: []))
    case .field:
      return TemplateOperand(span: span, kind: .field([String(text(of: token).dropFirst())]))
    case .bool:
      return TemplateOperand(span: span, kind: .constant(.bool(text(of: token) == "true")))
    case .charConstant:
      guard let value = TemplateLiterals.unquoteChar(source.bytes[token.start..<token.end]) else {
        throw failure("malformed character constant: \(text(of: token))", at: token.start)
      }
      return TemplateOperand(span: span, kind: .constant(.int(value)))
    case .number:
      switch TemplateLiterals.number(text(of: token)) {
      case .value(let value): return TemplateOperand(span: span, kind: .constant(value))
      case .failure(let message): throw failure(message, at: token.start)
      }
    case .leftParen:
      try enterNesting(at: token.start)
      defer { nesting -= 1 }
      var pipe = try pipeline(context: "parenthesized pipeline", end: .rightParen)
      pipe.span.start = token.start
      return TemplateOperand(span: SourceSpan(start: token.start, end: pipe.span.end + 1), kind: .pipeline(pipe))
    case .string, .rawString:
      guard let value = TemplateLiterals.unquoteString(source.bytes[token.start..<token.end]) else {
        throw failure("invalid syntax: \(text(of: token))", at: token.start)
      }
      return TemplateOperand(span: span, kind: .constant(.string(value)))
    case .error:
      throw failure(token.message, at: token.start)
    default:
      backup()
      return nil
    }
  }
}
