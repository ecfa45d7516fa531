// Loading Alertmanager configurations: an operator's realistic alertmanager.yml (every route,
// inhibition and time interval form) loads unchanged, the routing it describes is what
// Alertmanager documents, and invalid files are refused naming file, line, column and field.
import ConfigDecoding
import Foundation
import Notify
import Testing
import WardenCore
import Yams

/// Untyped wrapper, so tests catch errors without typed-throws do/catch (a Swift 6.3 SILGen crash).
func loadConfiguration(_ text: String, file: String = "alertmanager.yml") throws -> AlertmanagerConfiguration {
  try AlertmanagerConfiguration.load(text: text, file: file)
}

func configurationError(_ text: String) -> ConfigError? {
  do {
    _ = try loadConfiguration(text)
    return nil
  } catch {
    return error as? ConfigError
  }
}

@Suite struct ConfigurationTests {
  /// An operator's file using every routing feature (receivers carry only names here: their
  /// integrations are the receivers' tests).
  static let operatorFile = """
    global:
      resolve_timeout: 2m

    templates:
      - '/etc/alertmanager/templates/*.tmpl'

    route:
      receiver: team-X-mails
      group_by: ['alertname', 'cluster']
      group_wait: 30s
      group_interval: 5m
      repeat_interval: 3h
      routes:
        - matchers:
            - service=~"^(foo1|foo2|baz)$"
          receiver: team-X-mails
          routes:
            - matchers:
                - severity="critical"
              receiver: team-X-pager
        - matchers:
            - service="files"
          receiver: team-Y-mails
          routes:
            - matchers: [ severity="critical" ]
              receiver: team-Y-pager
        - match:
            service: database
          receiver: team-DB-pager
          group_by: [alertname, cluster, database]
          group_wait: 10s
          routes:
            - match_re:
                owner: team-(X|Y)
              receiver: team-X-pager
              continue: true
            - matchers: ['{owner="team-Y", env!="dev"}']
              receiver: team-Y-pager
        - receiver: dev-pager
          matchers:
            - service="inhouse-service"
          mute_time_intervals: [offhours, holidays]
          continue: true
        - receiver: on-call-pager
          matchers: [ service = inhouse-service ]
          active_time_intervals: [offhours]
          group_by: [...]

    inhibit_rules:
      - source_matchers: [severity="critical"]
        target_matchers: [severity="warning"]
        equal: ['alertname']
      - source_match:
          severity: critical
        target_match_re:
          severity: warning|info
        equal: [cluster]

    time_intervals:
      - name: offhours
        time_intervals:
          - times:
              - start_time: "00:00"
                end_time: "08:00"
              - start_time: "18:00"
                end_time: "24:00"
            weekdays: ['monday:friday']
            location: Europe/Berlin
          - weekdays: [saturday, sunday]

    mute_time_intervals:
      - name: holidays
        time_intervals:
          - days_of_month: ['24:26', '-1']
            months: [december]
          - months: ['1']
            days_of_month: ['1']
            years: ['2024:2030']

    receivers:
      - name: team-X-mails
      - name: team-X-pager
      - name: team-Y-mails
      - name: team-Y-pager
      - name: team-DB-pager
      - name: dev-pager
      - name: on-call-pager
    """

  /// Alertmanager's documented example configuration (its README), integrations included.
  static let documentedExample = """
    global:
      # The smarthost and SMTP sender used for mail notifications.
      smtp_smarthost: 'localhost:25'
      smtp_from: 'alertmanager@example.org'

    # The root route on which each incoming alert enters.
    route:
      receiver: 'team-X-mails'
      group_by: ['alertname', 'cluster']
      group_wait: 30s
      group_interval: 5m
      repeat_interval: 3h
      routes:
      - matchers:
        - service=~"^(foo1|foo2|baz)$"
        receiver: team-X-mails
        routes:
        - matchers:
          - severity="critical"
          receiver: team-X-pager
      - matchers:
        - service="files"
        receiver: team-Y-mails
        routes:
        - matchers:
          - severity="critical"
          receiver: team-Y-pager
      - matchers:
        - service="database"
        receiver: team-DB-pager
        group_by: [alertname, cluster, database]
        routes:
        - matchers:
          - owner="team-X"
          receiver: team-X-pager
        - matchers:
          - owner="team-Y"
          receiver: team-Y-pager

    inhibit_rules:
    - source_matchers:
        - severity="critical"
      target_matchers:
        - severity="warning"
      equal: ['alertname']

    receivers:
    - name: 'team-X-mails'
      email_configs:
      - to: 'team-X+alerts@example.org, team-Y+alerts@example.org'
    - name: 'team-X-pager'
      email_configs:
      - to: 'team-X+alerts-critical@example.org'
      pagerduty_configs:
      - routing_key: <team-X-key>
    - name: 'team-Y-mails'
      email_configs:
      - to: 'team-Y+alerts@example.org'
    - name: 'team-Y-pager'
      pagerduty_configs:
      - routing_key: <team-Y-key>
    - name: 'team-DB-pager'
      pagerduty_configs:
      - routing_key: <team-DB-key>
    """

