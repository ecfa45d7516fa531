// LogQL's template functions print and handle time exactly as the GoTemplate engine does, so they
// share its implementation: Go's printf and time layouts live in GoTemplate, and these names keep
// LogQL's code reading as before over LogQL's own TemplateValue.
import GoTemplate

typealias GoInstant = GoTemplate.GoInstant
typealias GoTime = GoTemplate.GoTime

/// Go's fmt.Sprintf over LogQL template values.
enum GoPrintf {
  static func format(_ format: String, _ arguments: [TemplateValue]) -> String {
    GoTemplate.GoPrintf.format(format, arguments.map(\.goTemplateData))
  }
}

extension TemplateValue {
  /// The same value as the GoTemplate engine holds it (Go's zero time keeps its meaning).
  var goTemplateData: TemplateData {
    switch self {
    case .string(let text): .string(text)
    case .int(let value): .int(value)
    case .float(let value): .float(value)
    case .bool(let value): .bool(value)
    case .time(let instant): instant == .zero ? TemplateData.zeroTime : .time(instant.unixNanoseconds)
    case .null: .null
    }
  }
}
