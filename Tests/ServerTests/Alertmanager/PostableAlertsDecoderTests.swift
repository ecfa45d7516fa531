// POST /api/v2/alerts bodies: what Alertmanager 0.25 answered for the same bodies (messages
// included), Warden's defaults for missing times, the count limit, and random and mutated bodies
// that must always give alerts or a 400, never a crash.
import Foundation
import HTTPTypes
@testable import Server
import Testing
import WardenCore
import WardenTesting

struct PostableAlertsDecoderTests {
  private let nowMs: Int64 = 1_795_256_993_067

  private func decode(_ text: String) -> Result<PostedAlerts, AlertmanagerAPIError> {
    Result { () throws(AlertmanagerAPIError) in try PostableAlertsDecoder.decode(Data(text.utf8), nowMs: nowMs) }
  }

  private func refusal(_ text: String) -> String? {
    guard case .failure(let error) = decode(text) else { return nil }
    #expect(error.status == .badRequest)
    return error.message
  }

  private func rejections(_ text: String) -> [String] {
    guard case .success(let posted) = decode(text) else {
      Issue.record("refused whole: \(text)")
      return []
    }
    return posted.rejections
  }

  @Test func readsWhatPrometheusSends() throws {
    let body = """
      [{"labels":{"alertname":"HighLoad","instance":"a:9100","severity":"page"},
        "annotations":{"summary":"load is 4.2","runbook_url":"https://runbooks/load"},
        "startsAt":"2026-11-21T10:00:00.000Z","endsAt":"2026-11-21T10:35:53.067Z",
        "generatorURL":"http://prometheus:9090/graph?g0.expr=node_load1+%3E+4&g0.tab=1"}]
      """
    let posted = try decode(body).get()
    #expect(posted.rejections.isEmpty)
    let alert = try #require(posted.alerts.first)
    #expect(alert.labels == Labels(["alertname": "HighLoad", "instance": "a:9100", "severity": "page"]))
    #expect(alert.annotations["runbook_url"] == "https://runbooks/load")
    #expect(alert.startsAtMs == 1_795_255_200_000)
    #expect(alert.endsAtMs == 1_795_257_353_067)
    #expect(alert.generatorURL == "http://prometheus:9090/graph?g0.expr=node_load1+%3E+4&g0.tab=1")
    #expect(alert.updatedAtMs == nowMs)
  }