  @Test func loadsAlertmanagersDocumentedExample() throws {
    let configuration = try loadConfiguration(Self.documentedExample)
    #expect(configuration.receivers.map(\.name) == ["team-X-mails", "team-X-pager", "team-Y-mails", "team-Y-pager", "team-DB-pager"])
    let tree = RouteTree(configuration.route)
    #expect(tree.receivers(for: Labels(["service": "database", "owner": "team-X"])) == ["team-X-pager"])
    #expect(tree.receivers(for: Labels(["service": "database", "owner": "nobody"])) == ["team-DB-pager"])
    #expect(tree.receivers(for: Labels(["service": "baz", "severity": "critical"])) == ["team-X-pager"])
  }

  @Test func loadsAnOperatorsFileUnchanged() throws {
    let configuration = try loadConfiguration(Self.operatorFile)
    #expect(configuration.originalText == Self.operatorFile)
    #expect(configuration.global.resolveTimeout.duration == .seconds(120))
    #expect(configuration.templates == ["/etc/alertmanager/templates/*.tmpl"])
    #expect(configuration.receivers.map(\.name).count == 7)
    #expect(configuration.inhibitRules.count == 2)
    #expect(configuration.inhibitRules[1].sourceMatchers.map(\.description) == [#"severity="critical""#])
    #expect(configuration.inhibitRules[1].targetMatchers.map(\.description) == [#"severity=~"warning|info""#])
    #expect(configuration.allTimeIntervals.map(\.name) == ["offhours", "holidays"])
    #expect(configuration.timeIntervals[0].timeIntervals[0].times == [0..<480, 1080..<1440])
    #expect(configuration.timeIntervals[0].timeIntervals[0].weekdays == [1...5])
    #expect(configuration.timeIntervals[0].timeIntervals[0].location.identifier == "Europe/Berlin")
    #expect(configuration.muteTimeIntervals[0].timeIntervals[0].daysOfMonth == [24...26, -1...(-1)])
    #expect(configuration.muteTimeIntervals[0].timeIntervals[1].years == [2024...2030])
    #expect(configuration.route.routes[4].groupBy == ["..."])
  }

  @Test func routesAsAmtoolWouldTestThem() throws {
    let tree = RouteTree(try loadConfiguration(Self.operatorFile).route)
    func receivers(_ labels: [String: String]) -> [String] { tree.receivers(for: Labels(labels)) }
    #expect(receivers(["alertname": "Other"]) == ["team-X-mails"])
    #expect(receivers(["service": "foo1"]) == ["team-X-mails"])
    #expect(receivers(["service": "foo1", "severity": "critical"]) == ["team-X-pager"])
    // Anchored: "foo10" is not in the alternation.
    #expect(receivers(["service": "foo10", "severity": "critical"]) == ["team-X-mails"])
    #expect(receivers(["service": "files", "severity": "critical"]) == ["team-Y-pager"])
    #expect(receivers(["service": "database", "owner": "team-X"]) == ["team-X-pager"])
    // continue on the first child lets the second one match too.
    #expect(receivers(["service": "database", "owner": "team-Y", "env": "prod"]) == ["team-X-pager", "team-Y-pager"])
    #expect(receivers(["service": "database", "owner": "team-Y", "env": "dev"]) == ["team-X-pager"])
    #expect(receivers(["service": "database", "owner": "team-Z"]) == ["team-DB-pager"])
    #expect(receivers(["service": "inhouse-service"]) == ["dev-pager", "on-call-pager"])
  }

