// A secret given inline or as a file to read (`password` / `password_file`, `api_url` /
// `api_url_file`...). Files are read at each delivery, as Alertmanager does, so a rotated secret
// takes effect without a reload.
import Foundation

/// Where a secret comes from.
package enum SecretSource: Sendable, Equatable {
  case inline(String)
  case file(String)

  /// Decodes the pair `key` / `fileKey`, refusing both at once.
  static func decode<Key: CodingKey>(
    _ container: KeyedDecodingContainer<Key>, _ key: Key, file fileKey: Key, decoder: any Decoder
  ) throws -> SecretSource? {
    let inline = try container.decodeIfPresent(String.self, forKey: key)
    let path = try container.decodeIfPresent(String.self, forKey: fileKey)
    switch (inline, path) {
    case (let value?, nil): return value.isEmpty ? nil : .inline(value)
    case (nil, let path?): return path.isEmpty ? nil : .file(path)
    case (nil, nil): return nil
    case (_?, _?):
      throw ReceiverConfigProblem.at(decoder, "at most one of \(key.stringValue) and \(fileKey.stringValue) may be set")
    }
  }

  /// The secret's text; a file's surrounding whitespace (its final newline) is dropped.
  /// - Parameter directory: what a relative file path is relative to (the configuration's directory).
  func read(relativeTo directory: String?) -> Result<String, ReceiverFailure> {
    switch self {
    case .inline(let value):
      return .success(value)
    case .file(let path):
      let fullPath = Self.resolve(path, relativeTo: directory)
      // Secret files are a few bytes; anything large is a wrong path.
      guard let data = FileManager.default.contents(atPath: fullPath), data.count <= 64 << 10,
        let text = String(data: data, encoding: .utf8)
      else {
        return .failure(.permanent("cannot read secret file \(fullPath)"))
      }
      return .success(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  static func resolve(_ path: String, relativeTo directory: String?) -> String {
    guard let directory, !path.hasPrefix("/") else { return path }
    return directory.hasSuffix("/") ? directory + path : directory + "/" + path
  }
}
