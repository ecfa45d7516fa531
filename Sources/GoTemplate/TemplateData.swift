// The dynamic values Go templates compute with. Go's templates walk arbitrary Go values through
// reflection; here the caller builds its data from these cases instead: scalars, lists, maps,
// and objects with named fields and methods (Alertmanager's `.Alerts.Firing`,
// `.CommonLabels.SortedPairs`), so one engine serves Prometheus's and Alertmanager's templates.

/// One value in a template's data or computed by it.
package indirect enum TemplateData: Sendable {
  /// Go's nil; printed as `<no value>` where Go prints that.
  case null
  case bool(Bool)
  case int(Int64)
  case float(Double)
  case string(String)
  /// Text that HTML-escaping output must leave alone (what `safeHtml` returns).
  case safeHTML(String)
  /// An instant (Unix nanoseconds), printed as Go prints a time.Time in UTC. `Int64.min`
  /// (`TemplateData.zeroTime`) stands for Go's zero time, which `.IsZero` reports.
  case time(Int64)
  /// A duration in nanoseconds, printed as Go prints a time.Duration (`1h2m3s`).
  case duration(Int64)
  case list([TemplateData])
  /// A map; `range` walks it in sorted key order, `.key` and `index` read it.
  case map([String: TemplateData])
  case object(TemplateObject)
}

/// A struct-like value: named fields read with `.Name`, methods called with `.Name arg...`, and
/// optionally a map or list view that `range`, `index` and `len` use (Alertmanager's KV is a map
/// with methods; its Alerts is a list with methods).
package struct TemplateObject: Sendable {
  /// Go's type name, for error messages ("can't evaluate field X in type template.Data").
  package var typeName: String
  package var fields: [String: TemplateData]
  package var methods: [String: TemplateMethod]
  /// What `range`, `index` and `len` see, and what printing shows, when the object is also a
  /// collection (a `.map` or `.list`); nil for plain structs.
  package var collection: TemplateData?

  package init(
    typeName: String, fields: [String: TemplateData] = [:], methods: [String: TemplateMethod] = [:],
    collection: TemplateData? = nil
  ) {
    self.typeName = typeName
    self.fields = fields
    self.methods = methods
    self.collection = collection
  }
}

/// A method of a `TemplateObject` (its receiver is captured by the closure).
package struct TemplateMethod: Sendable {
  package var arity: ClosedRange<Int>
  package var body: @Sendable ([TemplateData]) throws -> TemplateData

  package init(arity: ClosedRange<Int>, _ body: @escaping @Sendable ([TemplateData]) throws -> TemplateData) {
    self.arity = arity
    self.body = body
  }
}

/// A function templates may call by name. Async because Prometheus's `query` runs PromQL.
/// The body receives evaluated arguments (a piped value last) and throws `TemplateError` (or
/// any error, which becomes one) to stop the execution with a message.
package struct TemplateFunction: Sendable {
  package var arity: ClosedRange<Int>
  package var body: @Sendable ([TemplateData]) async throws -> TemplateData
  /// Which of Go's predefined functions this is, so execution can run it without the async hop
  /// and give `and`/`or` their short-circuit; nil for every function a caller supplies.
  var builtin: BuiltinFunction?

  package init(arity: ClosedRange<Int>, _ body: @escaping @Sendable ([TemplateData]) async throws -> TemplateData) {
    self.arity = arity
    self.body = body
    self.builtin = nil
  }
}
