// Alertmanager's template functions and KV methods, called directly with template values.
import GoTemplate
import Testing
import WardenCore

@testable import Notify

@Suite struct TemplateFunctionTests {
  static let functions = NotificationTemplateFunctions.make(nowNanos: { 1_700_000_000_000_000_000 }).table

  static func call(_ name: String, _ arguments: TemplateData...) async throws -> TemplateData {
    let function = try #require(functions[name], "no function \(name)")
    #expect(function.arity.contains(arguments.count))
    return try await function.body(arguments)
  }

  static func text(_ name: String, _ arguments: TemplateData...) async throws -> String {
    let function = try #require(functions[name], "no function \(name)")
    guard case .string(let text) = try await function.body(arguments) else {
      Issue.record("\(name) did not return a string")
      return ""
    }
    return text
  }

  static func strings(_ list: [TemplateData]) -> [String] {
    list.compactMap { item -> String? in
      guard case .string(let text) = item else { return nil }
      return text
    }
  }

  @Test func stringFunctions() async throws {
    #expect(try await Self.text("toUpper", .string("firing")) == "FIRING")
    #expect(try await Self.text("toLower", .string("HighCPU")) == "highcpu")
    #expect(try await Self.text("title", .string("disk almost-full on db1.example")) == "Disk Almost-Full On Db1.Example")
    #expect(try await Self.text("title", .string("hello_world ünïcode")) == "Hello_world Ünïcode")
    #expect(try await Self.text("trimSpace", .string("  \t padded \n")) == "padded")
    #expect(try await Self.text("join", .string(", "), .list([.string("a"), .string("b")])) == "a, b")
    #expect(try await Self.text("urlUnescape", .string("a%20b+c%2Fd")) == "a b c/d")
    await #expect(throws: (any Error).self) { try await Self.call("urlUnescape", .string("bad%zz")) }
    await #expect(throws: (any Error).self) { try await Self.call("toUpper", .int(3)) }
  }

  @Test func safeHtmlMarksTextAndSafeUrlKeepsIt() async throws {
    guard case .safeHTML("<b>x</b>") = try await Self.call("safeHtml", .string("<b>x</b>")) else {
      Issue.record("safeHtml did not mark its text"); return
    }
    guard case .string("http://a/?b=1&c=2") = try await Self.call("safeUrl", .string("http://a/?b=1&c=2")) else {
      Issue.record("safeUrl changed its text"); return
    }
  }

  @Test func regularExpressionFunctions() async throws {
    guard case .bool(true) = try await Self.call("match", .string("^db[0-9]+"), .string("db12:9100")) else {
      Issue.record("match failed"); return
    }
    guard case .bool(false) = try await Self.call("match", .string("^web"), .string("db12:9100")) else {
      Issue.record("match matched"); return
    }
    #expect(try await Self.text("reReplaceAll", .string("(.*):(\\d+)"), .string("$1"), .string("db1:9100")) == "db1")
    #expect(try await Self.text("reReplaceAll", .string("(?P<host>[a-z]+)(\\d)"), .string("${host}-$2"), .string("db1 web2")) == "db-1 web-2")
    #expect(try await Self.text("reReplaceAll", .string("a"), .string("$$"), .string("banana")) == "b$n$n$")
    // "$1x" names a group "1x" (none here), as Go's Expand reads it.
    #expect(try await Self.text("reReplaceAll", .string("(a)"), .string("$1x"), .string("cab")) == "cb")
    await #expect(throws: (any Error).self) { try await Self.call("match", .string("("), .string("x")) }
  }

  @Test func stringSliceMakesAList() async throws {
    guard case .list(let items) = try await Self.call("stringSlice", .string("a"), .string("b")) else {
      Issue.record("stringSlice did not return a list"); return
    }
    #expect(items.count == 2)
  }

  @Test func timeFunctions() async throws {
    let startsAt = TemplateData.time(1_699_999_700_000_000_000)  // 2023-11-14 22:08:20 UTC
    #expect(try await Self.text("date", .string("2006-01-02 15:04 MST"), startsAt) == "2023-11-14 22:08 UTC")
    let paris = try await Self.call("tz", .string("Europe/Paris"), startsAt)
    #expect(try await Self.text("date", .string("15:04 MST -07:00"), paris) == "23:08 CET +01:00")
    await #expect(throws: (any Error).self) { try await Self.call("tz", .string("Nowhere/Land"), startsAt) }
    guard case .duration(let nanos) = try await Self.call("since", startsAt) else { Issue.record("since"); return }
    #expect(nanos == 300_000_000_000)
    #expect(try await Self.text("humanizeDuration", .duration(nanos)) == "5m 0s")
  }

