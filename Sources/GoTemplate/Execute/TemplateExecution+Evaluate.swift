// Evaluating pipelines: commands (functions, methods, fields, values), arguments, field chains
// (object fields, then methods, then collection keys; map keys; time and duration methods), the
// missing-key rule, and function calls with Go's arity and error wording. The piped value of a
// stage is the last argument of the next.

extension TemplateExecution {
  func evaluate(_ pipeline: TemplatePipeline, dot: TemplateData) async throws(TemplateError) -> TemplateData {
    current = pipeline.span
    var value: TemplateData?
    for command in pipeline.commands {
      value = try await evaluate(command, dot: dot, final: value)
    }
    let result = value ?? .null
    for name in pipeline.declarations {
      if pipeline.isAssignment {
        try assign(name, result)
      } else {
        variables.append((name, result))
      }
    }
    return result
  }

  private func evaluate(_ command: TemplateCommand, dot: TemplateData, final: TemplateData?) async throws(TemplateError) -> TemplateData {
    try step()
    let first = command.arguments[0]
    let arguments = command.arguments.dropFirst()
    current = first.span
    switch first.kind {
    case .field(let names):
      return try await fieldChain(names, of: dot, dot: dot, arguments: arguments, final: final)
    case .chain(let inner, let names):
      if case .nilValue = inner.kind { throw failure("indirection through explicit nil in \(tree.source.excerpt(first.span))") }
      let receiver = try await argument(inner, dot: dot)
      current = first.span
      return try await fieldChain(names, of: receiver, dot: dot, arguments: arguments, final: final)
    case .function(let name, let function):
      return try await call(name, function, span: first.span, arguments: arguments, final: final, dot: dot)
    case .variable(let name, let fields):
      let value = try variable(name)
      if fields.isEmpty {
        try notAFunction(command, final: final)
        return value
      }
      return try await fieldChain(fields, of: value, dot: dot, arguments: arguments, final: final)
    case .pipeline(let pipeline):
      try notAFunction(command, final: final)
      return try await evaluate(pipeline, dot: dot)
    case .constant(let value):
      try notAFunction(command, final: final)
      return value
    case .dot:
      try notAFunction(command, final: final)
      return dot
    case .nilValue:
      throw failure("nil is not a command")
    }
  }

  private func notAFunction(_ command: TemplateCommand, final: TemplateData?) throws(TemplateError) {
    if command.arguments.count > 1 || final != nil {
      current = command.arguments[0].span
      throw failure("can't give argument to non-function \(tree.source.excerpt(command.arguments[0].span))")
    }
  }

  /// The value of an operand used as an argument (a function name here is a call without
  /// arguments).
  func argument(_ operand: TemplateOperand, dot: TemplateData) async throws(TemplateError) -> TemplateData {
    current = operand.span
    switch operand.kind {
    case .dot: return dot
    case .nilValue: return .null
    case .constant(let value): return value
    case .field(let names): return try await fieldChain(names, of: dot, dot: dot, arguments: [], final: nil)
    case .variable(let name, let fields):
      let value = try variable(name)
      if fields.isEmpty { return value }
      return try await fieldChain(fields, of: value, dot: dot, arguments: [], final: nil)
    case .function(let name, let function):
      return try await call(name, function, span: operand.span, arguments: [], final: nil, dot: dot)
    case .pipeline(let pipeline):
      return try await evaluate(pipeline, dot: dot)
    case .chain(let inner, let names):
      if case .nilValue = inner.kind { throw failure("indirection through explicit nil in \(tree.source.excerpt(operand.span))") }
      let receiver = try await argument(inner, dot: dot)
      current = operand.span
      return try await fieldChain(names, of: receiver, dot: dot, arguments: [], final: nil)
    }
  }

  private func arguments(_ operands: ArraySlice<TemplateOperand>, final: TemplateData?, dot: TemplateData) async throws(TemplateError) -> [TemplateData] {
    var values: [TemplateData] = []
    values.reserveCapacity(operands.count + 1)
    for operand in operands {
      values.append(try await argument(operand, dot: dot))
    }
    if let final { values.append(final) }
    return values
  }

  // MARK: Fields

  /// `.A.B.C` on `receiver`: the arguments and piped value go to the last name only.
  private func fieldChain(
    _ names: [String], of receiver: TemplateData, dot: TemplateData, arguments: ArraySlice<TemplateOperand>, final: TemplateData?
  ) async throws(TemplateError) -> TemplateData {
    var receiver = receiver
    for name in names.dropLast() {
      receiver = try await field(name, of: receiver, dot: dot, arguments: [], final: nil)
    }
    return try await field(names[names.count - 1], of: receiver, dot: dot, arguments: arguments, final: final)
  }

