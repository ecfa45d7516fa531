// Loading rule files: glob patterns expanded (relative ones against the configuration file's
// directory), each file read within the size limit, decoded with positions and validated as
// `promtool check rules` does. The first problem stops the load with a positioned ConfigError.
package import ConfigDecoding

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

package enum RuleFileLoader {
  /// More groups in one file are refused.
  package static let maxGroupsPerFile = RuleFileValidator.maxGroupsPerFile
  /// More rules in one group are refused.
  package static let maxRulesPerGroup = RuleFileValidator.maxRulesPerGroup

  /// The groups of every file matching `ruleFiles` (PromQL) and `logRuleFiles` (LogQL), in
  /// pattern order, each file once.
  package static func loadGroups(ruleFiles: [String], logRuleFiles: [String], baseDirectory: String) throws(ConfigError)
    -> [RuleGroup]
  {
    var groups: [RuleGroup] = []
    var loaded: [String: RuleLanguage] = [:]
    for (patterns, language) in [(ruleFiles, RuleLanguage.promQL), (logRuleFiles, .logQL)] {
      for pattern in patterns {
        for path in try expand(pattern, baseDirectory: baseDirectory) {
          if let earlier = loaded[path] {
            if earlier == language { continue }
            throw ConfigError(file: path, message: "cannot load rule file: it is listed under both rule_files and log_rule_files")
          }
          loaded[path] = language
          groups += try load(path: path, language: language)
        }
      }
    }
    return groups
  }

  /// The groups of one rule file.
  package static func load(path: String, language: RuleLanguage = .promQL) throws(ConfigError) -> [RuleGroup] {
    let text = try YAMLDocument.readText(path: path, what: "rule file")
    return try parse(text, file: path, language: language)
  }

  /// The groups of a rule file's text; `file` names it in errors and in the groups.
  package static func parse(_ text: String, file: String, language: RuleLanguage = .promQL) throws(ConfigError) -> [RuleGroup] {
    guard let root = try YAMLDocument.compose(text, file: file) else { return [] }
    let document = try YAMLNodeDecoder(file: file).decode(RuleFileDocument.self, from: root)
    return try RuleFileValidator(file: file, text: text, root: root, language: language).groups(document)
  }

  /// The files matching `pattern` (Go's filepath.Glob syntax: `*`, `?`, `[...]`), sorted; a
  /// pattern matching nothing gives nothing, as in Prometheus.
  package static func expand(_ pattern: String, baseDirectory: String) throws(ConfigError) -> [String] {
    guard !pattern.isEmpty else { return [] }
    let absolute = pattern.hasPrefix("/") || baseDirectory.isEmpty ? pattern : baseDirectory + "/" + pattern
    var result = glob_t()
    defer { globfree(&result) }
    let status = glob(absolute, 0, nil, &result)
    switch status {
    case 0: break
    case GLOB_NOMATCH: return []
    default:
      throw ConfigError(file: absolute, message: "cannot expand rule file pattern \(goQuoted(pattern)): glob failed (\(status))")
    }
    var paths: [String] = []
    for index in 0..<Int(result.gl_pathc) {
      if let path = result.gl_pathv[index] { paths.append(String(cString: path)) }
    }
    return paths.sorted()
  }
}
