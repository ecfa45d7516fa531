// A `file_sd_configs` entry: files (glob patterns allowed in the last path element only) re-read
// every refresh_interval.
package import WardenCore

package struct FileSDConfig: Decodable, Sendable, Equatable {
  package static let defaultRefreshInterval = ConfigDuration(.seconds(300))

  package var files: [String]
  package var refreshInterval: ConfigDuration

  enum CodingKeys: String, CodingKey {
    case files
    case refreshInterval = "refresh_interval"
  }

  package init(files: [String], refreshInterval: ConfigDuration = defaultRefreshInterval) {
    self.files = files
    self.refreshInterval = refreshInterval
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    files = try container.decodeIfPresent([String].self, forKey: .files) ?? []
    refreshInterval = try container.decodeIfPresent(ConfigDuration.self, forKey: .refreshInterval)
      ?? Self.defaultRefreshInterval
    if files.isEmpty { throw ConfigurationProblem.at(decoder, "file_sd_configs: files must list at least one path") }
    for file in files {
      if let problem = Self.problem(pattern: file) { throw ConfigurationProblem.at(decoder, problem) }
    }
    if refreshInterval.duration <= .zero {
      throw ConfigurationProblem.at(decoder, "file_sd_configs: refresh_interval must be greater than zero")
    }
  }

  /// Prometheus's rule: globs only in the last path element, and a .json, .yml or .yaml name.
  static func problem(pattern: String) -> String? {
    let lastSlash = pattern.lastIndex(of: "/")
    let directory = lastSlash.map { pattern[..<$0] } ?? ""
    let name = lastSlash.map { pattern[pattern.index(after: $0)...] } ?? pattern[...]
    if directory.contains("*") || directory.contains("?") || directory.contains("[") {
      return "file_sd_configs: \"\(pattern)\": a glob is allowed only in the last path element"
    }
    guard FileSDFormat(path: String(name)) != nil else {
      return "file_sd_configs: \"\(pattern)\": file name must end in .json, .yml or .yaml"
    }
    return nil
  }
}

/// How a file_sd file is written, chosen by its extension as Prometheus does.
enum FileSDFormat {
  case json
  case yaml

  init?(path: String) {
    let lower = path.lowercased()
    if lower.hasSuffix(".json") {
      self = .json
    } else if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
      self = .yaml
    } else {
      return nil
    }
  }
}
