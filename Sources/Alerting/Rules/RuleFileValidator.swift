// The checks `promtool check rules` makes on a decoded rule file, turned into `RuleGroup`s: group
// names present and unique, exactly one of `record`/`alert`, expressions that parse, valid names,
// `for`/`keep_firing_for`/`annotations` only on alerts, templates that parse. Each failure is a
// `ConfigError` at the offending node (inside the expression where the parser says where), naming
// the group and the rule.
import ConfigDecoding
import Foundation
import GoTemplate
import LogQL
import PromQL
import WardenCore
import Yams

struct RuleFileValidator {
  /// More groups in one file, or rules in one group, are refused: no real file comes close.
  static let maxGroupsPerFile = 10_000
  static let maxRulesPerGroup = 10_000

  let file: String
  let root: Node
  let language: RuleLanguage
  let positions: ScalarSourcePosition

  init(file: String, text: String, root: Node, language: RuleLanguage) {
    self.file = file
    self.root = root
    self.language = language
    positions = ScalarSourcePosition(fileText: text)
  }

  func groups(_ document: RuleFileDocument) throws(ConfigError) -> [RuleGroup] {
    let groupNodes = root.child("groups")
    if document.groups.count > Self.maxGroupsPerFile {
      throw error(at: groupNodes, field: "groups", "\(document.groups.count) groups is over the limit of \(Self.maxGroupsPerFile) per file")
    }
    var seen: Set<String> = []
    var groups: [RuleGroup] = []
    for (index, groupDocument) in document.groups.enumerated() {
      let groupNode = groupNodes?.element(index)
      let field = "groups[\(index)]"
      if groupDocument.name.isEmpty {
        throw error(at: groupNode?.child("name") ?? groupNode, field: field + ".name", "group name must not be empty")
      }
      if !seen.insert(groupDocument.name).inserted {
        throw error(
          at: groupNode?.child("name"), field: field + ".name", "group \"\(groupDocument.name)\" is repeated in the same file")
      }
      groups.append(try group(groupDocument, node: groupNode, field: field))
    }
    return groups
  }

  private func group(_ document: RuleGroupDocument, node: Node?, field: String) throws(ConfigError) -> RuleGroup {
    let context = "group \(goQuoted(document.name))"
    if document.rules.count > Self.maxRulesPerGroup {
      throw error(
        at: node?.child("rules"), field: field + ".rules",
        "\(context): \(document.rules.count) rules is over the limit of \(Self.maxRulesPerGroup) per group")
    }
    for name in document.labels.keys.sorted() where !LabelName.isValid(name) || name == Labels.metricName {
      throw error(
        at: node?.child("labels")?.keyNode(name), field: field + ".labels.\(name)", "\(context): invalid label name: \(goQuoted(name))")
    }
    let groupLabels = Labels(document.labels)
    var rules: [Rule] = []
    rules.reserveCapacity(document.rules.count)
    let ruleNodes = node?.child("rules")
    for (index, ruleDocument) in document.rules.enumerated() {
      let checker = RuleChecker(
        validator: self, node: ruleNodes?.element(index), field: field + ".rules[\(index)]", groupContext: context, index: index,
        document: ruleDocument)
      rules.append(try checker.rule(groupLabels: groupLabels))
    }
    let interval = document.interval.map { $0.duration.milliseconds }
    return RuleGroup(
      name: document.name, file: file, language: language, intervalMs: interval == 0 ? nil : interval, limit: max(0, document.limit ?? 0),
      queryOffsetMs: document.queryOffset.map { $0.duration.milliseconds }, labels: groupLabels, rules: rules)
  }

  func error(at node: Node?, field: String, _ message: String) -> ConfigError {
    ConfigError(file: file, line: node?.mark?.line, column: node?.mark?.column, field: field, message: message)
  }

  func error(at position: (line: Int, column: Int)?, field: String, _ message: String) -> ConfigError {
    ConfigError(file: file, line: position?.line, column: position?.column, field: field, message: message)
  }
}

/// The checks of one rule.
private struct RuleChecker {
  let validator: RuleFileValidator
  let node: Node?
  let field: String
  let groupContext: String
  let index: Int
  let document: RuleDocument

  private var context: String {
    let name = document.alert ?? document.record ?? ""
    return name.isEmpty ? "\(groupContext), rule \(index + 1)" : "\(groupContext), rule \(goQuoted(name))"
  }

  private func fail(_ key: String?, _ message: String) -> ConfigError {
    let target = key.flatMap { node?.child($0) } ?? node
    return validator.error(at: target, field: key.map { "\(field).\($0)" } ?? field, "\(context): \(message)")
  }

