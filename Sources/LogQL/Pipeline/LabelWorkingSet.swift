// The labels of the line being processed: its stream's labels (shared, never copied), plus an
// overlay of what the record's metadata and the pipeline's stages set or removed. Lookups check
// the overlay first. The final `Labels` is built once per line, and not at all when nothing
// changed.
import WardenCore

struct LabelWorkingSet {
  static let errorName = "__error__"
  static let errorDetailsName = "__error_details__"

  private struct Entry {
    var name: String
    /// nil when the stage removed the label.
    var value: String?
  }

  private(set) var stream = Labels()
  private var overlay: [Entry] = []
  /// The first `originalCount` overlay entries are the record's metadata, which count as
  /// original labels for the `_extracted` rule.
  private var originalCount = 0

  init() {}

  /// Starts a new line; keeps the overlay's storage.
  mutating func reset(stream: Labels, metadata: ArraySlice<LogField>) {
    self.stream = stream
    overlay.removeAll(keepingCapacity: true)
    for field in metadata where !field.value.isEmpty {
      let name = isStreamLabel(field.name) ? field.name + "_extracted" : field.name
      set(name, field.value)
    }
    originalCount = overlay.count
  }

  var isUnchanged: Bool { overlay.isEmpty }

  func value(_ name: String) -> String? {
    for entry in overlay.reversed() where entry.name == name { return entry.value }
    for label in stream.pairs where label.name == name { return label.value }
    return nil
  }

  /// A label's value, "" when absent (Prometheus semantics for matchers).
  subscript(name: String) -> String { value(name) ?? "" }

  func contains(_ name: String) -> Bool { value(name) != nil }

  /// Whether `name` is one of the line's original labels (stream or metadata): an extracted label
  /// of that name is renamed with `_extracted`, as Loki does.
  func isOriginal(_ name: String) -> Bool {
    if isStreamLabel(name) { return true }
    for entry in overlay[0..<originalCount] where entry.name == name { return true }
    return false
  }

  private func isStreamLabel(_ name: String) -> Bool {
    for label in stream.pairs where label.name == name { return true }
    return false
  }

  mutating func set(_ name: String, _ value: String) {
    store(name, value)
  }

  mutating func remove(_ name: String) {
    guard contains(name) else { return }
    store(name, nil)
  }

  private mutating func store(_ name: String, _ value: String?) {
    if let index = overlay.lastIndex(where: { $0.name == name }) {
      overlay[index].value = value
    } else {
      overlay.append(Entry(name: name, value: value))
    }
  }

  var hasError: Bool { value(Self.errorName).map { !$0.isEmpty } ?? false }

  /// Records a stage's failure the way Loki does: `__error__` names the kind, and
  /// `__error_details__` says what went wrong.
  mutating func setError(_ kind: String, details: String) {
    set(Self.errorName, kind)
    set(Self.errorDetailsName, details)
  }

  /// Every present label (value may be empty), stream labels overridden by the overlay.
  func forEach(_ body: (String, String) -> Void) {
    for label in stream.pairs where !overlayHas(label.name) { body(label.name, label.value) }
    for entry in overlay {
      if let value = entry.value { body(entry.name, value) }
    }
  }

  private func overlayHas(_ name: String) -> Bool {
    overlay.contains { $0.name == name }
  }

  /// The names of every present label.
  var names: [String] {
    var names: [String] = []
    forEach { name, _ in names.append(name) }
    return names
  }

  /// The final label set; the stream's own `Labels` (no allocation) when nothing changed.
  func build() -> Labels {
    if overlay.isEmpty { return stream }
    var pairs: [Label] = []
    pairs.reserveCapacity(stream.count + overlay.count)
    forEach { name, value in
      if !value.isEmpty { pairs.append(Label(name, value)) }
    }
    pairs.sort { $0.name < $1.name }
    return Labels(sortedPairs: pairs)
  }
}