  @Test func missingTimesAreFilledAsAlertmanagerFillsThem() throws {
    // No start: now. No end: unset, for the notifier's resolve timeout. Only an end: it starts then.
    let posted = try decode(#"[{"labels":{"a":"1"}},{"labels":{"a":"2"},"endsAt":"2026-11-21T10:00:00Z"},{"labels":{"a":"3"},"startsAt":"0001-01-01T00:00:00Z"}]"#).get()
    #expect(posted.alerts.map(\.startsAtMs) == [nowMs, 1_795_255_200_000, nowMs])
    #expect(posted.alerts.map(\.endsAtMs) == [0, 1_795_255_200_000, 0])
  }

  @Test func emptyLabelValuesAreDropped() throws {
    let posted = try decode(#"[{"labels":{"alertname":"x","empty":""},"annotations":{"b":""}}]"#).get()
    #expect(posted.alerts.first?.labels == Labels(["alertname": "x"]))
  }

  @Test func anEmptyListIsAccepted() throws {
    let posted = try decode("[]").get()
    #expect(posted.alerts.isEmpty && posted.rejections.isEmpty)
  }

  @Test func modelViolationsAreRefusedOneByOneWithAlertmanagersMessages() {
    #expect(rejections(#"[{"labels":{}}]"#) == ["at least one label pair required"])
    #expect(rejections(#"[{"labels":{"a":""}}]"#) == ["at least one label pair required"])
    #expect(rejections(#"[{"labels":{"0bad":"a"}}]"#) == [#"invalid label set: invalid name "0bad""#])
    #expect(rejections(#"[{"labels":{"a":"x"},"annotations":{"0b":"x"}}]"#) == [#"invalid annotations: invalid name "0b""#])
    #expect(
      rejections(#"[{"labels":{"a":"x"},"startsAt":"2026-11-21T10:00:00Z","endsAt":"2026-11-21T09:00:00Z"}]"#)
        == ["start time must be before end time"])
  }

  @Test func validAlertsAreTakenBesideRefusedOnes() throws {
    let posted = try decode(#"[{"labels":{"keep":"x"}},{"labels":{}},{"labels":{"0x":"y"}}]"#).get()
    #expect(posted.alerts.map(\.labels) == [Labels(["keep": "x"])])
    #expect(posted.rejections == ["at least one label pair required", #"invalid label set: invalid name "0x""#])
  }

  @Test func schemaViolationsRefuseTheWholeBody() throws {
    #expect(refusal("") == "alerts in body is required")
    #expect(refusal("null") == "alerts in body is required")
    #expect(refusal(#"[{"foo":1}]"#) == "0.labels in body is required")
    #expect(refusal(#"[{"labels":{"a":"x"}},{"labels":null}]"#) == "1.labels in body is required")
    #expect(
      refusal(#"[{"labels":{"a":"x"},"generatorURL":"not a url"}]"#) == #"0.generatorURL in body must be of type uri: "not a url""#)
    #expect(
      refusal(#"[{"labels":{"a":"x"},"startsAt":"notadate"}]"#) == #"0.startsAt in body must be of type date-time: "notadate""#)
    let typeError = try #require(refusal(#"[{"labels":{"a":1}}]"#))
    #expect(typeError.hasPrefix("parsing alerts body failed: 0.labels.a: "), "\(typeError)")
    let notAList = try #require(refusal("{}"))
    #expect(notAList.hasPrefix("parsing alerts body failed: "), "\(notAList)")
    let truncated = try #require(refusal("[{"))
    #expect(truncated.hasPrefix("parsing alerts body failed: "), "\(truncated)")
  }

  @Test func unknownFieldsAreIgnoredAsAlertmanagerIgnoresThem() throws {
    let posted = try decode(#"[{"labels":{"a":"x"},"extra":5,"status":"firing"}]"#).get()
    #expect(posted.alerts.count == 1)
  }

  @Test func refusesMoreAlertsThanTheLimit() {
    let body = "[" + Array(repeating: #"{"labels":{"a":"x"}}"#, count: 11).joined(separator: ",") + "]"
    let result = Result { () throws(AlertmanagerAPIError) in
      try PostableAlertsDecoder.decode(Data(body.utf8), nowMs: nowMs, limits: .init(maxAlerts: 10))
    }
    guard case .failure(let error) = result else {
      Issue.record("11 alerts were taken with a limit of 10")
      return
    }
    #expect(error.message == "11 alerts in one request is over the limit of 10")
  }

  /// Random bytes, and valid bodies with bytes flipped, cut or repeated: a result or a 400, always.
  @Test func randomAndMutatedBodiesNeverCrash() {
    var random = SeededGenerator(seed: 0xA1E7)
    let seeds = [
      #"[{"labels":{"alertname":"X","severity":"page"},"annotations":{"s":"v"},"startsAt":"2026-11-21T10:00:00Z","endsAt":"2026-11-21T11:00:00Z","generatorURL":"http://p:9090/graph"}]"#,
      #"[{"labels":{"a":"1"}},{"labels":{"b":"2"},"endsAt":"2026-11-21T10:00:00.5+01:00"}]"#,
    ].map { Array($0.utf8) }
    let alphabet = Array(#"[]{}":,0123456789.-+eEtrufalsn \"\\u00ZT"#.utf8)
    var outcomes = (taken: 0, refused: 0)
    for round in 0..<3000 {
      var bytes: [UInt8]
      if round % 3 == 0 {
        bytes = (0..<Int.random(in: 0..<80, using: &random)).map { _ in
          Bool.random(using: &random) ? alphabet.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
        }
      } else {
        bytes = seeds[round % seeds.count]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
          let index = Int.random(in: 0..<bytes.count, using: &random)
          switch Int.random(in: 0..<4, using: &random) {
          case 0: bytes[index] = alphabet.randomElement(using: &random)!
          case 1: bytes.removeSubrange(index...)
          case 2: bytes.insert(contentsOf: bytes[index...].prefix(8), at: index)
          default: bytes[index] = UInt8.random(in: 0...255, using: &random)
          }
          if bytes.isEmpty { break }
        }
      }
      switch Result(catching: { () throws(AlertmanagerAPIError) in try PostableAlertsDecoder.decode(Data(bytes), nowMs: nowMs) }) {
      case .success(let posted):
        outcomes.taken += 1
        for alert in posted.alerts {
          #expect(!alert.labels.isEmpty && PostableAlertsDecoder.validationFailure(alert) == nil)
        }
      case .failure(let error):
        outcomes.refused += 1
        #expect(error.status == .badRequest)
        #expect(!(error.message ?? "").isEmpty)
      }
    }
    #expect(outcomes.taken > 0 && outcomes.refused > 0)
  }
}
