// The list endpoints' query parameters: Go's boolean spellings, defaults of true, the anchored
// receiver regex, `filter` matchers, and 400s naming the bad parameter.
import HTTPTypes
import Notify
@testable import Server
import Testing
import WardenCore

struct AlertmanagerQueryTests {
  private func filter(_ query: String) -> Result<AlertFilter, AlertmanagerAPIError> {
    Result { () throws(AlertmanagerAPIError) in try AlertmanagerQuery.alertFilter(FormParameters(encoded: query)) }
  }

  @Test func everyBooleanDefaultsToTrue() throws {
    let all = try filter("").get()
    #expect(all.active && all.silenced && all.inhibited && all.unprocessed)
    #expect(all.matchers.isEmpty && all.receiver == nil)
  }

  @Test func readsGoBooleans() throws {
    let parsed = try filter("active=false&silenced=0&inhibited=F&unprocessed=TRUE").get()
    #expect(!parsed.active && !parsed.silenced && !parsed.inhibited && parsed.unprocessed)
    guard case .failure(let error) = filter("silenced=no") else {
      Issue.record("silenced=no was accepted")
      return
    }
    #expect(error.status == .badRequest)
    #expect(error.message == #"silenced in query must be of type boolean: "no""#)
  }

  @Test func receiverIsAnAnchoredRegex() throws {
    let receiver = try #require(try filter("receiver=team-.*").get().receiver)
    #expect(receiver.matches("team-db"))
    #expect(!receiver.matches("other-team-db"))
    guard case .failure(let error) = filter("receiver=(") else {
      Issue.record("receiver=( was accepted")
      return
    }
    #expect((error.message ?? "").hasPrefix("failed to parse receiver param: "))
  }

  @Test func silenceQueryStates() throws {
    let query = try AlertmanagerQuery.silenceQuery(FormParameters(encoded: "expired=false"))
    #expect(query.states == [.active, .pending])
  }
}

extension AlertmanagerQueryTests {
  @Test func filtersAreMatchersInAlertmanagersSyntax() throws {
    let parsed = try filter("filter=alertname%3D%22HighLoad%22&filter=severity%3D~crit.*&filter=env!%3Dprod").get()
    #expect(parsed.matchers.map(\.description) == [#"alertname="HighLoad""#, #"severity=~"crit.*""#, #"env!="prod""#])
    guard case .failure(let error) = filter("filter=%3D%3D") else {
      Issue.record("filter=== was accepted")
      return
    }
    #expect(error.status == .badRequest)
    #expect((error.message ?? "").contains("=="))
  }
}
