// Builds template trees from tokens, following Go's text/template grammar: text and actions at the
// top, `{{define}}` only there, control structures (if/with/range with else, else-if, else-with),
// template and block calls, and variable scopes that end at the control's `{{end}}`. Errors name
// the parse name, line and column with Go's wording ("unexpected EOF", "unexpected {{end}}",
// "function \"x\" not defined", "undefined variable \"$x\"").

struct TemplateParser {
  /// Deepest nesting of control structures and parentheses; beyond it the template is refused
  /// rather than risking the stack.
  static let maxNesting = 100

  let source: TemplateSource
  let tokens: [TemplateToken]
  let functions: [String: TemplateFunction]
  var index = 0
  var variables: [String] = ["$"]
  var rangeDepth = 0
  var nesting = 0
  /// Trees defined by this parse, in order (the top level first).
  var trees: [TemplateTree] = []

  init(source: TemplateSource, functions: [String: TemplateFunction]) {
    self.source = source
    self.tokens = TemplateLexer.tokens(of: source.bytes)
    self.functions = functions
  }

  /// What one step of a list produced: a node, or the `{{end}}`/`{{else}}` that closes the list.
  enum ListItem {
    case node(TemplateNode)
    case end(TemplateToken)
    /// `{{else}}`, or `{{else if`/`{{else with` with the keyword still to be read.
    case elseMarker(TemplateToken, chained: TemplateKeyword?)

    var description: String {
      switch self {
      case .node: "node"
      case .end: "{{end}}"
      case .elseMarker: "{{else}}"
      }
    }
  }

  // MARK: Errors

  func failure(_ message: String, at offset: Int) -> TemplateError {
    let (line, column) = source.position(of: offset)
    return TemplateError(template: source.parseName, line: line, column: column, message: message)
  }

  /// Go's item.String(): `EOF`, `<keyword>`, or the quoted text (shortened past 10 characters).
  func describe(_ token: TemplateToken) -> String {
    switch token.kind {
    case .eof: return "EOF"
    case .error: return token.message
    case .keyword(let keyword): return "<\(keyword.rawValue)>"
    default:
      let text = String(decoding: source.bytes[token.start..<token.end], as: UTF8.self)
      if text.unicodeScalars.count > 10 {
        return GoQuote.string(String(String.UnicodeScalarView(text.unicodeScalars.prefix(10)))) + "..."
      }
      return GoQuote.string(text)
    }
  }

  func unexpected(_ token: TemplateToken, in context: String) -> TemplateError {
    if token.kind == .error { return failure(token.message, at: token.start) }
    return failure("unexpected \(describe(token)) in \(context)", at: token.start)
  }

  // MARK: Tokens

  /// Reading past the end keeps returning the last token (the end of input or the lexer's error).
  mutating func next() -> TemplateToken {
    let token = peek()
    index += 1
    return token
  }

  func peek() -> TemplateToken { tokens[min(index, tokens.count - 1)] }

  mutating func skipSpaces() {
    while index < tokens.count, tokens[index].kind == .space { index += 1 }
  }

  mutating func nextNonSpace() -> TemplateToken {
    skipSpaces()
    return next()
  }

  mutating func peekNonSpace() -> TemplateToken {
    skipSpaces()
    return peek()
  }

  mutating func backup() {
    if index > 0 { index -= 1 }
  }

  func text(of token: TemplateToken) -> String {
    String(decoding: source.bytes[token.start..<token.end], as: UTF8.self)
  }

  mutating func expect(_ kind: TemplateTokenKind, _ context: String) throws(TemplateError) -> TemplateToken {
    let token = nextNonSpace()
    guard token.kind == kind else { throw unexpected(token, in: context) }
    return token
  }

  mutating func enterNesting(at offset: Int) throws(TemplateError) {
    nesting += 1
    if nesting > Self.maxNesting {
      throw failure("max nesting depth (\(Self.maxNesting)) exceeded", at: offset)
    }
  }

  // MARK: Top level

