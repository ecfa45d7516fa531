// How Go sees a template value: its type name (for error messages and printf's `%!d(string=x)`),
// its truth (`if`, `with`, `and`, `or`, `not`) and its default text (fmt's `%v`).

extension TemplateData {
  /// The Go type a value of this case would have in Prometheus's or Alertmanager's data.
  package var goTypeName: String {
    switch self {
    case .null: "<nil>"
    case .bool: "bool"
    case .int: "int"
    case .float: "float64"
    case .string: "string"
    case .safeHTML: "template.HTML"
    case .time: "time.Time"
    case .duration: "time.Duration"
    case .list: "[]interface {}"
    case .map: "map[string]interface {}"
    case .object(let object): object.typeName
    }
  }

  /// Go's template truth: false, 0, nil, and empty strings, lists and maps are false; structs
  /// and times are true.
  package var isTruthy: Bool {
    switch self {
    case .null: false
    case .bool(let value): value
    case .int(let value): value != 0
    case .float(let value): value != 0
    case .string(let text), .safeHTML(let text): !text.isEmpty
    case .time: true
    case .duration(let value): value != 0
    case .list(let items): !items.isEmpty
    case .map(let entries): !entries.isEmpty
    case .object(let object): object.collection?.isTruthy ?? true
    }
  }

  /// The text or HTML string inside, for functions that take strings.
  package var stringValue: String? {
    switch self {
    case .string(let text), .safeHTML(let text): text
    default: nil
    }
  }

  /// What the template prints for this value: fmt's `%v`, with `<no value>` for a missing one.
  package var printed: String {
    var out = ""
    appendPrinted(to: &out)
    return out
  }

  /// Appends the printed form to `out` (an action's output goes straight into the buffer).
  package func appendPrinted(to out: inout String) {
    switch self {
    case .null: out += "<no value>"
    case .string(let text), .safeHTML(let text): out += text
    default: appendGoValue(to: &out)
    }
  }

  /// fmt's `%v` of this value inside another (a nil element prints as `<nil>`).
  package func appendGoValue(to out: inout String) {
    switch self {
    case .null: out += "<nil>"
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .float(let value): out += GoFloat.shortest(value)
    case .string(let text), .safeHTML(let text): out += text
    case .time(let nanoseconds): out += GoTime.defaultFormat(TemplateData.instant(ofTime: nanoseconds))
    case .duration(let nanoseconds): out += GoDuration.string(nanoseconds)
    case .list(let items):
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += " " }
        item.appendGoValue(to: &out)
      }
      out += "]"
    case .map(let entries):
      out += "map["
      for (index, key) in entries.keys.sorted().enumerated() {
        if index > 0 { out += " " }
        out += key
        out += ":"
        entries[key]!.appendGoValue(to: &out)
      }
      out += "]"
    case .object(let object):
      if let collection = object.collection {
        collection.appendGoValue(to: &out)
        return
      }
      // Go prints a struct's fields in declaration order; the names sort instead.
      out += "{"
      for (index, name) in object.fields.keys.sorted().enumerated() {
        if index > 0 { out += " " }
        object.fields[name]!.appendGoValue(to: &out)
      }
      out += "}"
    }
  }

  /// The zero value of this value's kind: what `missingkey=zero` and `index` give for a missing
  /// map entry of the same element type.
  var zeroOfKind: TemplateData {
    switch self {
    case .bool: .bool(false)
    case .int: .int(0)
    case .float: .float(0)
    case .string, .safeHTML: .string("")
    case .duration: .duration(0)
    default: .null
    }
  }
}

extension [String: TemplateData] {
  /// The zero value of the map's element type, inferred from an element (string for an empty map,
  /// the common `map[string]string` of labels).
  var zeroElement: TemplateData {
    first?.value.zeroOfKind ?? .string("")
  }
}