  private func field(
    _ name: String, of receiver: TemplateData, dot: TemplateData, arguments: ArraySlice<TemplateOperand>, final: TemplateData?
  ) async throws(TemplateError) -> TemplateData {
    let span = current
    let hasArguments = !arguments.isEmpty || final != nil
    switch receiver {
    case .null:
      // Go's nil interface: reading through it gives no value rather than an error.
      return .null
    case .object(let object):
      if let value = object.fields[name] {
        if hasArguments { throw failure("\(name) is not a method but has arguments") }
        return value
      }
      if let method = object.methods[name] {
        return try await callMethod(name, method, arguments: arguments, final: final, dot: dot, span: span)
      }
      if case .map(let entries)? = object.collection {
        if hasArguments { throw failure("\(name) is not a method but has arguments") }
        return mapEntry(entries, name)
      }
      throw failure("can't evaluate field \(name) in type \(object.typeName)")
    case .map(let entries):
      if hasArguments { throw failure("\(name) is not a method but has arguments") }
      return mapEntry(entries, name)
    default:
      if let method = receiver.valueMethod(name) {
        return try await callMethod(name, method, arguments: arguments, final: final, dot: dot, span: span)
      }
      throw failure("can't evaluate field \(name) in type \(receiver.goTypeName)")
    }
  }

  /// A key's value, or for a missing key `<no value>` (nil) or, with missingkey=zero, the zero
  /// value of the map's element type.
  private func mapEntry(_ entries: [String: TemplateData], _ key: String) -> TemplateData {
    if let value = entries[key] { return value }
    return options.missingKeyIsZero ? entries.zeroElement : .null
  }

  private func callMethod(
    _ name: String, _ method: TemplateMethod, arguments operands: ArraySlice<TemplateOperand>, final: TemplateData?,
    dot: TemplateData, span: SourceSpan
  ) async throws(TemplateError) -> TemplateData {
    let values = try await arguments(operands, final: final, dot: dot)
    current = span
    try checkArity(name, method.arity, values.count)
    let result: TemplateData
    do {
      result = try method.body(values)
    } catch let error as TemplateError {
      throw failure("error calling \(name): \(error.message)")
    } catch {
      throw failure("error calling \(name): \(error)")
    }
    try charge(result)
    return result
  }

  private func checkArity(_ name: String, _ arity: ClosedRange<Int>, _ count: Int) throws(TemplateError) {
    guard !arity.contains(count) else { return }
    let wanted =
      if arity.upperBound == Int.max { "at least \(arity.lowerBound)" }
      else if arity.lowerBound == arity.upperBound { "\(arity.lowerBound)" }
      else { "\(arity.lowerBound) to \(arity.upperBound)" }
    throw failure("wrong number of args for \(name): want \(wanted) got \(count)")
  }

  // MARK: Functions

  private func call(
    _ name: String, _ function: TemplateFunction, span: SourceSpan, arguments operands: ArraySlice<TemplateOperand>,
    final: TemplateData?, dot: TemplateData
  ) async throws(TemplateError) -> TemplateData {
    current = span
    try checkArity(name, function.arity, operands.count + (final == nil ? 0 : 1))
    if let builtin = function.builtin {
      switch builtin {
      case .and, .or:
        // Short-circuit: stop at the first argument that decides the answer.
        var value = TemplateData.null
        for operand in operands {
          value = try await argument(operand, dot: dot)
          if value.isTruthy == (builtin == .or) { return value }
        }
        return final ?? value
      case .call:
        if let result = try await callMethodReference(operands, final: final, dot: dot, span: span) { return result }
      default:
        break
      }
      let values = try await arguments(operands, final: final, dot: dot)
      current = span
      let result: TemplateData
      do {
        result = try builtin.apply(values)
      } catch {
        throw failure("error calling \(name): \(error.message)")
      }
      try charge(result)
      return result
    }
    let values = try await arguments(operands, final: final, dot: dot)
    current = span
    let result: TemplateData
    do {
      result = try await function.body(values)
    } catch let error as TemplateError {
      throw failure("error calling \(name): \(error.message)")
    } catch {
      throw failure("error calling \(name): \(error)")
    }
    try charge(result)
    return result
  }

  /// `call .Object.Method args...`: Go calls a function-valued field; here an object's method
  /// plays that part. Nil when the first argument does not name a method.
  private func callMethodReference(
    _ operands: ArraySlice<TemplateOperand>, final: TemplateData?, dot: TemplateData, span: SourceSpan
  ) async throws(TemplateError) -> TemplateData? {
    guard let first = operands.first else { return nil }
    let receiver: TemplateData
    let names: [String]
    switch first.kind {
    case .field(let fields):
      names = fields
      receiver = fields.count > 1 ? try await fieldChain(Array(fields.dropLast()), of: dot, dot: dot, arguments: [], final: nil) : dot
    case .variable(let name, let fields) where !fields.isEmpty:
      names = fields
      let value = try variable(name)
      receiver = fields.count > 1 ? try await fieldChain(Array(fields.dropLast()), of: value, dot: dot, arguments: [], final: nil) : value
    default:
      return nil
    }
    guard case .object(let object) = receiver, object.fields[names[names.count - 1]] == nil,
      let method = object.methods[names[names.count - 1]]
    else { return nil }
    return try await callMethod(names[names.count - 1], method, arguments: operands.dropFirst(), final: final, dot: dot, span: span)
  }
}
