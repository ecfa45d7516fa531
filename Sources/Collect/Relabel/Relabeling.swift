// Runs a list of relabel rules over one label set, with Prometheus's semantics for each action.
// metric_relabel_configs run per scraped sample, so an empty list costs nothing, the label set is
// edited in place in its sorted order (never re-sorted), and the default `(.*)` regex never
// reaches the regex engine.
package import WardenCore

extension [RelabelConfig] {
  /// The labels after every rule, or nil when a rule dropped them.
  package func apply(to labels: Labels) -> Labels? {
    if isEmpty { return labels }
    var builder = SortedLabelEditor(labels.pairs)
    for config in self {
      if !config.apply(to: &builder) { return nil }
    }
    return builder.isChanged ? Labels(sortedPairs: builder.pairs) : labels
  }
}

extension RelabelConfig {
  /// Applies this rule; false when the labels are to be dropped.
  func apply(to labels: inout SortedLabelEditor) -> Bool {
    switch action {
    case .drop: return !compiledRegex.matches(sourceValue(labels))
    case .keep: return compiledRegex.matches(sourceValue(labels))
    case .dropEqual: return labels[targetLabel] != sourceValue(labels)
    case .keepEqual: return labels[targetLabel] == sourceValue(labels)
    case .replace: replace(in: &labels)
    case .lowercase: labels.set(targetLabel, sourceValue(labels).lowercased())
    case .uppercase: labels.set(targetLabel, sourceValue(labels).uppercased())
    case .hashMod:
      let digest = MD5.digest(sourceValue(labels).utf8)
      // Prometheus reads the digest's last 8 bytes as a big-endian integer.
      let tail = digest[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
      labels.set(targetLabel, String(tail % modulus))
    case .labelMap:
      // Every rule sees the labels as they were before it ran, as Prometheus's builder does.
      for label in labels.pairs {
        guard let match = compiledRegex.match(label.name) else { continue }
        // Prometheus would set an invalid name and reject the whole series or target later;
        // skipping it here keeps every label set valid and loses nothing that could be stored.
        let name = replacementTemplate.expand(match)
        if LabelName.isValid(name) { labels.set(name, label.value) }
      }
    case .labelDrop:
      labels.removeAll { compiledRegex.matches($0.name) }
    case .labelKeep:
      labels.removeAll { !compiledRegex.matches($0.name) }
    }
    return true
  }

  private func replace(in labels: inout SortedLabelEditor) {
    let value = sourceValue(labels)
    guard let match = compiledRegex.match(value) else { return }
    let target = targetTemplate.literalText ?? targetTemplate.expand(match)
    guard LabelName.isValid(target) else { return }
    labels.set(target, replacementTemplate.expand(match))
  }

  /// The source labels' values joined by the separator ("" for an absent label).
  private func sourceValue(_ labels: SortedLabelEditor) -> String {
    if sourceLabels.count == 1 { return labels[sourceLabels[0]] }
    var joined = ""
    for (index, name) in sourceLabels.enumerated() {
      if index > 0 { joined += separator }
      joined += labels[name]
    }
    return joined
  }
}

/// A label set being edited: pairs kept sorted by name with unique names and no empty values,
/// so the result becomes `Labels` without sorting again.
struct SortedLabelEditor {
  private(set) var pairs: [Label]
  private(set) var isChanged = false

  init(_ pairs: [Label]) {
    self.pairs = pairs
  }

  subscript(name: String) -> String {
    if let index = position(of: name).found { return pairs[index].value }
    return ""
  }

  /// Sets `name` to `value`; an empty value removes the label (Prometheus semantics).
  mutating func set(_ name: String, _ value: String) {
    let (found, insertion) = position(of: name)
    if let index = found {
      if value.isEmpty {
        pairs.remove(at: index)
        isChanged = true
      } else if pairs[index].value != value {
        pairs[index].value = value
        isChanged = true
      }
    } else if !value.isEmpty {
      pairs.insert(Label(name, value), at: insertion)
      isChanged = true
    }
  }

  mutating func removeAll(where shouldRemove: (Label) -> Bool) {
    let before = pairs.count
    pairs.removeAll(where: shouldRemove)
    if pairs.count != before { isChanged = true }
  }

  /// Binary search: the index holding `name`, or where it would be inserted.
  private func position(of name: String) -> (found: Int?, insertion: Int) {
    var low = 0
    var high = pairs.count
    while low < high {
      let middle = (low + high) / 2
      if pairs[middle].name < name { low = middle + 1 } else { high = middle }
    }
    if low < pairs.count, pairs[low].name == name { return (low, low) }
    return (nil, low)
  }
}