  @Test func childRoutesInheritUnsetOptions() throws {
    let tree = RouteTree(try loadConfiguration(Self.operatorFile).route)
    let byReceiver = { (name: String) in tree.nodes.filter { $0.receiver == name } }
    let xPager = try #require(byReceiver("team-X-pager").first)
    #expect(xPager.groupBy == ["alertname", "cluster"])
    #expect(xPager.groupWaitMs == 30_000)
    #expect(xPager.groupIntervalMs == 300_000)
    #expect(xPager.repeatIntervalMs == 3 * 3_600_000)
    let database = try #require(byReceiver("team-DB-pager").first)
    #expect(database.groupBy == ["alertname", "cluster", "database"])
    #expect(database.groupWaitMs == 10_000)
    // The database route's children inherit its group_by and group_wait, not the root's.
    let underDatabase = tree.nodes.filter { $0.parent == database.index }
    #expect(underDatabase.count == 2)
    #expect(underDatabase.allSatisfy { $0.groupBy == ["alertname", "cluster", "database"] && $0.groupWaitMs == 10_000 })
    let onCall = try #require(byReceiver("on-call-pager").first)
    #expect(onCall.groupByAll)
    #expect(onCall.activeTimeIntervals == ["offhours"])
    // Route keys name the path of matchers, as Alertmanager's group keys do.
    #expect(tree.root.key == "{}")
    #expect(database.key == #"{}/{service="database"}"#)
    #expect(underDatabase[0].key == #"{}/{service="database"}/{owner=~"team-(X|Y)"}"#)
  }

  @Test func defaultsApplyToAMinimalFile() throws {
    let configuration = try loadConfiguration("route:\n  receiver: default\nreceivers:\n  - name: default\n")
    let root = RouteTree(configuration.route).root
    #expect(root.groupWaitMs == 30_000 && root.groupIntervalMs == 300_000 && root.repeatIntervalMs == 4 * 3_600_000)
    #expect(root.groupBy.isEmpty && !root.groupByAll)
    #expect(configuration.global.resolveTimeout.duration == .seconds(300))
  }

