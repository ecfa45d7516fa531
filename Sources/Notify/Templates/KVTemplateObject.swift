// Alertmanager's KV (labels and annotations) and Pairs as template values: a map that `range`,
// `index`, `len` and `.name` read, with the methods SortedPairs, Names, Values and Remove, so
// operators' templates written for Alertmanager run unchanged.
package import GoTemplate
package import WardenCore

package enum KVTemplateObject {
  /// A KV for `labels` (already sorted by name).
  package static func make(_ labels: Labels) -> TemplateData {
    var map: [String: TemplateData] = [:]
    for label in labels.pairs { map[label.name] = .string(label.value) }
    return .object(
      TemplateObject(
        typeName: "template.KV",
        methods: [
          "SortedPairs": TemplateMethod(arity: 0...0) { _ in pairs(labels) },
          "Names": TemplateMethod(arity: 0...0) { _ in .list(labels.pairs.map { .string($0.name) }) },
          "Values": TemplateMethod(arity: 0...0) { _ in .list(labels.pairs.map { .string($0.value) }) },
          "Remove": TemplateMethod(arity: 1...1) { arguments in
            make(labels.removing(Set(try stringList(arguments[0], what: "Remove"))))
          },
        ],
        collection: .map(map)))
  }

  /// Alertmanager's Pairs: a list of {Name, Value} with Names and Values methods.
  static func pairs(_ labels: Labels) -> TemplateData {
    let list = labels.pairs.map { label in
      TemplateData.object(
        TemplateObject(typeName: "template.Pair", fields: ["Name": .string(label.name), "Value": .string(label.value)]))
    }
    return .object(
      TemplateObject(
        typeName: "template.Pairs",
        methods: [
          "Names": TemplateMethod(arity: 0...0) { _ in .list(labels.pairs.map { .string($0.name) }) },
          "Values": TemplateMethod(arity: 0...0) { _ in .list(labels.pairs.map { .string($0.value) }) },
        ],
        collection: .list(list)))
  }

  /// The strings of a list argument (`.GroupLabels.Names`, `stringSlice "a" "b"`).
  static func stringList(_ value: TemplateData, what: String) throws -> [String] {
    switch value {
    case .list(let items):
      return try items.map { item in
        guard case .string(let text) = item else {
          throw TemplateError(message: "\(what): expected a list of strings, got \(TemplateValueText.typeName(item)) in it")
        }
        return text
      }
    case .object(let object):
      if let collection = object.collection { return try stringList(collection, what: what) }
      throw TemplateError(message: "\(what): expected a list of strings, got \(object.typeName)")
    case .string(let text):
      return [text]
    default:
      throw TemplateError(message: "\(what): expected a list of strings, got \(TemplateValueText.typeName(value))")
    }
  }
}
