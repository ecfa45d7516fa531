// The body of `POST /api/v2/silences` (the spec's postableSilence) read into a `Silence`, refused
// with Alertmanager's messages: missing required fields, no matchers, bad label names or regexes,
// matchers that would silence everything, an end before the start or in the past.
import Foundation
import Notify
import WardenCore

enum PostableSilenceDecoder {
  struct Limits {
    /// A silence with more matchers than this is a mistake, not a silence.
    var maxMatchers = 256
  }

  /// Reads and checks a request body; the silence's id is "" for a new one.
  /// - Throws: `AlertmanagerAPIError` 400 with Alertmanager's reason.
  static func decode(_ body: Data, nowMs: Int64, limits: Limits = Limits()) throws(AlertmanagerAPIError) -> Silence {
    if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      throw .badRequest("silence in body is required")
    }
    let decoded: PostableSilenceJSON?
    do {
      decoded = try JSONDecoder().decode(PostableSilenceJSON?.self, from: body)
    } catch {
      throw .badRequest(AlertmanagerJSONErrors.describe(error, what: "silence"))
    }
    guard let decoded else { throw .badRequest("silence in body is required") }
    let silence = try decoded.silence(limits: limits, nowMs: nowMs)
    try validate(silence, nowMs: nowMs)
    return silence
  }

  /// Alertmanager's checks of a posted silence, in its order.
  static func validate(_ silence: Silence, nowMs: Int64) throws(AlertmanagerAPIError) {
    if silence.startsAtMs >= silence.endsAtMs {
      throw .badRequest("Failed to create silence: start time must be before end time")
    }
    if silence.endsAtMs < nowMs {
      throw .badRequest("Failed to create silence: end time can't be in the past")
    }
    var matchesEverything = true
    for (index, matcher) in silence.matchers.enumerated() {
      guard LabelName.isValid(matcher.name) else {
        throw .badRequest(
          "silence invalid: invalid label matcher \(index): invalid label name \(PostableAlertsDecoder.quoted(matcher.name))")
      }
      let compiled: LabelMatcher
      do {
        compiled = try matcher.labelMatcher()
      } catch {
        throw .badRequest(
          "silence invalid: invalid label matcher \(index): invalid regular expression \(PostableAlertsDecoder.quoted(matcher.value)): \(error.message)"
        )
      }
      if !compiled.matchesEmpty { matchesEverything = false }
    }
    if matchesEverything {
      throw .badRequest("silence invalid: at least one matcher must not match the empty string")
    }
  }
}

/// postableSilence as JSON; unknown fields are ignored.
private struct PostableSilenceJSON: Decodable {
  struct Matcher: Decodable {
    var name: String?
    var value: String?
    var isRegex: Bool?
    var isEqual: Bool?
  }

  var id: String?
  var matchers: [Matcher]?
  var startsAt: String?
  var endsAt: String?
  var createdBy: String?
  var comment: String?
  /// In the spec; Warden's silences keep no annotations, so they are read and not stored.
  var annotations: [String: String]?

  func silence(limits: PostableSilenceDecoder.Limits, nowMs: Int64) throws(AlertmanagerAPIError) -> Silence {
    guard let matchers else { throw .badRequest("matchers in body is required") }
    guard !matchers.isEmpty else { throw .badRequest("matchers in body should have at least 1 items") }
    guard matchers.count <= limits.maxMatchers else {
      throw .badRequest("\(matchers.count) matchers is over the limit of \(limits.maxMatchers)")
    }
    var converted: [SilenceMatcher] = []
    for (index, matcher) in matchers.enumerated() {
      guard let name = matcher.name else { throw .badRequest("matchers.\(index).name in body is required") }
      guard let value = matcher.value else { throw .badRequest("matchers.\(index).value in body is required") }
      guard let isRegex = matcher.isRegex else { throw .badRequest("matchers.\(index).isRegex in body is required") }
      converted.append(SilenceMatcher(name: name, value: value, isRegex: isRegex, isEqual: matcher.isEqual ?? true))
    }
    let startsAtMs = try Self.time(startsAt, field: "startsAt")
    let endsAtMs = try Self.time(endsAt, field: "endsAt")
    guard let createdBy else { throw .badRequest("createdBy in body is required") }
    guard let comment else { throw .badRequest("comment in body is required") }
    return Silence(
      id: id ?? "", matchers: converted, startsAtMs: startsAtMs, endsAtMs: endsAtMs, updatedAtMs: nowMs,
      createdBy: createdBy, comment: comment)
  }

  private static func time(_ text: String?, field: String) throws(AlertmanagerAPIError) -> Int64 {
    guard let text else { throw .badRequest("\(field) in body is required") }
    switch AlertmanagerTime.parse(text) {
    case .milliseconds(let milliseconds): return milliseconds
    // Go's zero time is a time like any other here: far in the past.
    case .unset: return Int64.min / 2
    case nil: throw .badRequest("\(field) in body must be of type date-time: \(PostableAlertsDecoder.quoted(text))")
    }
  }
}
