// A set of named Go templates (the text given to `parse` plus every `{{define}}` in it) with the
// functions they may call: what Prometheus's annotation expansion and Alertmanager's
// notification templates both build on. Written here because no listed package implements Go's
// template language. This is text/template: `escapesHTML` only escapes each action's output as
// html/template does in element text; html/template's contextual escaping (attributes, URLs,
// scripts) is out of scope.
//
// CONTRACT (lead): the signatures below are what Alerting and Notify code against; the GoTemplate
// helper implements them and may add to them, but does not change them.

/// Named templates and the functions they call; parse once, execute many times concurrently.
package struct TemplateSet: Sendable {
  package var functions: TemplateFunctions
  package var options: TemplateOptions
  /// Parsed templates by name; immutable trees, so copies of the set share them.
  var templates: [String: TemplateTree] = [:]

  package init(functions: TemplateFunctions = .builtins, options: TemplateOptions = TemplateOptions()) {
    self.functions = functions
    self.options = options
  }

  /// Parses `text` as the template `name` (its top level) and adds every template it defines.
  /// A later definition of the same name replaces the earlier one, as Go's `ParseFiles` does.
  /// - Throws: `TemplateError` with the template's name, line and column.
  package mutating func parse(_ text: String, name: String) throws(TemplateError) {
    guard text.utf8.count <= options.maxSourceBytes else {
      throw TemplateError(template: name, message: "template text of \(text.utf8.count) bytes exceeds the limit of \(options.maxSourceBytes) bytes")
    }
    let source = TemplateSource(parseName: name, bytes: Array(text.utf8))
    var parser = TemplateParser(source: source, functions: functions.table)
    // Nothing is added unless the whole text parses.
    for tree in try parser.parse(name: name) {
      if tree.isEmpty, templates[tree.name] != nil { continue }
      templates[tree.name] = tree
    }
  }

  /// Whether a template of that name exists.
  package func contains(_ name: String) -> Bool { templates[name] != nil }

  /// The names of all templates, sorted.
  package var names: [String] { templates.keys.sorted() }

  /// Runs the template `name` with `data` as dot (and `$`).
  /// - Throws: `TemplateError` naming the template and position, for a missing template, a
  ///   failed function, a wrong type, or output or work beyond `options`' limits.
  package func execute(_ name: String, data: TemplateData) async throws(TemplateError) -> String {
    guard let tree = templates[name] else {
      throw TemplateError(template: name, message: "no template \(GoQuote.string(name)) associated with template set")
    }
    let execution = TemplateExecution(templates: templates, options: options, tree: tree)
    return try await execution.run(data: data)
  }
}

/// How templates behave and how far they may go.
package struct TemplateOptions: Sendable, Equatable {
  /// Go's `missingkey=zero` (Prometheus's choice): a missing map key reads as the zero value
  /// instead of `<no value>`.
  package var missingKeyIsZero = false
  /// html/template's output rule for HTML bodies: every action's output is HTML-escaped unless it
  /// is `.safeHTML`.
  package var escapesHTML = false
  /// Longest output in bytes; beyond it the execution fails.
  package var maxOutputBytes = 1 << 20
  /// Most `range` iterations plus template calls in one execution.
  package var maxSteps = 1_000_000
  /// Deepest nesting of `template` calls (recursion guard).
  package var maxDepth = 100
  /// Longest template text `parse` accepts.
  package var maxSourceBytes = 8 << 20

  package init() {}
}

/// The functions templates may call, by name.
package struct TemplateFunctions: Sendable {
  package var table: [String: TemplateFunction]

  package init(_ table: [String: TemplateFunction] = [:]) {
    self.table = table
  }

  /// Go's predefined functions: and, or, not, len, index, slice, print, printf, println, eq, ne,
  /// lt, le, gt, ge, html, js, urlquery, call.
  package static var builtins: TemplateFunctions { predefined }

  /// These functions with `other`'s added (`other` wins on a name both have).
  package func merging(_ other: TemplateFunctions) -> TemplateFunctions {
    TemplateFunctions(table.merging(other.table) { _, new in new })
  }
}

/// A template that failed to parse or run: `template: NAME:LINE:COL: message`, as Go prints it.
package struct TemplateError: Error, Sendable, CustomStringConvertible {
  package var template: String
  package var line: Int?
  package var column: Int?
  package var message: String

  package init(template: String = "", line: Int? = nil, column: Int? = nil, message: String) {
    self.template = template
    self.line = line
    self.column = column
    self.message = message
  }

  package var description: String {
    var text = "template: \(template)"
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    return text + ": " + message
  }
}
