// Reading template function arguments the way Go's reflection-based calls accept them: strings
// where a string is expected, and Prometheus's number conversion (floats, integers, numeric
// strings, durations and times) where a number is expected, with Go's error wording.
import GoTemplate

/// A failure inside a template function; the template engine reports it as
/// `error calling <function>: <message>`.
package struct TemplateFunctionError: Error, Sendable, CustomStringConvertible {
  package var message: String

  package init(_ message: String) {
    self.message = message
  }

  package var description: String { message }
}

extension TemplateData {
  /// Go's name for the value's type, as `%T` prints it in error messages.
  var goTypeName: String {
    switch self {
    case .null: "<nil>"
    case .bool: "bool"
    case .int: "int"
    case .float: "float64"
    case .string: "string"
    case .safeHTML: "template.HTML"
    case .time: "*time.Time"
    case .duration: "*time.Duration"
    case .list: "[]interface {}"
    case .map: "map[string]interface {}"
    case .object(let object): object.typeName
    }
  }

  /// The text of a string argument.
  func stringArgument() throws(TemplateFunctionError) -> String {
    switch self {
    case .string(let text), .safeHTML(let text): return text
    default: throw TemplateFunctionError("wrong type for value; expected string; got \(goTypeName)")
    }
  }

  /// Prometheus's ConvertToFloat: numbers, numeric strings (Go's ParseFloat), durations as
  /// seconds and times as Unix seconds.
  func floatArgument() throws(TemplateFunctionError) -> Double {
    switch self {
    case .float(let value): return value
    case .int(let value): return Double(value)
    case .duration(let nanoseconds): return Double(nanoseconds) / 1e9
    case .time(let nanoseconds): return Double(nanoseconds) / 1e9
    case .string(let text), .safeHTML(let text):
      guard let value = Self.parseGoFloat(text) else {
        throw TemplateFunctionError("strconv.ParseFloat: parsing \(goQuoted(text)): invalid syntax")
      }
      return value
    default:
      throw TemplateFunctionError("can't convert \(goTypeName) to float")
    }
  }

  /// Go's strconv.ParseFloat for the forms people write: decimal and exponent notation, hex
  /// floats, and inf/infinity/nan in any case with an optional sign.
  static func parseGoFloat(_ text: String) -> Double? {
    guard !text.isEmpty, !text.contains(where: { $0.isWhitespace || $0 == "_" }) else { return nil }
    var body = Substring(text)
    var sign = 1.0
    if let first = body.first, first == "+" || first == "-" {
      sign = first == "-" ? -1 : 1
      body = body.dropFirst()
    }
    switch body.lowercased() {
    case "inf", "infinity": return sign * .infinity
    case "nan": return .nan
    default: break
    }
    guard let value = Double(body), body.first != "+", body.first != "-" else { return nil }
    return sign * value
  }

  /// The list behind a value (a list, or an object that is a list).
  func listArgument() throws(TemplateFunctionError) -> [TemplateData] {
    switch self {
    case .list(let elements): return elements
    case .object(let object):
      if case .list(let elements)? = object.collection { return elements }
    default: break
    }
    throw TemplateFunctionError("wrong type for value; expected template.queryResult; got \(goTypeName)")
  }

  /// A field of a struct-like value, nil when absent.
  func field(_ name: String) -> TemplateData? {
    if case .object(let object) = self { return object.fields[name] }
    if case .map(let entries) = self { return entries[name] }
    return nil
  }
}

extension [TemplateData] {
  /// Argument `index`, or an error naming the function when the engine passed fewer.
  func argument(_ index: Int, of function: String) throws(TemplateFunctionError) -> TemplateData {
    guard index < count else { throw TemplateFunctionError("\(function): missing argument \(index + 1)") }
    return self[index]
  }
}
