// POST /api/v2/silences bodies: what amtool sends, and the refusals Alertmanager 0.25 answered for
// the same bodies (messages included); random and mutated bodies never crash.
import Foundation
import HTTPTypes
import Notify
@testable import Server
import Testing
import WardenTesting

struct PostableSilenceDecoderTests {
  private let nowMs: Int64 = 1_795_256_993_067

  private func decode(_ text: String) -> Result<Silence, AlertmanagerAPIError> {
    Result { () throws(AlertmanagerAPIError) in try PostableSilenceDecoder.decode(Data(text.utf8), nowMs: nowMs) }
  }

  private func refusal(_ text: String) -> String? {
    guard case .failure(let error) = decode(text) else { return nil }
    #expect(error.status == .badRequest)
    return error.message
  }

  private func body(matchers: String, startsAt: String = "2026-11-21T10:00:00Z", endsAt: String = "2027-11-21T10:00:00Z") -> String {
    #"{"matchers":\#(matchers),"startsAt":"\#(startsAt)","endsAt":"\#(endsAt)","createdBy":"me","comment":"c"}"#
  }

  @Test func readsWhatAmtoolSends() throws {
    let text = """
      {"comment":"deploying","createdBy":"ops","endsAt":"2026-11-21T11:29:53.067Z",
       "matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"HighLoad"},
                   {"isEqual":false,"isRegex":true,"name":"instance","value":"db.*"}],
       "startsAt":"2026-11-21T10:29:53.067Z"}
      """
    let silence = try decode(text).get()
    #expect(silence.id == "")
    #expect(
      silence.matchers == [
        SilenceMatcher(name: "alertname", value: "HighLoad", isRegex: false, isEqual: true),
        SilenceMatcher(name: "instance", value: "db.*", isRegex: true, isEqual: false),
      ])
    #expect(silence.startsAtMs == nowMs && silence.endsAtMs == nowMs + 3_600_000)
    #expect(silence.createdBy == "ops" && silence.comment == "deploying")
  }

  @Test func keepsTheIDOfAnUpdateAndDefaultsIsEqual() throws {
    let silence = try decode(
      #"{"id":"41307f4c-5231-461b-803d-fd83d05749c8","matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2026-11-21T10:00:00Z","endsAt":"2027-11-21T10:00:00Z","createdBy":"","comment":""}"#
    ).get()
    #expect(silence.id == "41307f4c-5231-461b-803d-fd83d05749c8")
    #expect(silence.matchers.first?.isEqual == true)
  }

  @Test func refusesAsAlertmanagerRefuses() {
    #expect(refusal(body(matchers: "[]")) == "matchers in body should have at least 1 items")
    #expect(
      refusal(body(matchers: #"[{"name":"a","value":"x","isRegex":false}]"#, endsAt: "2025-11-21T10:00:00Z"))
        == "Failed to create silence: start time must be before end time")
    #expect(
      refusal(body(matchers: #"[{"name":"a","value":"x","isRegex":false}]"#, endsAt: "2026-11-21T10:01:00Z"))
        == "Failed to create silence: end time can't be in the past")
    #expect(
      refusal(body(matchers: #"[{"name":"a","value":"","isRegex":false}]"#))
        == "silence invalid: at least one matcher must not match the empty string")
    #expect(
      refusal(body(matchers: #"[{"name":"a","value":".*","isRegex":true}]"#))
        == "silence invalid: at least one matcher must not match the empty string")
    #expect(
      refusal(body(matchers: #"[{"name":"0a","value":"x","isRegex":false}]"#))
        == #"silence invalid: invalid label matcher 0: invalid label name "0a""#)
    let regex = refusal(body(matchers: #"[{"name":"a","value":"(","isRegex":true}]"#)) ?? ""
    #expect(regex.hasPrefix(#"silence invalid: invalid label matcher 0: invalid regular expression "(": "#), "\(regex)")
    #expect(
      refusal(#"{"matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2026-11-21T10:00:00Z","endsAt":"2027-11-21T10:00:00Z"}"#)
        == "createdBy in body is required")
    #expect(refusal(body(matchers: #"[{"name":"a","isRegex":false}]"#)) == "matchers.0.value in body is required")
    #expect(refusal(body(matchers: #"[{"name":"a","value":"x"}]"#)) == "matchers.0.isRegex in body is required")
    #expect(refusal(body(matchers: #"[{"name":"a","value":"x","isRegex":false}]"#, startsAt: "soon")) == #"startsAt in body must be of type date-time: "soon""#)
    #expect(refusal("") == "silence in body is required")
    #expect((refusal("[]") ?? "").hasPrefix("parsing silence body failed: "))
  }

  @Test func refusesMoreMatchersThanTheLimit() {
    let matchers = "[" + (0..<5).map { #"{"name":"l\#($0)","value":"x","isRegex":false}"# }.joined(separator: ",") + "]"
    let result = Result { () throws(AlertmanagerAPIError) in
      try PostableSilenceDecoder.decode(Data(body(matchers: matchers).utf8), nowMs: nowMs, limits: .init(maxMatchers: 4))
    }
    guard case .failure(let error) = result else {
      Issue.record("5 matchers were taken with a limit of 4")
      return
    }
    #expect(error.message == "5 matchers is over the limit of 4")
  }

  @Test func randomAndMutatedBodiesNeverCrash() {
    var random = SeededGenerator(seed: 0x511E)
    let seed = Array(body(matchers: #"[{"name":"alertname","value":"X","isRegex":false,"isEqual":true},{"name":"i","value":"a|b","isRegex":true}]"#).utf8)
    var outcomes = (taken: 0, refused: 0)
    for _ in 0..<2000 {
      var bytes = seed
      for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
        case 1: bytes.remove(at: index)
        default: bytes.insert(contentsOf: bytes[index...].prefix(6), at: index)
        }
      }
      switch Result(catching: { () throws(AlertmanagerAPIError) in try PostableSilenceDecoder.decode(Data(bytes), nowMs: nowMs) }) {
      case .success(let silence):
        outcomes.taken += 1
        #expect(!silence.matchers.isEmpty && silence.startsAtMs < silence.endsAtMs)
      case .failure(let error):
        outcomes.refused += 1
        #expect(error.status == .badRequest && !(error.message ?? "").isEmpty)
      }
    }
    #expect(outcomes.taken > 0 && outcomes.refused > 0)
  }
}
