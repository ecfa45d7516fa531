// One run of a template: walks the tree writing into a single output buffer, keeps the variable
// stack (a fresh `$` frame per template call), and enforces TemplateOptions' limits (output size,
// steps, call depth) and task cancellation. Control flow follows Go's exec.go; errors carry the
// position of the node being evaluated: `template: NAME:LINE:COL: executing "T" at <node>: ...`.

/// Mutable state of one execution; created per `execute` call and never shared.
final class TemplateExecution {
  let templates: [String: TemplateTree]
  let options: TemplateOptions
  var output = ""
  var steps = 0
  var depth = 0
  var variables: [(name: String, value: TemplateData)] = []
  /// The template being walked and the node being evaluated, for error positions.
  var tree: TemplateTree
  var current: SourceSpan

  /// How a list of nodes finished: normally, or by `{{break}}`/`{{continue}}`.
  enum Flow {
    case normal, breakLoop, continueLoop
  }

  init(templates: [String: TemplateTree], options: TemplateOptions, tree: TemplateTree) {
    self.templates = templates
    self.options = options
    self.tree = tree
    self.current = SourceSpan(start: 0, end: 0)
  }

  func run(data: TemplateData) async throws(TemplateError) -> String {
    variables = [("$", data)]
    _ = try await walk(tree.root, dot: data)
    return output
  }

  // MARK: Errors and limits

  /// An execution error at the current node, worded as Go's ExecError.
  func failure(_ message: String) -> TemplateError {
    let (line, column) = tree.source.position(of: current.start)
    let context = tree.source.excerpt(current)
    return TemplateError(
      template: tree.source.parseName, line: line, column: column,
      message: "executing \(GoQuote.string(tree.name)) at <\(context)>: \(message)")
  }

  func step(cost: Int = 1) throws(TemplateError) {
    steps += cost
    if steps > options.maxSteps {
      throw failure("execution exceeds the limit of \(options.maxSteps) steps")
    }
    if steps & 0x3FF == 0, Task.isCancelled {
      throw failure("execution cancelled")
    }
  }

  /// Strings a function computes cost steps by size, so a loop building large values runs out of
  /// steps instead of running for minutes.
  func charge(_ value: TemplateData) throws(TemplateError) {
    if let text = value.stringValue, text.utf8.count >= 256 {
      try step(cost: text.utf8.count / 256)
    }
  }

  func checkOutput() throws(TemplateError) {
    if output.utf8.count > options.maxOutputBytes {
      throw failure("output exceeds the limit of \(options.maxOutputBytes) bytes")
    }
  }

  // MARK: Walking

  func walk(_ nodes: [TemplateNode], dot: TemplateData) async throws(TemplateError) -> Flow {
    for node in nodes {
      switch node {
      case .text(let text):
        output += text
        try checkOutput()
      case .action(let pipeline):
        let value = try await evaluate(pipeline, dot: dot)
        if pipeline.declarations.isEmpty { try printValue(value) }
      case .ifNode(let branch):
        let flow = try await walkConditional(branch, dot: dot, setsDot: false)
        if case .normal = flow { continue }
        return flow
      case .with(let branch):
        let flow = try await walkConditional(branch, dot: dot, setsDot: true)
        if case .normal = flow { continue }
        return flow
      case .range(let branch):
        let flow = try await walkRange(branch, dot: dot)
        if case .normal = flow { continue }
        return flow
      case .template(let name, let pipeline, let span):
        try await walkTemplate(name, pipeline: pipeline, span: span, dot: dot)
      case .breakLoop:
        return .breakLoop
      case .continueLoop:
        return .continueLoop
      }
    }
    return .normal
  }

  /// An action's value into the output: fmt's %v, HTML-escaped when the options ask for it.
  func printValue(_ value: TemplateData) throws(TemplateError) {
    if options.escapesHTML {
      if case .safeHTML(let html) = value {
        output += html
      } else {
        TemplateEscaping.appendHTML(value.printed, escapingPlus: true, to: &output)
      }
    } else {
      value.appendPrinted(to: &output)
    }
    try checkOutput()
  }