  func rule(groupLabels: Labels) throws(ConfigError) -> Rule {
    let record = document.record ?? ""
    let alert = document.alert ?? ""
    if !record.isEmpty && !alert.isEmpty {
      throw fail("record", "only one of \"record\" and \"alert\" may be set")
    }
    if record.isEmpty && alert.isEmpty {
      throw fail(nil, "one of \"record\" or \"alert\" must be set")
    }
    let kind: Rule.Kind = record.isEmpty ? .alerting : .recording
    let exprText = document.expr ?? ""
    if exprText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw fail(document.expr == nil ? nil : "expr", "field \"expr\" must be set")
    }
    let hold = document.holdDuration.map { $0.duration.milliseconds } ?? 0
    let keepFiring = document.keepFiringFor.map { $0.duration.milliseconds } ?? 0
    if kind == .recording {
      if !MetricName.isValid(record) { throw fail("record", "invalid recording rule name: \(goQuoted(record))") }
      if hold != 0 { throw fail("for", "invalid field \"for\" in recording rule") }
      if keepFiring != 0 { throw fail("keep_firing_for", "invalid field \"keep_firing_for\" in recording rule") }
      if !document.annotations.isEmpty { throw fail("annotations", "invalid field \"annotations\" in recording rule") }
    }
    let query = try parse(exprText)
    for name in document.labels.keys.sorted() where !LabelName.isValid(name) || name == Labels.metricName {
      throw validator.error(
        at: node?.child("labels")?.keyNode(name), field: "\(field).labels.\(name)", "\(context): invalid label name: \(goQuoted(name))")
    }
    for name in document.annotations.keys.sorted() where !LabelName.isValid(name) {
      throw validator.error(
        at: node?.child("annotations")?.keyNode(name), field: "\(field).annotations.\(name)",
        "\(context): invalid annotation name: \(goQuoted(name))")
    }
    var labels = groupLabels.pairs
    for (name, value) in document.labels { labels.append(Label(name, value)) }
    let mergedLabels = Labels(labels)
    let annotations = Labels(document.annotations)
    var rule = Rule(
      kind: kind, name: kind == .recording ? record : alert, exprText: exprText, query: query, holdMs: hold, keepFiringForMs: keepFiring,
      labels: mergedLabels, annotations: annotations)
    if kind == .alerting {
      rule.labelTemplates = try mergedLabels.pairs.map { (label) throws(ConfigError) -> RuleTemplate in
        try template(label, section: "labels", what: "label", fromGroup: document.labels[label.name] == nil)
      }
      rule.annotationTemplates = try annotations.pairs.map { (label) throws(ConfigError) -> RuleTemplate in
        try template(label, section: "annotations", what: "annotation", fromGroup: false)
      }
    }
    return rule
  }

  private func parse(_ text: String) throws(ConfigError) -> RuleQuery {
    switch validator.language {
    case .promQL:
      do {
        return .promQL(try PromQLParser.parse(text))
      } catch {
        throw exprError(offset: error.position.start, "parse error: \(error.message)")
      }
    case .logQL:
      let query: LogQLQuery
      do {
        query = try LogQLParser.parse(text)
      } catch {
        throw exprError(offset: error.position?.start ?? 0, "parse error: \(error.message)")
      }
      switch query {
      case .metric(let metric): return .logQL(metric)
      case .logs:
        throw exprError(offset: 0, "a log query cannot be a rule: rules need a metric query, e.g. sum(rate({job=\"app\"} |= \"error\" [5m]))")
      }
    }
  }

  private func exprError(offset: Int, _ message: String) -> ConfigError {
    let exprNode = node?.child("expr")
    let position = exprNode.flatMap { validator.positions.locate(offset: offset, in: document.expr ?? "", node: $0) }
    return validator.error(at: position, field: "\(field).expr", "\(context): \(message)")
  }

  private func template(_ label: Label, section: String, what: String, fromGroup: Bool) throws(ConfigError) -> RuleTemplate {
    do {
      return try RuleTemplate(label.value, ruleName: document.alert ?? "")
    } catch {
      var position: (line: Int, column: Int)?
      var errorField = "\(field).\(section).\(label.name)"
      if fromGroup {
        errorField = "\(field)"
      } else if let valueNode = node?.child(section)?.child(label.name) {
        position = valueNode.mark.map { ($0.line, $0.column) }
        if let line = error.line, let column = error.column,
          let offset = Self.byteOffset(line: line, column: column, in: label.value)
        {
          position = validator.positions.locate(offset: offset, in: label.value, node: valueNode) ?? position
        }
      }
      throw validator.error(
        at: position ?? node?.mark.map { ($0.line, $0.column) }, field: errorField, "\(context): \(what) \(goQuoted(label.name)): \(error)")
    }
  }

  /// The byte offset of a 1-based line and column in `text`.
  private static func byteOffset(line: Int, column: Int, in text: String) -> Int? {
    var currentLine = 1
    var offset = 0
    let bytes = Array(text.utf8)
    while currentLine < line {
      guard let newline = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
      offset = newline + 1
      currentLine += 1
    }
    let target = offset + column - 1
    return target <= bytes.count ? target : nil
  }
}

/// `"text"` quoted as Go's %q quotes it, for names in messages.
func goQuoted(_ text: String) -> String {
  var out = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7f {
        let hex = String(scalar.value, radix: 16)
        out += "\\x" + (hex.count < 2 ? "0" : "") + hex
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}

extension Node {
  /// The value under `key` in a mapping.
  func child(_ key: String) -> Node? {
    mapping?.first { $0.key.string == key }?.value
  }

  /// The key node `key` in a mapping (where an invalid name is written).
  func keyNode(_ key: String) -> Node? {
    mapping?.first { $0.key.string == key }?.key
  }

  /// Element `index` of a sequence.
  func element(_ index: Int) -> Node? {
    guard let sequence, index >= 0, index < sequence.count else { return nil }
    return sequence[sequence.index(sequence.startIndex, offsetBy: index)]
  }
}
