// eq, ne, lt, le, gt, ge with Go's rules: only basic kinds (bool, integer, float, string) compare,
// different kinds are "incompatible types for comparison", and nil equals only nil. One
// relaxation: integers and floats compare by value, because data that Go would hold as float64
// (sample values) and constants written as integers meet here as different cases.

enum TemplateComparison {
  private enum Kind: Equatable {
    case bool, integer, float, string, time, nilValue, other
  }

  private static func kind(_ value: TemplateData) -> Kind {
    switch value {
    case .null: .nilValue
    case .bool: .bool
    case .int, .duration: .integer
    case .float: .float
    case .string, .safeHTML: .string
    case .time: .time
    case .list, .map, .object: .other
    }
  }

  private static func number(_ value: TemplateData) -> Double? {
    switch value {
    case .int(let number), .duration(let number): Double(number)
    case .float(let number): number
    default: nil
    }
  }

  private static func integer(_ value: TemplateData) -> Int64? {
    switch value {
    case .int(let number), .duration(let number): number
    default: nil
    }
  }

  /// `eq arg1 arg2...`: whether arg1 equals any of the others.
  static func equal(_ first: TemplateData, _ others: [TemplateData]) throws(TemplateError) -> Bool {
    guard !others.isEmpty else { throw TemplateError(message: "missing argument for comparison") }
    let firstKind = kind(first)
    for other in others {
      let otherKind = kind(other)
      var truth = false
      if firstKind != otherKind {
        if (firstKind == .integer || firstKind == .float) && (otherKind == .integer || otherKind == .float) {
          truth = number(first) == number(other)
        } else if firstKind != .nilValue && otherKind != .nilValue {
          throw TemplateError(message: "incompatible types for comparison")
        }
      } else {
        switch (first, other) {
        case (.bool(let left), .bool(let right)): truth = left == right
        case (.float(let left), .float(let right)): truth = left == right
        case (.time(let left), .time(let right)): truth = left == right
        case (.null, .null): truth = true
        default:
          if let left = integer(first), let right = integer(other) {
            truth = left == right
          } else if let left = first.stringValue, let right = other.stringValue {
            truth = left.utf8.elementsEqual(right.utf8)
          } else {
            throw TemplateError(message: "non-comparable type \(first.goTypeName)")
          }
        }
      }
      if truth { return true }
    }
    return false
  }

  /// `lt arg1 arg2`; le, gt and ge are built from it and `equal`.
  static func less(_ first: TemplateData, _ second: TemplateData) throws(TemplateError) -> Bool {
    let firstKind = kind(first)
    let secondKind = kind(second)
    for kind in [firstKind, secondKind] where kind != .integer && kind != .float && kind != .string && kind != .bool {
      throw TemplateError(message: "invalid type for comparison")
    }
    if firstKind != secondKind {
      guard let left = number(first), let right = number(second) else {
        throw TemplateError(message: "incompatible types for comparison")
      }
      // An int against a float: exact when both fit, else by value.
      return left < right
    }
    switch firstKind {
    case .bool: throw TemplateError(message: "invalid type for comparison")
    case .integer: return integer(first)! < integer(second)!
    case .float: return number(first)! < number(second)!
    default: return first.stringValue!.utf8.lexicographicallyPrecedes(second.stringValue!.utf8)
    }
  }
}
