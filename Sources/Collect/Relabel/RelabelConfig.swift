// One `relabel_config` entry in Prometheus's shape, validated when built or decoded so a rule
// that cannot work is a configuration error, never a surprise at scrape time.
import WardenCore

package struct RelabelConfig: Sendable, Equatable {
  package static let defaultSeparator = ";"
  package static let defaultRegex = "(.*)"
  package static let defaultReplacement = "$1"

  package let sourceLabels: [String]
  package let separator: String
  /// The raw `target_label` text (a template for `replace`).
  package let targetLabel: String
  package let regex: String
  package let modulus: UInt64
  package let replacement: String
  package let action: RelabelAction

  let compiledRegex: RelabelRegex
  let targetTemplate: ReplacementTemplate
  let replacementTemplate: ReplacementTemplate

  /// Validates with the rules Prometheus enforces when loading configuration.
  package init(
    sourceLabels: [String] = [], separator: String = defaultSeparator, targetLabel: String = "",
    regex: String = defaultRegex, modulus: UInt64 = 0, replacement: String = defaultReplacement,
    action: RelabelAction = .replace
  ) throws(RelabelConfigError) {
    self.sourceLabels = sourceLabels
    self.separator = separator
    self.targetLabel = targetLabel
    self.regex = regex
    self.modulus = modulus
    self.replacement = replacement
    self.action = action
    compiledRegex = try RelabelRegex(regex)
    targetTemplate = ReplacementTemplate(targetLabel)
    replacementTemplate = ReplacementTemplate(replacement)
    try validate()
  }

  package static func == (lhs: RelabelConfig, rhs: RelabelConfig) -> Bool {
    lhs.sourceLabels == rhs.sourceLabels && lhs.separator == rhs.separator && lhs.targetLabel == rhs.targetLabel
      && lhs.regex == rhs.regex && lhs.modulus == rhs.modulus && lhs.replacement == rhs.replacement
      && lhs.action == rhs.action
  }

  private func validate() throws(RelabelConfigError) {
    let name = action.rawValue
    for label in sourceLabels where !LabelName.isValid(label) {
      throw RelabelConfigError("\"\(label)\" in source_labels is not a valid label name")
    }
    switch action {
    case .replace:
      guard !targetLabel.isEmpty else { throw RelabelConfigError("relabel action replace requires target_label") }
      guard Self.isValidTargetTemplate(targetLabel) else {
        throw RelabelConfigError("\"\(targetLabel)\" is not a valid target_label for action replace")
      }
    case .hashMod, .lowercase, .uppercase, .keepEqual, .dropEqual:
      guard !targetLabel.isEmpty else { throw RelabelConfigError("relabel action \(name) requires target_label") }
      guard LabelName.isValid(targetLabel) else {
        throw RelabelConfigError("\"\(targetLabel)\" is not a valid target_label for action \(name)")
      }
    case .keep, .drop, .labelMap, .labelDrop, .labelKeep:
      break
    }
    if action == .hashMod, modulus == 0 {
      throw RelabelConfigError("relabel action hashmod requires a non-zero modulus")
    }
    if action == .keepEqual || action == .dropEqual {
      if regex != Self.defaultRegex || separator != Self.defaultSeparator || modulus != 0
        || replacement != Self.defaultReplacement
      {
        throw RelabelConfigError(
          "relabel action \(name) takes only source_labels and target_label (regex, separator, modulus and replacement must not be set)")
      }
    }
    if action == .labelDrop || action == .labelKeep {
      if !sourceLabels.isEmpty || !targetLabel.isEmpty || modulus != 0 || separator != Self.defaultSeparator
        || replacement != Self.defaultReplacement
      {
        throw RelabelConfigError(
          "relabel action \(name) takes only regex (source_labels, target_label, separator, modulus and replacement must not be set)")
      }
    }
    if action == .labelMap, !Self.isValidTargetTemplate(replacement) {
      throw RelabelConfigError("\"\(replacement)\" is not a valid replacement for action labelmap")
    }
  }

  /// What Prometheus accepts as a templated label name: label-name characters and `$name` /
  /// `${name}` references, starting with a letter, `_` or a reference.
  static func isValidTargetTemplate(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return false }
    func isWord(_ byte: UInt8) -> Bool {
      (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
    var index = 0
    var isFirst = true
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "$") {
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
          let start = index + 1
          var end = start
          while end < bytes.count, isWord(bytes[end]) { end += 1 }
          guard end > start, end < bytes.count, bytes[end] == UInt8(ascii: "}") else { return false }
          index = end + 1
        } else {
          let start = index
          while index < bytes.count, isWord(bytes[index]) { index += 1 }
          guard index > start else { return false }
        }
      } else if isWord(byte) {
        let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        if isFirst && isDigit { return false }
        index += 1
      } else {
        return false
      }
      isFirst = false
    }
    return true
  }
}

extension RelabelConfig: Decodable {
  enum CodingKeys: String, CodingKey {
    case sourceLabels = "source_labels"
    case separator
    case targetLabel = "target_label"
    case regex
    case modulus
    case replacement
    case action
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let actionText = try container.decodeIfPresent(String.self, forKey: .action) ?? RelabelAction.replace.rawValue
    let sourceLabels = try container.decodeIfPresent([String].self, forKey: .sourceLabels) ?? []
    let separator = try container.decodeIfPresent(String.self, forKey: .separator) ?? Self.defaultSeparator
    let targetLabel = try container.decodeIfPresent(String.self, forKey: .targetLabel) ?? ""
    let regex = try container.decodeIfPresent(String.self, forKey: .regex) ?? Self.defaultRegex
    let modulus = try container.decodeIfPresent(UInt64.self, forKey: .modulus) ?? 0
    let replacement = try container.decodeIfPresent(String.self, forKey: .replacement) ?? Self.defaultReplacement
    do {
      try self.init(
        sourceLabels: sourceLabels, separator: separator, targetLabel: targetLabel, regex: regex, modulus: modulus,
        replacement: replacement, action: RelabelAction(configText: actionText))
    } catch {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
    }
  }
}
