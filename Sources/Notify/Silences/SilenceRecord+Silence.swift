// Silences as the catalog stores them: the matchers as the API's JSON list
// (`[{"name":"job","value":"x","isRegex":false,"isEqual":true}]`).
package import Catalog
import Foundation

extension SilenceRecord {
  /// The record of a silence.
  package init(_ silence: Silence) {
    let matchers = silence.matchers.map { StoredMatcher(name: $0.name, value: $0.value, isRegex: $0.isRegex, isEqual: $0.isEqual) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = (try? encoder.encode(matchers)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
    self.init(
      id: silence.id, matchersJSON: json, startsAtMs: silence.startsAtMs, endsAtMs: silence.endsAtMs,
      updatedAtMs: silence.updatedAtMs, createdBy: silence.createdBy, comment: silence.comment)
  }

  /// The silence stored; nil when the matchers JSON is unreadable.
  package var silence: Silence? {
    guard let data = matchersJSON.data(using: .utf8), let matchers = try? JSONDecoder().decode([StoredMatcher].self, from: data) else {
      return nil
    }
    return Silence(
      id: id, matchers: matchers.map { SilenceMatcher(name: $0.name, value: $0.value, isRegex: $0.isRegex, isEqual: $0.isEqual ?? true) },
      startsAtMs: startsAtMs, endsAtMs: endsAtMs, updatedAtMs: updatedAtMs, createdBy: createdBy, comment: comment)
  }
}

/// One matcher in the stored JSON; `isEqual` is optional as in the API (it defaults to true).
private struct StoredMatcher: Codable {
  var name: String
  var value: String
  var isRegex: Bool
  var isEqual: Bool?
}
