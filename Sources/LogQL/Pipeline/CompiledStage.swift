// One pipeline stage in compiled form (regexes compiled, templates parsed, paths split), what
// `LogPipeline` holds and its runners execute.
import PromQL

enum CompiledStage: Sendable {
  case lineFilter(CompiledLineFilter)
  case json(JSONStage)
  case logfmt(LogfmtStage)
  case regexp(RegexpStage)
  case pattern(PatternStage)
  case unpack
  case labelFilter(CompiledLabelFilter)
  case lineFormat(LogTemplate)
  case labelFormat([LabelFormatOperation])
  case drop(LabelSelectionSet)
  case keep(LabelSelectionSet)
  case decolorize

  init(_ stage: PipelineStage, regexes: inout [SharedRegex]) throws(LogQLError) {
    switch stage {
    case .lineFilter(let filter):
      self = .lineFilter(try CompiledLineFilter(filter, regexes: &regexes))
    case .parser(.json(let extractions, let position)):
      self = .json(try JSONStage(extractions, position: position))
    case .parser(.logfmt(let strict, let keepEmpty, let extractions, _)):
      self = .logfmt(LogfmtStage(strict: strict, keepEmpty: keepEmpty, extractions: extractions))
    case .parser(.regexp(let pattern, let position)):
      self = .regexp(try RegexpStage(pattern, position: position, regexes: &regexes))
    case .parser(.pattern(let pattern, let position)):
      self = .pattern(try PatternStage(pattern, position: position))
    case .parser(.unpack):
      self = .unpack
    case .labelFilter(let expr):
      self = .labelFilter(try CompiledLabelFilter(expr))
    case .lineFormat(let template, let position):
      self = .lineFormat(try LogTemplate(template, position: position))
    case .labelFormat(let items, let position):
      self = .labelFormat(try LabelFormatOperation.compile(items, position: position))
    case .drop(let selections, _):
      self = .drop(LabelSelectionSet(selections))
    case .keep(let selections, _):
      self = .keep(LabelSelectionSet(selections))
    case .decolorize:
      self = .decolorize
    }
  }

  var isLineFilter: Bool {
    if case .lineFilter = self { true } else { false }
  }

  /// Whether the stage replaces the line (later line filters see the new text).
  var rewritesLine: Bool {
    switch self {
    case .lineFormat, .unpack, .decolorize: true
    default: false
    }
  }
}
