// The `DecodingError` every receiver configuration type throws for a rule it breaks; the YAML
// decoder (ConfigDecoding) turns it into an error naming the file, line and field.

enum ReceiverConfigProblem {
  static func at(_ decoder: any Decoder, _ message: String) -> DecodingError {
    DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
  }

  /// The dotted path of the node being decoded (`receivers[0].email_configs[1]`), kept by each
  /// integration so checks made after decoding (global defaults) can name it.
  static func path(_ decoder: any Decoder) -> String {
    var text = ""
    for key in decoder.codingPath {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        if !text.isEmpty { text += "." }
        text += key.stringValue
      }
    }
    return text
  }
}

/// Any mapping key, for types that accept keys they do not interpret.
struct AnyConfigKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { return nil }
}
