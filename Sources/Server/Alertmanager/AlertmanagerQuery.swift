// The query parameters of the Alertmanager API's list endpoints, read as its Go server reads them:
// booleans as strconv.ParseBool, `filter` repeated (one matcher each), `receiver` a regex anchored
// at both ends. A bad value is a 400 naming the parameter.
import Notify
import WardenCore

enum AlertmanagerQuery {
  /// `GET /api/v2/alerts` and `/api/v2/alerts/groups`.
  static func alertFilter(_ parameters: FormParameters) throws(AlertmanagerAPIError) -> AlertFilter {
    var filter = AlertFilter()
    filter.active = try bool(parameters, "active")
    filter.silenced = try bool(parameters, "silenced")
    filter.inhibited = try bool(parameters, "inhibited")
    filter.unprocessed = try bool(parameters, "unprocessed")
    filter.matchers = try matchers(parameters.all("filter"))
    if let receiver = parameters.first("receiver") {
      do {
        filter.receiver = try LabelMatcher(.regexMatch, "receiver", receiver)
      } catch {
        throw .badRequest("failed to parse receiver param: \(error.message)")
      }
    }
    return filter
  }

  /// Which silences `GET /api/v2/silences` lists.
  struct SilenceQuery {
    var matchers: [LabelMatcher]
    var states: Set<SilenceState>
  }

  static func silenceQuery(_ parameters: FormParameters) throws(AlertmanagerAPIError) -> SilenceQuery {
    var states: Set<SilenceState> = []
    if try bool(parameters, "active") { states.insert(.active) }
    if try bool(parameters, "pending") { states.insert(.pending) }
    if try bool(parameters, "expired") { states.insert(.expired) }
    return SilenceQuery(matchers: try matchers(parameters.all("filter")), states: states)
  }

  /// A boolean parameter that defaults to true, as every one of this API's does.
  static func bool(_ parameters: FormParameters, _ name: String) throws(AlertmanagerAPIError) -> Bool {
    guard let text = parameters.first(name) else { return true }
    switch text {
    case "1", "t", "T", "true", "TRUE", "True": return true
    case "0", "f", "F", "false", "FALSE", "False": return false
    // Go's server treats an empty value as absent.
    case "": return true
    default: throw .badRequest("\(name) in query must be of type boolean: \(PostableAlertsDecoder.quoted(text))")
    }
  }

  /// Each `filter` value is one matcher (`alertname="X"`, `severity=~"crit.*"`).
  static func matchers(_ texts: [String]) throws(AlertmanagerAPIError) -> [LabelMatcher] {
    var matchers: [LabelMatcher] = []
    for text in texts {
      do {
        matchers.append(try MatcherParser.parseOne(text))
      } catch {
        throw .badRequest(error.description)
      }
    }
    return matchers
  }
}
