// `toJson`: a template value as Go's json.Marshal would write the Alertmanager value behind it
// (maps with sorted keys, structs with lower-camel field names, times in RFC 3339).
import GoTemplate

enum TemplateJSON {
  static func value(_ data: TemplateData) -> JSONValue {
    switch data {
    case .null: return .null
    case .bool(let value): return .bool(value)
    case .int(let value): return .int(value)
    case .float(let value): return .double(value)
    case .string(let text), .safeHTML(let text): return .string(text)
    case .time(let nanos): return .string(GoTimeLayout.format(ZonedInstant(unixNanos: nanos), layout: GoTimeLayout.rfc3339Nano))
    case .duration(let nanos): return .int(nanos)  // Go marshals a Duration as its nanoseconds
    case .list(let items): return .array(items.map(value))
    case .map(let map): return .object(map.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) })
    case .object(let object):
      if object.typeName == ZonedTimeObject.typeName, let instant = ZonedTimeObject.instant(object) {
        return .string(GoTimeLayout.format(instant, layout: GoTimeLayout.rfc3339Nano))
      }
      if let collection = object.collection { return value(collection) }
      return .object(object.fields.sorted { $0.key < $1.key }.map { (lowerCamel($0.key), value($0.value)) })
    }
  }

  /// "ExternalURL" → "externalURL", "Status" → "status", as Alertmanager's JSON tags name them.
  private static func lowerCamel(_ name: String) -> String {
    guard let first = name.first else { return name }
    return first.lowercased() + name.dropFirst()
  }
}
