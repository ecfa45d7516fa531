// One label or annotation value of an alerting rule, compiled once at load: plain text stays
// text, anything with `{{` becomes a Go template with Prometheus's convenience variables
// (`$labels`, `$externalLabels`, `$externalURL`, `$value`) defined in front of it, as
// Prometheus does.
package import GoTemplate

package struct RuleTemplate: Sendable {
  private enum Body: Sendable {
    case literal(String)
    case template(TemplateSet)
  }

  /// What Prometheus puts in front of every alert template so users can write `$labels.x`.
  static let variablePrefix =
    "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

  private let body: Body
  /// `__alert_<rule name>`, the template name Prometheus uses (and prints in errors).
  package let templateName: String
  /// Whether the text calls `query` (so expanding it reads the store).
  package let callsQuery: Bool

  /// Compiles `text` for the alerting rule `ruleName`.
  /// - Throws: `TemplateError`, its position relative to `text` (the prefix taken off).
  package init(_ text: String, ruleName: String) throws(TemplateError) {
    templateName = "__alert_" + ruleName
    guard text.contains("{{") else {
      body = .literal(text)
      callsQuery = false
      return
    }
    var set = TemplateSet(functions: AlertTemplateFunctions.forParsing, options: Self.options)
    do {
      try set.parse(Self.variablePrefix + text, name: templateName)
    } catch {
      throw Self.withoutPrefix(error)
    }
    body = .template(set)
    callsQuery = text.contains("query")
  }

  /// Prometheus executes alert templates with `missingkey=zero`.
  static var options: TemplateOptions {
    var options = TemplateOptions()
    options.missingKeyIsZero = true
    return options
  }

  package var isLiteral: Bool {
    if case .literal = body { return true }
    return false
  }

  /// The text itself when it has no template actions.
  package var literalText: String? {
    if case .literal(let text) = body { return text }
    return nil
  }

  /// Expands the template over `data` with `functions` (bound to one evaluation).
  package func expand(_ data: TemplateData, functions: TemplateFunctions) async -> Result<String, TemplateError> {
    switch body {
    case .literal(let text):
      return .success(text)
    case .template(var set):
      set.functions = functions
      do {
        return .success(try await set.execute(templateName, data: data))
      } catch {
        return .failure(Self.withoutPrefix(error))
      }
    }
  }

  /// Positions on the first line are shifted by the prefix the user never wrote.
  private static func withoutPrefix(_ error: TemplateError) -> TemplateError {
    var error = error
    let prefixLength = variablePrefix.unicodeScalars.count
    if error.line == 1, let column = error.column, column > prefixLength {
      error.column = column - prefixLength
    }
    return error
  }
}
