// Helpers the GoTemplate suites share: parse-and-run shortcuts that hand errors back as values
// (typed throws inside test bodies trip a compiler bug), and data builders shaped like
// Alertmanager's template data (KV maps with methods, Alerts lists with Firing/Resolved).
@testable import GoTemplate

enum TemplateRun {
  static func parse(
    _ text: String, name: String = "t", functions: TemplateFunctions = .builtins, options: TemplateOptions = TemplateOptions()
  ) -> Result<TemplateSet, TemplateError> {
    var set = TemplateSet(functions: functions, options: options)
    do {
      try set.parse(text, name: name)
      return .success(set)
    } catch {
      return .failure(error)
    }
  }

  static func execute(_ set: TemplateSet, _ name: String = "t", data: TemplateData = .null) async -> Result<String, TemplateError> {
    do {
      return .success(try await set.execute(name, data: data))
    } catch {
      return .failure(error)
    }
  }

  /// Runs a parsed template: the output, or `ERROR: <description>`.
  static func output(_ set: TemplateSet, _ name: String = "t", data: TemplateData = .null) async -> String {
    switch await execute(set, name, data: data) {
    case .success(let output): return output
    case .failure(let error): return "ERROR: \(error)"
    }
  }

  /// Parses and runs `text`; the output, or the error's description.
  static func render(
    _ text: String, _ data: TemplateData = .null, functions: TemplateFunctions = .builtins, options: TemplateOptions = TemplateOptions()
  ) async -> Result<String, TemplateError> {
    switch parse(text, functions: functions, options: options) {
    case .success(let set): return await execute(set, data: data)
    case .failure(let error): return .failure(error)
    }
  }

  /// The output, or `ERROR: <description>` so one `#expect` shows both cases.
  static func text(
    _ text: String, _ data: TemplateData = .null, functions: TemplateFunctions = .builtins, options: TemplateOptions = TemplateOptions()
  ) async -> String {
    switch await render(text, data, functions: functions, options: options) {
    case .success(let output): return output
    case .failure(let error): return "ERROR: \(error)"
    }
  }

  /// The parse error's description, or nil when the text parses.
  static func parseError(_ text: String, functions: TemplateFunctions = .builtins) -> String? {
    if case .failure(let error) = parse(text, functions: functions) { return error.description }
    return nil
  }
}

/// Values shaped like Alertmanager's template data.
enum AlertmanagerData {
  static func pairs(_ pairs: [(String, String)]) -> TemplateData {
    let items = pairs.map { name, value in
      TemplateData.object(TemplateObject(typeName: "template.Pair", fields: ["Name": .string(name), "Value": .string(value)]))
    }
    return .object(
      TemplateObject(
        typeName: "template.Pairs",
        methods: [
          "Names": TemplateMethod(arity: 0...0) { _ in .list(pairs.map { .string($0.0) }) },
          "Values": TemplateMethod(arity: 0...0) { _ in .list(pairs.map { .string($0.1) }) },
        ],
        collection: .list(items)))
  }

  /// Alertmanager's KV: a map with SortedPairs, Names, Values and Remove.
  static func kv(_ entries: [String: String]) -> TemplateData {
    let sorted = entries.sorted { $0.key < $1.key }
    return .object(
      TemplateObject(
        typeName: "template.KV",
        methods: [
          "SortedPairs": TemplateMethod(arity: 0...0) { _ in pairs(sorted.map { ($0.key, $0.value) }) },
          "Names": TemplateMethod(arity: 0...0) { _ in .list(sorted.map { .string($0.key) }) },
          "Values": TemplateMethod(arity: 0...0) { _ in .list(sorted.map { .string($0.value) }) },
          "Remove": TemplateMethod(arity: 1...1) { arguments in
            guard case .list(let names) = arguments[0] else { throw TemplateError(message: "Remove wants a list of names") }
            let removed = Set(names.compactMap(\.stringValue))
            return kv(entries.filter { !removed.contains($0.key) })
          },
        ],
        collection: .map(entries.mapValues { .string($0) })))
  }

  static func alert(status: String, labels: [String: String], annotations: [String: String], startsAt: Int64) -> TemplateData {
    .object(
      TemplateObject(
        typeName: "template.Alert",
        fields: [
          "Status": .string(status), "Labels": kv(labels), "Annotations": kv(annotations),
          "StartsAt": .time(startsAt), "EndsAt": TemplateData.zeroTime,
          "GeneratorURL": .string("http://prometheus/graph?g0.expr=up"), "Fingerprint": .string("0123456789abcdef"),
        ]))
  }

  private static func status(_ alert: TemplateData) -> String? {
    guard case .object(let object) = alert else { return nil }
    return object.fields["Status"]?.stringValue
  }

  static func alerts(_ alerts: [TemplateData]) -> TemplateData {
    .object(
      TemplateObject(
        typeName: "template.Alerts",
        methods: [
          "Firing": TemplateMethod(arity: 0...0) { _ in Self.alerts(alerts.filter { status($0) == "firing" }) },
          "Resolved": TemplateMethod(arity: 0...0) { _ in Self.alerts(alerts.filter { status($0) == "resolved" }) },
        ],
        collection: .list(alerts)))
  }

  /// toUpper and join, two of Alertmanager's template functions, as callers add them.
  static let functions = TemplateFunctions.builtins.merging(
    TemplateFunctions([
      "toUpper": TemplateFunction(arity: 1...1) { arguments in .string((arguments[0].stringValue ?? "").uppercased()) },
      "join": TemplateFunction(arity: 2...2) { arguments in
        guard case .list(let items) = TemplateCollections.collectionView(arguments[1]) else {
          throw TemplateError(message: "join wants a list")
        }
        return .string(items.map(\.printed).joined(separator: arguments[0].stringValue ?? ""))
      },
    ]))
}
