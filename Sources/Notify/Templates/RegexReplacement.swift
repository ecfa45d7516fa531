// Go's Regexp.ReplaceAllString for `reReplaceAll`: every match replaced, with "$1", "${1}",
// "$name" and "${name}" in the replacement expanded from the match and "$$" for a dollar sign.

enum RegexReplacement {
  static func replaceAll(in text: String, pattern: Regex<AnyRegexOutput>, with template: String) -> String {
    var out = ""
    var last = text.startIndex
    for match in text.matches(of: pattern) {
      out += text[last..<match.range.lowerBound]
      out += expand(template, match: match.output)
      last = match.range.upperBound
    }
    out += text[last...]
    return out
  }

  /// Go's Regexp.Expand: `$name` takes the longest run of letters, digits and underscores, so
  /// "$1x" means the group named "1x" (empty when there is none).
  static func expand(_ template: String, match: AnyRegexOutput) -> String {
    var out = ""
    let characters = Array(template)
    var index = 0
    while index < characters.count {
      guard characters[index] == "$", index + 1 < characters.count else {
        out.append(characters[index])
        index += 1
        continue
      }
      let next = characters[index + 1]
      if next == "$" {
        out.append("$")
        index += 2
        continue
      }
      var name = ""
      var end = index + 1
      if next == "{" {
        var close = index + 2
        while close < characters.count, isNameCharacter(characters[close]) { close += 1 }
        guard close < characters.count, characters[close] == "}", close > index + 2 else {
          out.append("$")
          index += 1
          continue
        }
        name = String(characters[(index + 2)..<close])
        end = close + 1
      } else {
        while end < characters.count, isNameCharacter(characters[end]) { end += 1 }
        guard end > index + 1 else {
          out.append("$")
          index += 1
          continue
        }
        name = String(characters[(index + 1)..<end])
      }
      out += group(name, in: match)
      index = end
    }
    return out
  }

  private static func isNameCharacter(_ character: Character) -> Bool {
    character == "_" || (character.isASCII && (character.isLetter || character.isNumber))
  }

  private static func group(_ name: String, in match: AnyRegexOutput) -> Substring {
    if let number = Int(name) {
      guard number >= 0, number < match.count else { return "" }
      return match[number].substring ?? ""
    }
    return match[name]?.substring ?? ""
  }
}