  /// Parses the whole text as the template `name`; returns every tree it defines.
  mutating func parse(name: String) throws(TemplateError) -> [TemplateTree] {
    var root: [TemplateNode] = []
    while peek().kind != .eof {
      if peek().kind == .leftDelim {
        let saved = index
        _ = next()
        if nextNonSpace().kind == .keyword(.define) {
          try parseDefinition()
          continue
        }
        index = saved
      }
      switch try textOrAction() {
      case .node(let node): root.append(node)
      case .end(let token): throw failure("unexpected {{end}}", at: token.start)
      case .elseMarker(let token, _): throw failure("unexpected {{else}}", at: token.start)
      }
    }
    try add(TemplateTree(name: name, source: source, root: root), at: 0)
    return trees
  }

  /// Go's `add`: a second non-empty definition of a name in one text is an error; an empty one
  /// never replaces a real one.
  mutating func add(_ tree: TemplateTree, at offset: Int) throws(TemplateError) {
    if let existing = trees.firstIndex(where: { $0.name == tree.name }) {
      if trees[existing].isEmpty {
        trees.remove(at: existing)
      } else if !tree.isEmpty {
        throw failure("template: multiple definition of template \(GoQuote.string(tree.name))", at: offset)
      } else {
        return
      }
    }
    trees.append(tree)
  }

  /// `{{define "name"}} ... {{end}}` (the `{{define` already read).
  mutating func parseDefinition() throws(TemplateError) {
    let context = "define clause"
    let nameToken = nextNonSpace()
    let name = try templateName(nameToken, context)
    _ = try expect(.rightDelim, context)
    let body = try isolatedList(context: context, at: nameToken.start)
    try add(TemplateTree(name: name, source: source, root: body), at: nameToken.start)
  }

  /// A definition's or block's body: its own variable scope (`$` only) and no enclosing range.
  mutating func isolatedList(context: String, at offset: Int) throws(TemplateError) -> [TemplateNode] {
    let savedVariables = variables
    let savedRangeDepth = rangeDepth
    variables = ["$"]
    rangeDepth = 0
    defer {
      variables = savedVariables
      rangeDepth = savedRangeDepth
    }
    try enterNesting(at: offset)
    defer { nesting -= 1 }
    let (body, terminator) = try itemList()
    guard case .end = terminator else {
      if case .elseMarker(let token, _) = terminator {
        throw failure("unexpected {{else}} in \(context)", at: token.start)
      }
      throw failure("unexpected \(terminator.description) in \(context)", at: 0)
    }
    return body
  }

