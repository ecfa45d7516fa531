// Prometheus's template functions for alert labels and annotations, on top of Go's builtins:
// queries (query, first, label, value, strvalue, sortByLabel), numbers (humanize...), strings
// (title, toUpper, match, reReplaceAll, graphLink...), times (toTime, toDuration, parseDuration,
// now) and links (externalURL, pathPrefix). `query` and `now` depend on the evaluation, so they
// are bound per evaluation; the rest are built once per manager.
package import GoTemplate
package import PromQL
import WardenCore

/// Runs an instant query for the `query` template function.
package typealias TemplateQuery = @Sendable (_ query: String, _ atMs: Int64) async throws -> [VectorSample]

package struct AlertTemplateFunctions: Sendable {
  /// Every function except the evaluation-bound ones, for one external URL.
  private let base: TemplateFunctions

  package init(externalURL: String) {
    base = TemplateFunctions.builtins.merging(Self.common).merging(Self.links(externalURL: externalURL))
  }

  /// The functions for one evaluation at `evaluationMs`, with `query` running `run`.
  package func bound(evaluationMs: Int64, query run: @escaping TemplateQuery) -> TemplateFunctions {
    var functions = base
    functions.table["query"] = TemplateFunction(arity: 1...1) { arguments in
      let text = try arguments.argument(0, of: "query").stringArgument()
      let samples = try await run(text, evaluationMs)
      return .list(samples.map { AlertTemplateData.sample(labels: $0.labels, value: $0.value) })
    }
    functions.table["now"] = TemplateFunction(arity: 0...0) { _ in .float(Double(evaluationMs) / 1000) }
    return functions
  }

  /// What templates are parsed against: every name known, so a misspelt function is a load error.
  static let forParsing = AlertTemplateFunctions(externalURL: "").bound(evaluationMs: 0) { _, _ in [] }

  // MARK: - The evaluation-independent functions

  private static func links(externalURL: String) -> TemplateFunctions {
    TemplateFunctions([
      "externalURL": TemplateFunction(arity: 0...0) { _ in .string(externalURL) },
      "pathPrefix": TemplateFunction(arity: 0...0) { _ in .string(urlPath(externalURL)) },
    ])
  }

  /// The path of a URL (`http://host:9090/prefix` is `/prefix`).
  static func urlPath(_ url: String) -> String {
    guard let schemeEnd = url.firstRange(of: "://") else { return url.hasPrefix("/") ? url : "" }
    let afterAuthority = url[schemeEnd.upperBound...]
    guard let slash = afterAuthority.firstIndex(of: "/") else { return "" }
    let path = afterAuthority[slash...]
    return String(path.prefix { $0 != "?" && $0 != "#" })
  }

  private static let common = TemplateFunctions([
    "first": TemplateFunction(arity: 1...1) { arguments in
      let samples = try arguments.argument(0, of: "first").listArgument()
      guard let first = samples.first else { throw TemplateFunctionError("first() called on vector with no elements") }
      return first
    },
    "label": TemplateFunction(arity: 2...2) { arguments in
      let name = try arguments.argument(0, of: "label").stringArgument()
      return arguments[1].field("Labels")?.field(name) ?? .string("")
    },
    "value": TemplateFunction(arity: 1...1) { arguments in
      arguments[0].field("Value") ?? .float(0)
    },
    "strvalue": TemplateFunction(arity: 1...1) { arguments in
      arguments[0].field("Labels")?.field("__value__") ?? .string("")
    },
    "sortByLabel": TemplateFunction(arity: 2...2) { arguments in
      let name = try arguments.argument(0, of: "sortByLabel").stringArgument()
      let samples = try arguments[1].listArgument()
      let keyed = samples.enumerated().map { (index: $0.offset, key: Self.labelText($0.element, name), sample: $0.element) }
      // Stable: equal keys keep their order.
      let sorted = keyed.sorted { ($0.key, $0.index) < ($1.key, $1.index) }
      return .list(sorted.map(\.sample))
    },
    "args": TemplateFunction(arity: 0...Int.max) { arguments in
      var entries: [String: TemplateData] = [:]
      for (index, argument) in arguments.enumerated() { entries["arg\(index)"] = argument }
      return .map(entries)
    },
    "safeHtml": TemplateFunction(arity: 1...1) { arguments in
      .safeHTML(try arguments[0].stringArgument())
    },
    "match": TemplateFunction(arity: 2...2) { arguments in
      let pattern = try arguments[0].stringArgument()
      let text = try arguments[1].stringArgument()
      return .bool(try TemplateRegex(pattern).matches(text))
    },
    "reReplaceAll": TemplateFunction(arity: 3...3) { arguments in
      let pattern = try arguments[0].stringArgument()
      let replacement = try arguments[1].stringArgument()
      let text = try arguments[2].stringArgument()
      return .string(try TemplateRegex(pattern).replaceAll(in: text, with: replacement))
    },
    "title": stringFunction(TemplateText.title),
    "toUpper": stringFunction(TemplateText.upper),
    "toLower": stringFunction(TemplateText.lower),
    "stripPort": stringFunction(TemplateText.stripPort),
    "stripDomain": stringFunction(TemplateText.stripDomain),
    "graphLink": stringFunction { TemplateText.expressionBrowserLink($0, tab: 0) },
    "tableLink": stringFunction { TemplateText.expressionBrowserLink($0, tab: 1) },
    "humanize": numberFunction(HumanizeFormat.metric),
    "humanize1024": numberFunction(HumanizeFormat.binary),
    "humanizeDuration": numberFunction(HumanizeFormat.duration),
    "humanizePercentage": numberFunction(HumanizeFormat.percentage),
    "humanizeTimestamp": TemplateFunction(arity: 1...1) { arguments in
      .string(try HumanizeFormat.timestamp(try arguments[0].floatArgument()))
    },
    "toTime": TemplateFunction(arity: 1...1) { arguments in
      .time(try HumanizeFormat.unixMilliseconds(fromSeconds: try arguments[0].floatArgument()) * 1_000_000)
    },
    "toDuration": TemplateFunction(arity: 1...1) { arguments in
      let seconds = try arguments[0].floatArgument()
      if !seconds.isFinite { throw TemplateFunctionError("value is NaN or Inf") }
      let nanoseconds = seconds * 1e9
      guard abs(nanoseconds) < 9.223372036854775e18 else {
        throw TemplateFunctionError("\(GoFormat.general(seconds)) cannot be represented as a nanoseconds duration since it overflows int64")
      }
      return .duration(Int64(nanoseconds))
    },
    "parseDuration": TemplateFunction(arity: 1...1) { arguments in
      let text = try arguments[0].stringArgument()
      guard let milliseconds = PrometheusDuration.parseMilliseconds(text) else {
        throw TemplateFunctionError("not a valid duration string: \(goQuoted(text))")
      }
      return .float(Double(milliseconds) / 1000)
    },
  ])

  private static func labelText(_ sample: TemplateData, _ name: String) -> String {
    if case .string(let text)? = sample.field("Labels")?.field(name) { return text }
    return ""
  }

  private static func stringFunction(_ body: @escaping @Sendable (String) -> String) -> TemplateFunction {
    TemplateFunction(arity: 1...1) { arguments in .string(body(try arguments[0].stringArgument())) }
  }

  private static func numberFunction(_ body: @escaping @Sendable (Double) -> String) -> TemplateFunction {
    TemplateFunction(arity: 1...1) { arguments in .string(body(try arguments[0].floatArgument())) }
  }
}