  func walkConditional(_ branch: TemplateBranch, dot: TemplateData, setsDot: Bool) async throws(TemplateError) -> Flow {
    let mark = variables.count
    defer { variables.removeSubrange(mark...) }
    let value = try await evaluate(branch.pipeline, dot: dot)
    if value.isTruthy {
      return try await walk(branch.body, dot: setsDot ? value : dot)
    }
    if let elseBody = branch.elseBody {
      return try await walk(elseBody, dot: dot)
    }
    return .normal
  }

  func walkRange(_ branch: TemplateBranch, dot: TemplateData) async throws(TemplateError) -> Flow {
    let mark = variables.count
    defer { variables.removeSubrange(mark...) }
    let value = try await evaluate(branch.pipeline, dot: dot)
    let bodyMark = variables.count
    var ran = false
    switch TemplateCollections.collectionView(value) {
    case .list(let items):
      for (position, item) in items.enumerated() {
        ran = true
        guard try await iterate(branch, index: .int(Int64(position)), element: item, mark: bodyMark) else { break }
      }
    case .map(let entries):
      for key in entries.keys.sorted() {
        ran = true
        guard try await iterate(branch, index: .string(key), element: entries[key]!, mark: bodyMark) else { break }
      }
    case .int(let count):
      if branch.pipeline.declarations.count > 1 {
        current = branch.pipeline.span
        throw failure("can't use \(count) to iterate over more than one variable")
      }
      var position: Int64 = 0
      while position < count {
        ran = true
        guard try await iterate(branch, index: .int(position), element: .int(position), mark: bodyMark) else { break }
        position += 1
      }
    case .null:
      break
    default:
      current = branch.pipeline.span
      throw failure("range can't iterate over \(value.printed)")
    }
    if !ran, let elseBody = branch.elseBody {
      return try await walk(elseBody, dot: dot)
    }
    return .normal
  }

  /// One pass of a range body; false when it ended with `{{break}}`.
  private func iterate(_ branch: TemplateBranch, index: TemplateData, element: TemplateData, mark: Int) async throws(TemplateError) -> Bool {
    try step()
    let declarations = branch.pipeline.declarations
    if !declarations.isEmpty {
      if branch.pipeline.isAssignment {
        if declarations.count > 1 {
          try assign(declarations[0], index)
          try assign(declarations[1], element)
        } else {
          try assign(declarations[0], element)
        }
      } else {
        // The declared variables are the top of the stack: the element last, the index before it.
        variables[mark - 1].value = element
        if declarations.count > 1 { variables[mark - 2].value = index }
      }
    }
    let flow = try await walk(branch.body, dot: element)
    variables.removeSubrange(mark...)
    if case .breakLoop = flow { return false }
    return true
  }

  func walkTemplate(_ name: String, pipeline: TemplatePipeline?, span: SourceSpan, dot: TemplateData) async throws(TemplateError) {
    current = span
    try step()
    guard let target = templates[name] else { throw failure("template \(GoQuote.string(name)) not defined") }
    guard depth < options.maxDepth else { throw failure("exceeded maximum template depth (\(options.maxDepth))") }
    // Variables the pipeline declares stay in the caller's scope.
    var newDot = TemplateData.null
    if let pipeline { newDot = try await evaluate(pipeline, dot: dot) }
    let savedVariables = variables
    let savedTree = tree
    variables = [("$", newDot)]
    tree = target
    depth += 1
    defer {
      variables = savedVariables
      tree = savedTree
      depth -= 1
    }
    _ = try await walk(target.root, dot: newDot)
  }

  // MARK: Variables

  func variable(_ name: String) throws(TemplateError) -> TemplateData {
    for entry in variables.reversed() where entry.name == name { return entry.value }
    throw failure("undefined variable: \(name)")
  }

  func assign(_ name: String, _ value: TemplateData) throws(TemplateError) {
    for position in variables.indices.reversed() where variables[position].name == name {
      variables[position].value = value
      return
    }
    throw failure("undefined variable: \(name)")
  }
}