  @Test(arguments: [
    // (text, line, column, field, message fragment)
    (
      "route:\n  receiver: a\n  routes:\n    - receiver: a\n      routes:\n        - receiver: missing\nreceivers:\n  - name: a\n",
      6, 21, "route.routes[0].routes[0].receiver", #"undefined receiver "missing" used in route"#
    ),
    ("route:\n  receiver: a\n  matchers: [x=\"y\"]\nreceivers:\n  - name: a\n", 3, 13, "route.matchers", "root route must not have any matchers"),
    ("route:\n  receiver: a\n  continue: true\nreceivers:\n  - name: a\n", 3, 13, "route.continue", "cannot have continue in root route"),
    ("route:\n  group_by: [x]\nreceivers:\n  - name: a\n", 2, 3, "route", "root route must specify a default receiver"),
    (
      "route:\n  receiver: a\n  routes:\n    - matchers:\n        - 'foo=~\"(\"'\nreceivers:\n  - name: a\n",
      5, 11, "route.routes[0].matchers[0]", "invalid regular expression"
    ),
    (
      "route:\n  receiver: a\n  routes:\n    - matchers: ['{foo=\"bar\"']\nreceivers:\n  - name: a\n",
      4, 18, "route.routes[0].matchers[0]", "missing closing"
    ),
    (
      "route:\n  receiver: a\n  group_by: [alertname, '...']\nreceivers:\n  - name: a\n",
      3, 25, "route.group_by[1]", "cannot have wildcard group_by"
    ),
    ("route:\n  receiver: a\n  group_by: [x, x]\nreceivers:\n  - name: a\n", 3, 17, "route.group_by[1]", #"duplicated label "x""#),
    ("route:\n  receiver: a\n  group_interval: 0s\nreceivers:\n  - name: a\n", 3, 19, "route.group_interval", "group_interval cannot be zero"),
    ("route:\n  receiver: a\n  repeat_interval: 1x\nreceivers:\n  - name: a\n", 3, 20, "route.repeat_interval", "expected a duration"),
    ("route:\n  receiver: a\nreceivers:\n  - name: a\n  - name: a\n", 5, 11, "receivers[1].name", #"notification config name "a" is not unique"#),
    (
      "route:\n  receiver: a\n  routes:\n    - receiver: a\n      mute_time_intervals: [nights]\nreceivers:\n  - name: a\n",
      5, 29, "route.routes[0].mute_time_intervals[0]", #"undefined time interval "nights" used in route"#
    ),
    (
      "route:\n  receiver: a\n  mute_time_intervals: [n]\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n",
      3, 24, "route.mute_time_intervals", "root route must not have any mute time intervals"
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\nmute_time_intervals:\n  - name: n\n",
      8, 11, "mute_time_intervals[0].name", #"time interval "n" is not unique"#
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n    time_intervals:\n      - times:\n          - start_time: '25:00'\n            end_time: '26:00'\n",
      9, 13, "time_intervals[0].time_intervals[0].times[0]", "expected a time of day"
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n    time_intervals:\n      - times:\n          - start_time: '10:00'\n            end_time: '09:00'\n",
      9, 13, "time_intervals[0].time_intervals[0].times[0]", "start_time must be before end_time"
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n    time_intervals:\n      - weekdays: ['monday:funday']\n",
      8, 20, "time_intervals[0].time_intervals[0].weekdays[0]", #"unknown weekday "funday""#
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n    time_intervals:\n      - weekdays: ['friday:monday']\n",
      8, 20, "time_intervals[0].time_intervals[0].weekdays[0]", "start weekday cannot be after end weekday"
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n    time_intervals:\n      - days_of_month: ['0']\n",
      8, 25, "time_intervals[0].time_intervals[0].days_of_month[0]", "invalid day of month"
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n    time_intervals:\n      - days_of_month: ['-1:5']\n",
      8, 25, "time_intervals[0].time_intervals[0].days_of_month[0]", "start day cannot be after end day"
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n    time_intervals:\n      - months: ['13']\n",
      8, 18, "time_intervals[0].time_intervals[0].months[0]", "unknown month"
    ),
    (
      "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: n\n    time_intervals:\n      - location: Mars/Olympus\n",
      8, 19, "time_intervals[0].time_intervals[0].location", #"unknown time zone "Mars/Olympus""#
    ),
    ("route:\n  receiver: a\n  recevier: b\nreceivers:\n  - name: a\n", 3, 3, "route.recevier", #"unknown field "recevier""#),
    ("receivers:\n  - name: a\n", 1, 1, "", "no route provided"),
    (
      "route:\n  receiver: a\ninhibit_rules:\n  - source_match_re:\n      severity: '(critical'\nreceivers:\n  - name: a\n",
      5, 17, "inhibit_rules[0].source_match_re.severity", "invalid regular expression"
    ),
  ])
  func refusesInvalidFilesWithPositions(text: String, line: Int, column: Int, field: String, fragment: String) throws {
    let error = try #require(configurationError(text), "expected \(field) to be refused")
    #expect(error.file == "alertmanager.yml")
    #expect(error.message.contains(fragment), "\(error)")
    #expect(error.field == field, "\(error)")
    #expect(error.line == line, "\(error)")
    #expect(error.column == column, "\(error)")
  }

  @Test func anEmptyFileIsRefused() {
    #expect(configurationError("")?.message.contains("empty") == true)
  }

  /// Under Warden's `alerting:` key the same checks point at the field in the whole file.
  @Test func decodesFromANodeOfALargerFile() throws {
    let text = """
      storage:
        metrics: {}
      alerting:
        route:
          receiver: pager
          routes:
            - receiver: nobody
        receivers:
          - name: pager
      """
    let root = try #require(try Yams.compose(yaml: text))
    let alerting = try #require(root["alerting"])
    do {
      _ = try decodeAlerting(alerting, file: "warden.yml")
      Issue.record("an undefined receiver must be refused")
    } catch let error as ConfigError {
      #expect(error.field == "alerting.route.routes[0].receiver")
      #expect(error.line == 7 && error.column == 19, "\(error)")
      #expect("\(error)".hasPrefix("warden.yml:7:19: field alerting.route.routes[0].receiver: undefined receiver"))
    }
  }

  /// Decoded as a field of another Decodable, the rules still apply (reported at the node).
  @Test func checksRulesWhenDecodedAsAField() throws {
    struct Wrapper: Decodable {
      var alerting: AlertmanagerConfiguration
    }
    let text = "alerting:\n  route:\n    receiver: ghost\n  receivers: []\n"
    let root = try #require(try Yams.compose(yaml: text))
    #expect {
      _ = try YAMLNodeDecoder(file: "w.yml").decode(Wrapper.self, from: root)
    } throws: { error in
      "\(error)".contains(#"route.receiver: undefined receiver "ghost""#)
    }
  }
}

private func decodeAlerting(_ node: Node, file: String) throws -> AlertmanagerConfiguration {
  try AlertmanagerConfiguration.decode(from: node, file: file, fieldPrefix: "alerting")
}