  func templateName(_ token: TemplateToken, _ context: String) throws(TemplateError) -> String {
    guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, in: context) }
    guard let name = TemplateLiterals.unquoteString(source.bytes[token.start..<token.end]) else {
      throw failure("invalid syntax: \(text(of: token))", at: token.start)
    }
    return name
  }

  // MARK: Lists and actions

  /// Nodes up to the `{{end}}` or `{{else}}` that closes them.
  mutating func itemList() throws(TemplateError) -> ([TemplateNode], ListItem) {
    var list: [TemplateNode] = []
    while peekNonSpace().kind != .eof {
      let item = try textOrAction()
      if case .node(let node) = item {
        list.append(node)
      } else {
        return (list, item)
      }
    }
    throw failure("unexpected EOF", at: peek().start)
  }

  mutating func textOrAction() throws(TemplateError) -> ListItem {
    let token = nextNonSpace()
    switch token.kind {
    case .text: return .node(.text(text(of: token)))
    case .leftDelim: return try action()
    default: throw unexpected(token, in: "input")
    }
  }

  mutating func action() throws(TemplateError) -> ListItem {
    let token = nextNonSpace()
    switch token.kind {
    case .keyword(.block): return .node(try blockControl(token))
    case .keyword(.break), .keyword(.continue): return .node(try loopControl(token))
    case .keyword(.else): return try elseControl(token)
    case .keyword(.end):
      _ = try expect(.rightDelim, "end")
      return .end(token)
    case .keyword(.if): return .node(try conditional(token, keyword: .if))
    case .keyword(.with): return .node(try conditional(token, keyword: .with))
    case .keyword(.range): return .node(try rangeControl(token))
    case .keyword(.template): return .node(try templateControl(token))
    default:
      backup()
      return .node(.action(try pipeline(context: "command", end: .rightDelim)))
    }
  }

  mutating func elseControl(_ token: TemplateToken) throws(TemplateError) -> ListItem {
    let peeked = peekNonSpace()
    if case .keyword(let keyword) = peeked.kind, keyword == .if || keyword == .with {
      return .elseMarker(token, chained: keyword)
    }
    _ = try expect(.rightDelim, "else")
    return .elseMarker(token, chained: nil)
  }

  mutating func loopControl(_ token: TemplateToken) throws(TemplateError) -> TemplateNode {
    let isBreak = token.kind == .keyword(.break)
    let name = isBreak ? "{{break}}" : "{{continue}}"
    let closing = nextNonSpace()
    guard closing.kind == .rightDelim else { throw unexpected(closing, in: name) }
    guard rangeDepth > 0 else { throw failure("\(name) outside {{range}}", at: token.start) }
    let span = SourceSpan(start: token.start, end: token.end)
    return isBreak ? .breakLoop(span) : .continueLoop(span)
  }

  /// `{{if}}` or `{{with}}` with any chain of `{{else if}}`/`{{else with}}` and a final
  /// `{{else}}`. The chain is read in a loop and folded into nested branches, so long chains do
  /// not deepen the parser's recursion.
  mutating func conditional(_ token: TemplateToken, keyword: TemplateKeyword) throws(TemplateError) -> TemplateNode {
    let context = keyword.rawValue
    let mark = variables.count
    defer { variables.removeSubrange(mark...) }
    try enterNesting(at: token.start)
    defer { nesting -= 1 }
    var branches: [(TemplatePipeline, [TemplateNode])] = []
    var elseBody: [TemplateNode]?
    chain: while true {
      let pipe = try pipeline(context: context, end: .rightDelim)
      let (body, terminator) = try itemList()
      branches.append((pipe, body))
      switch terminator {
      case .end:
        break chain
      case .elseMarker(_, let chained) where chained == keyword:
        _ = nextNonSpace()  // the `if` or `with` of `{{else if`
      case .elseMarker:
        let (otherwise, closing) = try itemList()
        guard case .end = closing else {
          if case .elseMarker(let elseToken, _) = closing {
            throw failure("expected end; found {{else}}", at: elseToken.start)
          }
          throw failure("expected end", at: token.start)
        }
        elseBody = otherwise
        break chain
      case .node:
        break chain
      }
    }
    var result = elseBody
    for (pipe, body) in branches.reversed() {
      let branch = TemplateBranch(pipeline: pipe, body: body, elseBody: result)
      result = [keyword == .if ? .ifNode(branch) : .with(branch)]
    }
    return result![0]
  }

  mutating func rangeControl(_ token: TemplateToken) throws(TemplateError) -> TemplateNode {
    let mark = variables.count
    defer { variables.removeSubrange(mark...) }
    try enterNesting(at: token.start)
    defer { nesting -= 1 }
    let pipe = try pipeline(context: "range", end: .rightDelim)
    rangeDepth += 1
    let (body, terminator) = try itemList()
    rangeDepth -= 1
    var elseBody: [TemplateNode]?
    if case .elseMarker(let elseToken, let chained) = terminator {
      if let chained {
        throw failure("unexpected <\(chained.rawValue)> in input", at: elseToken.start)
      }
      let (otherwise, closing) = try itemList()
      guard case .end = closing else { throw failure("expected end; found {{else}}", at: elseToken.start) }
      elseBody = otherwise
    }
    return .range(TemplateBranch(pipeline: pipe, body: body, elseBody: elseBody))
  }

  mutating func templateControl(_ token: TemplateToken) throws(TemplateError) -> TemplateNode {
    let context = "template clause"
    let nameToken = nextNonSpace()
    let name = try templateName(nameToken, context)
    var pipe: TemplatePipeline?
    if nextNonSpace().kind != .rightDelim {
      backup()
      pipe = try pipeline(context: context, end: .rightDelim)
    }
    return .template(name: name, pipeline: pipe, span: SourceSpan(start: token.start, end: nameToken.end))
  }

  /// `{{block "name" pipeline}} default {{end}}`: defines the template and calls it here.
  mutating func blockControl(_ token: TemplateToken) throws(TemplateError) -> TemplateNode {
    let context = "block clause"
    let nameToken = nextNonSpace()
    let name = try templateName(nameToken, context)
    let pipe = try pipeline(context: context, end: .rightDelim)
    let body = try isolatedList(context: context, at: token.start)
    try add(TemplateTree(name: name, source: source, root: body), at: nameToken.start)
    return .template(name: name, pipeline: pipe, span: SourceSpan(start: token.start, end: nameToken.end))
  }
}
