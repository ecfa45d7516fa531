// The configuration's `templates:` files, read when the configuration is loaded (so a missing file
// or a template syntax error fails the load or the reload, with its position, and the running
// configuration stays), kept as text so configurations compare by content, and parsed into the
// notification templates receivers render with.
package import ConfigDecoding
import Foundation
package import Logging

/// One template file as read.
package struct TemplateSource: Sendable, Equatable {
  package var file: String
  package var text: String
}

extension AlertmanagerConfiguration {
  /// Reads the `templates` globs (relative ones from `baseDirectory`, the configuration file's
  /// directory) and checks that they parse beside Warden's defaults.
  /// - Throws: `ConfigError` naming the file and position of the first problem.
  package mutating func loadTemplates(baseDirectory: String?) throws(ConfigError) {
    self.baseDirectory = baseDirectory
    let templates = try NotificationTemplates.load(patterns: templates, baseDirectory: baseDirectory)
    var sources: [TemplateSource] = []
    for file in templates.files {
      sources.append(TemplateSource(file: file, text: try YAMLDocument.readText(path: file, what: "template file")))
    }
    templateSources = sources
  }

  /// Warden's default templates with the configuration's files added.
  /// `loadTemplates` checked that they parse; should one fail now, the defaults are used and
  /// the problem logged, rather than no notification at all.
  package func notificationTemplates(logger: Logger) -> NotificationTemplates {
    do {
      var templates = try NotificationTemplates()
      for source in templateSources { try templates.add(source.text, file: source.file) }
      return templates
    } catch {
      logger.error("notification templates failed to parse; using the defaults", metadata: ["error": "\(error)"])
      if let defaults = try? NotificationTemplates() { return defaults }
      // Unreachable: the defaults are constants of this binary that DefaultTemplateTests parse.
      fatalError("Warden's default notification templates do not parse: \(error)")
    }
  }
}
