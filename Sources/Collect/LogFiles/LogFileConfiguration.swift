// One `log_files:` entry of `warden serve`: which files to tail (globs, `**` allowed), which to
// leave out, the stream labels their lines get, optional multi-line joining, and where a file
// never seen before starts. Validated while decoding, so a bad entry is a config error naming its
// field rather than a tailer that silently reads nothing.
package import WardenCore

package struct LogFileConfiguration: Decodable, Sendable, Equatable {
  /// Where reading starts in a file that has no saved position.
  package enum StartPosition: String, Decodable, Sendable, Equatable {
    /// From the first byte, as Promtail reads a file it has no position for.
    case beginning
    /// From the size the file has at the tailer's first scan; files that appear later are read
    /// from their first byte anyway, or lines written just after their creation would be lost.
    case end
  }

  /// The label every line gets with the path of its file.
  package static let filenameLabel = "filename"

  /// Absolute glob patterns (`*`, `?`, `[...]` in any element, `**` for any number of directories).
  package var paths: [String]
  /// Patterns of paths to leave out, matched against the whole path like `paths`.
  package var exclude: [String]
  /// Stream labels of every file of this entry; each file adds `filename`.
  package var labels: Labels
  package var multiline: MultilineConfiguration?
  package var startAt: StartPosition

  enum CodingKeys: String, CodingKey {
    case paths
    case exclude
    case labels
    case multiline
    case startAt = "start_at"
  }

  package init(
    paths: [String], exclude: [String] = [], labels: Labels = Labels(), multiline: MultilineConfiguration? = nil,
    startAt: StartPosition = .beginning
  ) throws(LogFileConfigurationError) {
    self.paths = paths
    self.exclude = exclude
    self.labels = labels
    self.multiline = multiline
    self.startAt = startAt
    if let problem = Self.problem(paths: paths, exclude: exclude, labelNames: labels.pairs.map(\.name)) { throw problem }
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    paths = try container.decodeIfPresent([String].self, forKey: .paths) ?? []
    exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
    let labelPairs = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    labels = Labels(labelPairs)
    multiline = try container.decodeIfPresent(MultilineConfiguration.self, forKey: .multiline)
    startAt = try container.decodeIfPresent(StartPosition.self, forKey: .startAt) ?? .beginning
    // Names come from the mapping itself: `Labels` drops pairs with empty values, and a bad name
    // is a typo whatever its value.
    if let problem = Self.problem(paths: paths, exclude: exclude, labelNames: labelPairs.keys.sorted()) {
      throw DecodingError.dataCorruptedError(forKey: problem.field, in: container, debugDescription: problem.description)
    }
  }

  /// The stream labels of the file at `path`.
  package func streamLabels(path: String) -> Labels {
    labels.setting(Self.filenameLabel, to: path)
  }

  private static func problem(paths: [String], exclude: [String], labelNames: [String]) -> LogFileConfigurationError? {
    if paths.isEmpty { return LogFileConfigurationError(field: .paths, "paths must list at least one file or glob") }
    for path in paths {
      if let problem = PathPattern.problem(path) { return LogFileConfigurationError(field: .paths, "paths: \(problem)") }
    }
    for path in exclude {
      if let problem = PathPattern.problem(path) { return LogFileConfigurationError(field: .exclude, "exclude: \(problem)") }
    }
    for name in labelNames {
      if !LabelName.isValid(name) {
        return LogFileConfigurationError(field: .labels, "labels: \"\(name)\" is not a valid label name")
      }
      if name == filenameLabel {
        return LogFileConfigurationError(field: .labels, "labels: \"filename\" is set by the tailer to each file's path")
      }
      if name.hasPrefix("__") {
        return LogFileConfigurationError(field: .labels, "labels: \"\(name)\": names starting with __ are reserved")
      }
    }
    return nil
  }
}

/// A `log_files` entry that cannot work, with the field it is about.
package struct LogFileConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  let field: LogFileConfiguration.CodingKeys
  package let message: String

  init(field: LogFileConfiguration.CodingKeys, _ message: String) {
    self.field = field
    self.message = message
  }

  package var description: String { message }
}
