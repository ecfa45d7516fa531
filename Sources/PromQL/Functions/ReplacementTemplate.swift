// label_replace()'s replacement text: `$1`, `${1}`, `$name`, `${name}` and `$$`, expanded the way
// Go's Regexp.Expand does it (a name is the longest run of letters, digits and `_`; unknown or
// unmatched groups expand to nothing; a malformed `$` stays literal).

enum ReplacementTemplate {
  static func expand(_ template: String, groups: [LabelRegex.Group]) -> String {
    var output = ""
    var rest = Substring(template)
    while let dollar = rest.firstIndex(of: "$") {
      output += rest[..<dollar]
      rest = rest[rest.index(after: dollar)...]
      if rest.first == "$" {
        output += "$"
        rest = rest.dropFirst()
        continue
      }
      guard let (name, remainder) = reference(in: rest) else {
        output += "$"
        continue
      }
      rest = remainder
      if let number = groupNumber(name) {
        if number < groups.count, let text = groups[number].text { output += text }
      } else if let group = groups.first(where: { $0.name.map { $0[...] == name } ?? false }), let text = group.text {
        output += text
      }
    }
    output += rest
    return output
  }

  /// The reference after a `$`: `name` or `{name}`, and the text after it.
  private static func reference(in text: Substring) -> (name: Substring, rest: Substring)? {
    var body = text
    let braced = body.first == "{"
    if braced { body = body.dropFirst() }
    let end = body.unicodeScalars.firstIndex { !isNameScalar($0) } ?? body.endIndex
    let name = body[..<end]
    if name.isEmpty { return nil }
    var rest = body[end...]
    if braced {
      guard rest.first == "}" else { return nil }
      rest = rest.dropFirst()
    }
    return (name, rest)
  }

  /// A group number: all ASCII digits, no leading zero, below 10^8 (Go's limits).
  private static func groupNumber(_ name: Substring) -> Int? {
    if name.count > 1 && name.first == "0" { return nil }
    var number = 0
    for scalar in name.unicodeScalars {
      guard scalar.value >= 0x30 && scalar.value <= 0x39, number < 100_000_000 else { return nil }
      number = number * 10 + Int(scalar.value - 0x30)
    }
    return number
  }

  /// Go's unicode.IsLetter || unicode.IsDigit || '_'.
  private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "_" { return true }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
      return true
    default:
      return false
    }
  }
}
