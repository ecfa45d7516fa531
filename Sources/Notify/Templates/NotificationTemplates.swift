// The loaded notification templates: Warden's defaults, then the operators' files named by
// `templates:` (globs; a later definition of a name replaces the default, which is how
// "email.default.subject" and friends are overridden), parsed twice: once for text and once with
// HTML escaping for e-mail bodies, as Alertmanager uses text/template and html/template.
package import ConfigDecoding
import Foundation
package import GoTemplate

/// Parsed templates and the functions they call. Thread-safe (immutable value); parse once at
/// configuration load, render concurrently.
package struct NotificationTemplates: Sendable {
  private var text: TemplateSet
  private var html: TemplateSet
  /// The files loaded, in order.
  package private(set) var files: [String] = []

  /// At most this many template files, as a guard against a glob matching a whole disk.
  static let maxFiles = 1000
  static let maxFileBytes = 4 << 20

  /// Warden's default templates only.
  package init(nowNanos: @escaping @Sendable () -> Int64 = NotificationTemplateFunctions.currentNanos) throws(ConfigError) {
    let functions = TemplateFunctions.builtins.merging(NotificationTemplateFunctions.make(nowNanos: nowNanos))
    var textOptions = TemplateOptions()
    textOptions.missingKeyIsZero = true
    var htmlOptions = textOptions
    htmlOptions.escapesHTML = true
    text = TemplateSet(functions: functions, options: textOptions)
    html = TemplateSet(functions: functions, options: htmlOptions)
    do {
      try text.parse(DefaultNotificationTemplates.text, name: DefaultNotificationTemplates.fileName)
      try html.parse(DefaultNotificationTemplates.text, name: DefaultNotificationTemplates.fileName)
    } catch {
      throw ConfigError(file: DefaultNotificationTemplates.fileName, message: "cannot parse Warden's default templates: \(error)")
    }
  }

  /// The defaults plus every file matching `patterns` (globs whose last path component may hold
  /// `*`, `?` and `[...]`), in pattern order and name order within a pattern.
  /// - Parameter baseDirectory: what relative patterns are relative to (the configuration's directory).
  /// - Throws: `ConfigError` naming the file for an unreadable file or a template syntax error.
  package static func load(
    patterns: [String], baseDirectory: String?,
    nowNanos: @escaping @Sendable () -> Int64 = NotificationTemplateFunctions.currentNanos
  ) throws(ConfigError) -> NotificationTemplates {
    var templates = try NotificationTemplates(nowNanos: nowNanos)
    for pattern in patterns {
      for path in try TemplateFileGlob.expand(pattern, relativeTo: baseDirectory) {
        if templates.files.count >= maxFiles {
          throw ConfigError(file: path, field: "templates", message: "more than \(maxFiles) template files")
        }
        let source = try YAMLDocument.readText(path: path, what: "template file")
        if source.utf8.count > maxFileBytes {
          throw ConfigError(file: path, field: "templates", message: "template file is over \(maxFileBytes) bytes")
        }
        try templates.add(source, file: path)
      }
    }
    return templates
  }

  /// Parses one more template file (its `{{define}}`s replace earlier ones of the same name).
  package mutating func add(_ source: String, file: String) throws(ConfigError) {
    let name = (file as NSString).lastPathComponent
    do {
      try text.parse(source, name: name)
      try html.parse(source, name: name)
    } catch {
      throw ConfigError(file: file, line: error.line, column: error.column, field: "templates", message: error.message)
    }
    files.append(file)
  }

  /// Whether a template of that name is defined.
  package func contains(_ name: String) -> Bool { text.contains(name) }

  /// Runs the defined template `name`.
  package func execute(_ name: String, data: TemplateData, html isHTML: Bool = false) async throws(TemplateError) -> String {
    try await (isHTML ? html : text).execute(name, data: data)
  }

  /// Renders a configuration string (`title: '{{ template "slack.default.title" . }}'`) against
  /// `data`; text without `{{` is returned as is.
  package func render(_ source: String, data: TemplateData, html isHTML: Bool = false) async throws(TemplateError) -> String {
    guard source.contains("{{") else { return source }
    var set = isHTML ? html : text
    try set.parse(source, name: Self.inlineName)
    return try await set.execute(Self.inlineName, data: data)
  }

  /// The name a configuration string is parsed under; not one an operator would define.
  static let inlineName = "__warden_config_field"
}
