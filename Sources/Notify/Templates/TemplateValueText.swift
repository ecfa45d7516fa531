// Reading template arguments as the Go types Alertmanager's functions take (string, []string,
// time.Time), with Go-like messages when a template passes something else.
import GoTemplate

enum TemplateValueText {
  /// The Go type name of a value, for error messages.
  static func typeName(_ value: TemplateData) -> String {
    switch value {
    case .null: return "nil"
    case .bool: return "bool"
    case .int: return "int"
    case .float: return "float64"
    case .string: return "string"
    case .safeHTML: return "template.HTML"
    case .time: return "time.Time"
    case .duration: return "time.Duration"
    case .list: return "[]interface {}"
    case .map: return "map[string]interface {}"
    case .object(let object): return object.typeName
    }
  }

  static func string(_ value: TemplateData, _ function: String) throws -> String {
    switch value {
    case .string(let text), .safeHTML(let text): return text
    default: throw TemplateError(message: "\(function): expected string, got \(typeName(value))")
    }
  }

  /// A time argument: a time.Time value or one `tz` returned.
  static func instant(_ value: TemplateData, _ function: String) throws -> ZonedInstant {
    switch value {
    case .time(let nanos): return ZonedInstant(unixNanos: nanos)
    case .object(let object) where object.typeName == ZonedTimeObject.typeName:
      if let instant = ZonedTimeObject.instant(object) { return instant }
    default: break
    }
    throw TemplateError(message: "\(function): expected time.Time, got \(typeName(value))")
  }
}

/// A time shown in a zone, as `tz` returns it: an object `date` reads back, with Go's Format and
/// Unix methods, printing as Go prints a zoned time.
enum ZonedTimeObject {
  static let typeName = "time.Time"

  static func make(_ instant: ZonedInstant) -> TemplateData {
    .object(
      TemplateObject(
        typeName: typeName,
        fields: [
          "unixNanos": .int(instant.unixNanos), "offsetSeconds": .int(Int64(instant.offsetSeconds)),
          "abbreviation": .string(instant.abbreviation),
        ],
        methods: [
          "Format": TemplateMethod(arity: 1...1) { arguments in
            .string(GoTimeLayout.format(instant, layout: try TemplateValueText.string(arguments[0], "Format")))
          },
          "Unix": TemplateMethod(arity: 0...0) { _ in .int(instant.secondsAndNanos.seconds) },
          "String": TemplateMethod(arity: 0...0) { _ in .string(GoTimeLayout.format(instant, layout: GoTimeLayout.goDefault)) },
        ]))
  }

  static func instant(_ object: TemplateObject) -> ZonedInstant? {
    guard case .int(let nanos)? = object.fields["unixNanos"], case .int(let offset)? = object.fields["offsetSeconds"],
      case .string(let abbreviation)? = object.fields["abbreviation"]
    else { return nil }
    return ZonedInstant(unixNanos: nanos, offsetSeconds: Int(offset), abbreviation: abbreviation)
  }
}
