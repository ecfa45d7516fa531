// The field paths of `| json label="a.b[0][\"c\"]"`: Loki's subset of JSONPath, field access by
// `.name` or `["name"]` and array access by `[index]`, parsed once when the pipeline compiles.

enum JSONPathElement: Sendable, Equatable {
  case key([UInt8])
  case index(Int)
}

enum JSONPath {
  static func parse(_ text: String) -> Result<[JSONPathElement], PathError> {
    let scalars = Array(text.unicodeScalars)
    var elements: [JSONPathElement] = []
    var index = 0
    var expectingField = true  // at the start or after `.`
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "[" {
        index += 1
        guard index < scalars.count else { return .failure(PathError("unclosed '[' in \"\(text)\"")) }
        if scalars[index] == "\"" || scalars[index] == "'" {
          let quote = scalars[index]
          index += 1
          var key = ""
          while index < scalars.count, scalars[index] != quote {
            if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
            key.unicodeScalars.append(scalars[index])
            index += 1
          }
          guard index + 1 < scalars.count, scalars[index + 1] == "]" else {
            return .failure(PathError("unclosed '[\"' in \"\(text)\""))
          }
          index += 2
          elements.append(.key(Array(key.utf8)))
        } else {
          var digits = ""
          while index < scalars.count, ("0"..."9").contains(scalars[index]) {
            digits.unicodeScalars.append(scalars[index])
            index += 1
          }
          guard index < scalars.count, scalars[index] == "]", let number = Int(digits) else {
            return .failure(PathError("invalid array index in \"\(text)\""))
          }
          index += 1
          elements.append(.index(number))
        }
        expectingField = false
      } else if scalar == "." {
        guard !elements.isEmpty, !expectingField else { return .failure(PathError("empty field name in \"\(text)\"")) }
        expectingField = true
        index += 1
      } else {
        guard expectingField else { return .failure(PathError("expected '.' or '[' in \"\(text)\"")) }
        var name = ""
        while index < scalars.count, scalars[index] != ".", scalars[index] != "[" {
          if scalars[index] == "]" || scalars[index] == "\"" { return .failure(PathError("unexpected '\(scalars[index])' in \"\(text)\"")) }
          name.unicodeScalars.append(scalars[index])
          index += 1
        }
        elements.append(.key(Array(name.utf8)))
        expectingField = false
      }
    }
    guard !elements.isEmpty, !expectingField else {
      return .failure(PathError("empty JSON path \"\(text)\""))
    }
    return .success(elements)
  }

  struct PathError: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }
}