  @Test func goZeroTimeIsYearOne() async throws {
    #expect(try await Self.text("date", .string("2006-01-02 15:04:05 MST"), TemplateData.zeroTime) == "0001-01-01 00:00:00 UTC")
    #expect(try await Self.text("toJson", TemplateData.zeroTime) == #""0001-01-01T00:00:00Z""#)
    guard case .duration(let nanos) = try await Self.call("since", TemplateData.zeroTime) else { return }
    #expect(nanos == Int64.max)
  }

  @Test(arguments: [
    (0.0, "0s"), (1.0, "1s"), (1.5, "1.5s"), (59.99, "59.99s"), (60.0, "1m 0s"), (3600.0, "1h 0m 0s"),
    (129_600.0, "1d 12h 0m 0s"), (-90.0, "-1m 30s"), (0.1, "100ms"), (0.0001234, "123.4us"), (0.000000002, "2ns"),
  ])
  func humanizeDurationMatchesPrometheus(_ seconds: Double, _ expected: String) async throws {
    #expect(try await Self.text("humanizeDuration", .float(seconds)) == expected)
  }

  @Test func humanizeDurationReadsNumericStrings() async throws {
    #expect(try await Self.text("humanizeDuration", .string("3661")) == "1h 1m 1s")
    await #expect(throws: (any Error).self) { try await Self.call("humanizeDuration", .string("soon")) }
  }

  @Test func toJsonWritesMapsSortedAndKVAsObjects() async throws {
    let labels = KVTemplateObject.make(Labels(["b": "2", "a": "1"]))
    #expect(try await Self.text("toJson", labels) == #"{"a":"1","b":"2"}"#)
    #expect(try await Self.text("toJson", .list([.int(1), .string("x"), .null])) == #"[1,"x",null]"#)
    #expect(try await Self.text("toJson", .time(0)) == #""1970-01-01T00:00:00Z""#)
  }

  @Test func kvMethodsSortRemoveAndList() throws {
    guard case .object(let kv) = KVTemplateObject.make(Labels(["job": "node", "alertname": "X", "instance": "a:1"])) else {
      Issue.record("KV is not an object"); return
    }
    guard case .list(let names) = try #require(kv.methods["Names"]).body([]) else { Issue.record("Names"); return }
    #expect(Self.strings(names) == ["alertname", "instance", "job"])
    guard case .list(let values) = try #require(kv.methods["Values"]).body([]) else { Issue.record("Values"); return }
    #expect(Self.strings(values) == ["X", "a:1", "node"])
    guard case .object(let removed) = try #require(kv.methods["Remove"]).body([.list([.string("job")])]),
      case .map(let map)? = removed.collection
    else { Issue.record("Remove"); return }
    #expect(Set(map.keys) == ["alertname", "instance"])
    guard case .object(let pairs) = try #require(kv.methods["SortedPairs"]).body([]), case .list(let list)? = pairs.collection,
      case .object(let first)? = list.first
    else { Issue.record("SortedPairs"); return }
    guard case .string("alertname")? = first.fields["Name"], case .string("X")? = first.fields["Value"] else {
      Issue.record("first pair is \(first.fields)"); return
    }
    guard case .list(let pairValues) = try #require(pairs.methods["Values"]).body([]) else { Issue.record("Pairs.Values"); return }
    #expect(pairValues.count == 3)
  }

  @Test func notificationDataHasAlertmanagersFields() throws {
    guard case .object(let data) = NotificationTemplateData.make(SampleNotifications.group()) else {
      Issue.record("data is not an object"); return
    }
    for field in ["Receiver", "Status", "Alerts", "GroupLabels", "CommonLabels", "CommonAnnotations", "ExternalURL", "GroupKey", "TruncatedAlerts"] {
      #expect(data.fields[field] != nil, "missing \(field)")
    }
    guard case .object(let alerts)? = data.fields["Alerts"], case .list(let all)? = alerts.collection,
      case .object(let firing) = try #require(alerts.methods["Firing"]).body([]), case .list(let firingList)? = firing.collection,
      case .object(let resolved) = try #require(alerts.methods["Resolved"]).body([]), case .list(let resolvedList)? = resolved.collection
    else { Issue.record("Alerts is not a list with Firing and Resolved"); return }
    #expect(all.count == 3)
    #expect(firingList.count == 2)
    #expect(resolvedList.count == 1)
    guard case .object(let alert)? = all.first else { Issue.record("alert"); return }
    for field in ["Status", "Labels", "Annotations", "StartsAt", "EndsAt", "GeneratorURL", "Fingerprint"] {
      #expect(alert.fields[field] != nil, "missing alert field \(field)")
    }
    guard case .time(let startsAt)? = alert.fields["StartsAt"] else { Issue.record("StartsAt"); return }
    #expect(startsAt == (SampleNotifications.nowMs - 300_000) * 1_000_000)
  }
}
