// The parsed form of a LogQL template (Go text/template subset): text, `{{ pipeline }}` actions
// and `{{if}}…{{else if}}…{{else}}…{{end}}` blocks. Functions are resolved when the template is
// parsed, so running it does no name lookups.

indirect enum TemplateNode: Sendable {
  case text([UInt8])
  case action(TemplatePipeline)
  case conditional(branches: [(condition: TemplatePipeline, body: [TemplateNode])], otherwise: [TemplateNode])
}

/// `a | f x | g`: each command's result is the last argument of the next.
struct TemplatePipeline: Sendable {
  var commands: [TemplateCommand]
}

/// A function call with arguments, or a single operand.
enum TemplateCommand: Sendable {
  case call(TemplateFunction, [TemplateOperand])
  case operand(TemplateOperand)
}

indirect enum TemplateOperand: Sendable {
  /// `.name`: a label's value ("" when absent, as Loki's templates see it).
  case field(String)
  /// `.`: the whole label map, printed as Go prints a map.
  case dot
  case constant(TemplateValue)
  case pipeline(TemplatePipeline)
}
