// Go's predefined template functions and the table `TemplateFunctions.builtins` holds. Execution
// recognises them by their `builtin` tag: `and`/`or` short-circuit and `call` can call an object's
// method; the rest run synchronously here (the async body wraps the same code for callers who
// invoke a function from the table directly).

enum BuiltinFunction: String, Sendable, CaseIterable {
  case and, or, not, len, index, slice, print, printf, println
  case eq, ne, lt, le, gt, ge
  case html, js, urlquery, call

  var arity: ClosedRange<Int> {
    switch self {
    case .and, .or, .index, .slice, .printf, .eq, .call: 1...Int.max
    case .not, .len: 1...1
    case .ne, .lt, .le, .gt, .ge: 2...2
    case .print, .println, .html, .js, .urlquery: 0...Int.max
    }
  }

  /// Runs the function on evaluated arguments (for `and`/`or`, the non-short-circuit answer).
  func apply(_ arguments: [TemplateData]) throws(TemplateError) -> TemplateData {
    switch self {
    case .and: return arguments.first { !$0.isTruthy } ?? arguments.last ?? .null
    case .or: return arguments.first { $0.isTruthy } ?? arguments.last ?? .null
    case .not: return .bool(!arguments[0].isTruthy)
    case .len: return try TemplateCollections.length(arguments[0])
    case .index: return try TemplateCollections.index(arguments[0], Array(arguments.dropFirst()))
    case .slice: return try TemplateCollections.slice(arguments[0], Array(arguments.dropFirst()))
    case .print: return .string(GoPrintf.sprint(arguments))
    case .println: return .string(GoPrintf.sprintln(arguments))
    case .printf:
      guard let format = arguments[0].stringValue else {
        throw TemplateError(message: "wrong type for value; expected string; got \(arguments[0].goTypeName)")
      }
      return .string(GoPrintf.format(format, Array(arguments.dropFirst())))
    case .eq: return .bool(try TemplateComparison.equal(arguments[0], Array(arguments.dropFirst())))
    case .ne: return .bool(!(try TemplateComparison.equal(arguments[0], [arguments[1]])))
    case .lt: return .bool(try TemplateComparison.less(arguments[0], arguments[1]))
    case .le:
      if try TemplateComparison.less(arguments[0], arguments[1]) { return .bool(true) }
      return .bool(try TemplateComparison.equal(arguments[0], [arguments[1]]))
    case .gt:
      if try TemplateComparison.less(arguments[0], arguments[1]) { return .bool(false) }
      return .bool(!(try TemplateComparison.equal(arguments[0], [arguments[1]])))
    case .ge: return .bool(!(try TemplateComparison.less(arguments[0], arguments[1])))
    case .html: return .safeHTML(TemplateEscaping.html(Self.joined(arguments)))
    case .js: return .string(TemplateEscaping.javaScript(Self.joined(arguments)))
    case .urlquery: return .string(TemplateEscaping.queryEscape(Self.joined(arguments)))
    case .call:
      if case .null = arguments[0] { throw TemplateError(message: "call of nil") }
      throw TemplateError(message: "non-function of type \(arguments[0].goTypeName)")
    }
  }

  /// The escapers' argument rule: one string as is, anything else through fmt.Sprint.
  private static func joined(_ arguments: [TemplateData]) -> String {
    if arguments.count == 1, case .string(let text) = arguments[0] { return text }
    return GoPrintf.sprint(arguments)
  }

  var function: TemplateFunction {
    let builtin = self
    var function = TemplateFunction(arity: arity) { arguments in
      try builtin.apply(arguments)
    }
    function.builtin = builtin
    return function
  }
}

extension TemplateFunctions {
  /// The predefined functions, built once.
  static let predefined = TemplateFunctions(
    Dictionary(uniqueKeysWithValues: BuiltinFunction.allCases.map { ($0.rawValue, $0.function) }))
}
