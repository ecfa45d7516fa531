// A compiled `line_format` / `label_format` template and its execution for one line: labels are
// the template's fields, `__line__` and `__timestamp__` the line's text and time. Output goes
// into a caller-owned byte buffer reused from line to line.
import PromQL

struct LogTemplate: Sendable {
  let nodes: [TemplateNode]
  /// The template has no action: its text is the result for every line.
  let constantText: [UInt8]?

  init(_ source: String, position: PositionRange) throws(LogQLError) {
    switch TemplateParser.parse(source) {
    case .success(let nodes):
      self.nodes = nodes
      if nodes.allSatisfy({ if case .text = $0 { true } else { false } }) {
        var text: [UInt8] = []
        for case .text(let bytes) in nodes { text.append(contentsOf: bytes) }
        constantText = text
      } else {
        constantText = nil
      }
    case .failure(let error):
      throw LogQLError(.invalid, "invalid template: \(error.message)", position: position)
    }
  }

  /// Appends the template's output for one line to `out`.
  func render(into out: inout [UInt8], context: TemplateContext) throws(TemplateError) {
    if let constantText {
      out.append(contentsOf: constantText)
      return
    }
    try render(nodes, into: &out, context)
  }

  private func render(_ nodes: [TemplateNode], into out: inout [UInt8], _ context: TemplateContext) throws(TemplateError) {
    for node in nodes {
      switch node {
      case .text(let bytes):
        out.append(contentsOf: bytes)
      case .action(let pipeline):
        let value = try evaluate(pipeline, context)
        switch value {
        case .string(let text): out.append(contentsOf: text.utf8)
        default: out.append(contentsOf: value.text.utf8)
        }
        if out.count > TemplateContext.maximumOutput { throw TemplateError("template output longer than \(TemplateContext.maximumOutput) bytes") }
      case .conditional(let branches, let otherwise):
        var taken = false
        for branch in branches where try evaluate(branch.condition, context).isTruthy {
          try render(branch.body, into: &out, context)
          taken = true
          break
        }
        if !taken { try render(otherwise, into: &out, context) }
      }
    }
  }

  func evaluate(_ pipeline: TemplatePipeline, _ context: TemplateContext) throws(TemplateError) -> TemplateValue {
    var piped: TemplateValue?
    for command in pipeline.commands {
      switch command {
      case .operand(let operand):
        piped = try evaluate(operand, context)
      case .call(let function, let operands):
        var arguments: [TemplateValue] = []
        arguments.reserveCapacity(operands.count + 1)
        for operand in operands { arguments.append(try evaluate(operand, context)) }
        if let piped { arguments.append(piped) }
        piped = try function.call(arguments, context)
      }
    }
    return piped ?? .null
  }

  private func evaluate(_ operand: TemplateOperand, _ context: TemplateContext) throws(TemplateError) -> TemplateValue {
    switch operand {
    case .field(let name): .string(context.labels[name])
    case .dot: .string(context.labelMapText)
    case .constant(let value): value
    case .pipeline(let pipeline): try evaluate(pipeline, context)
    }
  }
}

/// What a template sees of the line being processed.
struct TemplateContext {
  /// Output (and `repeat`/`indent` results) longer than this is an error, not an allocation.
  static let maximumOutput = 1 << 20

  let labels: LabelWorkingSet
  let line: UnsafeRawBufferPointer
  let timestampNs: Int64
  let regexes: TemplateRegexCache

  /// `{{ . }}`: Go prints a map[string]string as `map[a:1 b:2]`, keys sorted.
  var labelMapText: String {
    var pairs: [(String, String)] = []
    labels.forEach { name, value in pairs.append((name, value)) }
    pairs.sort { $0.0 < $1.0 }
    return "map[" + pairs.map { "\($0.0):\($0.1)" }.joined(separator: " ") + "]"
  }
}

/// Regexes that templates build from their arguments, compiled once per runner and kept (a
/// bounded number) since the same pattern usually comes back on every line.
final class TemplateRegexCache {
  private static let capacity = 64
  private var regexes: [String: Regex<AnyRegexOutput>] = [:]

  init() {}

  func regex(_ pattern: String) throws(TemplateError) -> Regex<AnyRegexOutput> {
    if let cached = regexes[pattern] { return cached }
    let compiled: Regex<AnyRegexOutput>
    do {
      compiled = try Regex(pattern).matchingSemantics(.unicodeScalar)
    } catch {
      throw TemplateError("invalid regex \"\(pattern)\": \(error)")
    }
    if regexes.count >= Self.capacity { regexes.removeAll(keepingCapacity: true) }
    regexes[pattern] = compiled
    return compiled
  }
}
