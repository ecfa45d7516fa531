// Valid LogQL, in the shapes Loki's documentation shows: every query parses, prints, and the
// printed text parses to the same tree (compared through its printed text, positions aside).
import LogQL
import Testing

@Suite struct ValidQueryTests {
  static let logQueries: [String] = [
    // Stream selectors.
    #"{app="mysql",name="mysql-backup"}"#,
    #"{job="mysql"}"#,
    #"{name=~"mysql.+"}"#,
    #"{job="x", name!~"mysql.+"}"#,
    #"{name!="mysql", job="db"}"#,
    #"{job=~"varlogs|syslog", host!=""}"#,
    #"{job=`my\back\slash`}"#,
    #"{job="tab\tand \u00e9 and \x41 and \101"}"#,
    #"{ job = "spaced" , env = "prod" }"#,
    "{job=\"a\"}\n# a comment on its own line\n|= \"x\"",
    // Line filters.
    #"{job="mysql"} |= "error""#,
    #"{name="kafka"} |~ "tsdb-ops.*io:2003""#,
    #"{name="cassandra"} |~ `error=\w+`"#,
    #"{instance=~"kafka-[23]",name="kafka"} != "kafka.server:type=ReplicaManager""#,
    #"{job="mysql"} |= "error" != "timeout""#,
    #"{job="x"} !~ "debug|trace""#,
    #"{container="frontend"} |~ "(?i)error""#,
    #"{job="x"} |= "a" or "b""#,
    #"{job="x"} |= "a" or "b" or "c" != "d""#,
    #"{job="x"} != "a" or "b""#,
    #"{job="x"} |~ "a.*" or "b+""#,
    #"{job="x"} |= ip("192.168.4.5-192.168.4.20")"#,
    #"{job="x"} != ip("10.0.0.0/8")"#,
    #"{job="x"} |= ip("::1") or ip("10.0.0.1")"#,
    #"{job="x"} |= """#,
    // Parsers.
    #"{job="x"} | json"#,
    #"{job="x"} | json first_server="servers[0]", ua="request.headers[\"User-Agent\"]""#,
    #"{job="x"} | json server_list="servers", headers="request.headers""#,
    #"{job="x"} | json status, method"#,
    #"{job="x"} | logfmt"#,
    #"{job="x"} | logfmt --strict"#,
    #"{job="x"} | logfmt --keep-empty"#,
    #"{job="x"} | logfmt --strict --keep-empty"#,
    #"{job="x"} | logfmt host, fwd_ip="fwd""#,
    #"{job="x"} | logfmt --strict method, status="code""#,
    #"{job="x"} | regexp "(?P<method>\\w+) (?P<path>[\\w|/]+) \\((?P<status>\\d+?)\\) (?P<duration>.*)""#,
    #"{job="x"} | regexp `(?P<ip>\S+) - -`"#,
    #"{job="x"} | pattern "<ip> - - <_> \"<method> <uri> <_>\" <status> <size> <_> \"<agent>\" <_>""#,
    #"{job="x"} | pattern `<_> level=<level> msg=<msg>`"#,
    #"{job="x"} | unpack"#,
    #"{job="x"} | unpack | json"#,
    // Formatting and label manipulation.
    #"{job="x"} | line_format "{{.query}} {{.duration}}""#,
    #"{job="x"} | logfmt | line_format `{{ .msg | ToUpper }}`"#,
    #"{job="x"} | label_format foo=bar"#,
    #"{job="x"} | label_format status="{{.status}}", method=verb"#,
    #"{job="x"} | logfmt | drop level, method="GET""#,
    #"{job="x"} | drop __error__, __error_details__"#,
    #"{job="x"} | drop level=~"debug|info", env!="prod", host!~"a.+""#,
    #"{job="x"} | logfmt | keep level, status"#,
    #"{job="x"} | keep level, method="GET""#,
    #"{job="x"} | decolorize"#,
    // Label filters.
    #"{job="x"} | logfmt | level="error""#,
    #"{job="x"} | json | level!="debug""#,
    #"{job="x"} | json | level=~"err.*""#,
    #"{job="x"} | json | level!~"info|debug""#,
    #"{job="x"} | logfmt | status >= 500"#,
    #"{job="x"} | logfmt | status == 404"#,
    #"{job="x"} | logfmt | status = 404"#,
    #"{job="x"} | logfmt | status != 200"#,
    #"{job="x"} | logfmt | status < 300"#,
    #"{job="x"} | logfmt | ratio <= 0.5"#,
    #"{job="x"} | logfmt | delta > -10"#,
    #"{job="x"} | logfmt | value > 1e3"#,
    #"{job="x"} | logfmt | latency > 250ms"#,
    #"{job="x"} | logfmt | duration > 10s and throughput_mb < 500"#,
    #"{job="x"} | logfmt | duration >= 1h30m"#,
    #"{job="x"} | logfmt | duration < 1.5s"#,
    #"{job="x"} | logfmt | duration > 100us"#,
    #"{job="x"} | logfmt | duration == 2d"#,
    #"{job="x"} | logfmt | size > 2KB"#,
    #"{job="x"} | logfmt | size <= 20MiB"#,
    #"{job="x"} | logfmt | size > 1.5GB"#,
    #"{job="x"} | logfmt | size != 512B"#,
    #"{job="x"} | logfmt | size == 4kB"#,
    #"{job="x"} | logfmt | addr = ip("10.0.0.0/8")"#,
    #"{job="x"} | logfmt | addr != ip("192.168.0.1")"#,
    #"{job="x"} | logfmt | level="error" and status >= 500"#,
    #"{job="x"} | logfmt | level="error", status >= 500"#,
    #"{job="x"} | logfmt | level="error" status >= 500"#,
    #"{job="x"} | logfmt | level="error" or level="warn""#,
    #"{job="x"} | logfmt | duration >= 20ms or size == 20KB and method!~"2..""#,
    #"{job="x"} | logfmt | (duration >= 20ms or size == 20KB) and method!~"2..""#,
    #"{job="x"} | logfmt | a="1" or (b="2" or c="3")"#,
    #"{job="x"} | logfmt | a="1" and (b="2" and c="3")"#,
    #"{job="x"} | logfmt | ((a="1"))"#,
    #"{job="x"} | logfmt | level="error" | status >= 500"#,
    #"{job="x"} | json | __error__="""#,
    #"{job="x"} | json | __error__!="JSONParserErr""#,
    // Full pipelines from the documentation.
    #"{container="query-frontend",namespace="loki-dev"} |= "metrics.go" | logfmt | duration > 10s and throughput_mb < 500"#,
    #"{cluster="ops-tools1", namespace="loki-dev", job="loki-dev/query-frontend"} |= "metrics.go" !="out of order" | logfmt | duration > 30s or status_code!="200""#,
    #"{job="loki"} | logfmt | line_format "{{.ts}} {{.level}} {{.msg}}" | label_format level=lvl"#,
    #"{job="nginx"} | pattern `<_> - - <_> "<method> <_> <_>" <status> <_>` | status >= 500 | line_format "{{.method}}""#,
    #"({job="x"} |= "y")"#,
    #"(({job="x"}))"#,
    "{JOB=\"case\"} |= \"A\" | JSON | LEVEL=\"x\"",
  ]

  static let metricQueries: [String] = [
    // Range aggregations over line counts and bytes.
    #"count_over_time({job="mysql"}[5m])"#,
    #"rate({job="mysql"} |= "error" != "timeout" [5m])"#,
    #"bytes_over_time({job="x"}[1h])"#,
    #"bytes_rate({job="x"}[30s])"#,
    #"absent_over_time({job="x"}[1h30m])"#,
    #"count_over_time({job="x"}[1d])"#,
    #"count_over_time({job="x"}[1w])"#,
    #"count_over_time({job="x"}[250ms])"#,
    #"count_over_time({job="x"}[ 5m ])"#,
    #"count_over_time({job="x"} | json | level="error" [5m])"#,
    #"count_over_time({job="x"}[5m] |= "error")"#,
    #"count_over_time({job="x"}[5m] offset 1h |= "error" | json)"#,
    #"count_over_time({job="x"} |= "error" [5m] offset 1h)"#,
    #"count_over_time({job="x"}[5m] offset -30m)"#,
    #"count_over_time(({job="x"} |= "y")[5m])"#,
    #"count_over_time(({job="x"} |= "y" [5m]))"#,
    #"rate(({job="x"})[1m] offset 2h)"#,
    // Unwrapped range aggregations.
    #"sum_over_time({job="x"} | logfmt | unwrap bytes_processed [1m])"#,
    #"avg_over_time({job="x"} | json | unwrap latency [5m]) by (host)"#,
    #"max_over_time({job="x"} | logfmt | unwrap duration(request_time) [5m]) without (pod)"#,
    #"min_over_time({job="x"} | logfmt | unwrap duration_seconds(took) [5m])"#,
    #"first_over_time({job="x"} | logfmt | unwrap bytes(size) [5m]) by (path)"#,
    #"last_over_time({job="x"} | logfmt | unwrap value [5m])"#,
    #"stddev_over_time({job="x"} | logfmt | unwrap value [5m])"#,
    #"stdvar_over_time({job="x"} | logfmt | unwrap value [5m]) by ()"#,
    #"quantile_over_time(0.99, {job="x"} | json | unwrap latency [5m]) by (method)"#,
    #"quantile_over_time(0.5, {job="x"} | logfmt | unwrap latency | __error__="" [1m])"#,
    #"rate({job="x"} | logfmt | unwrap bytes(size) [5m])"#,
    #"rate_counter({job="x"} | logfmt | unwrap requests [5m])"#,
    #"absent_over_time({job="x"} | logfmt | unwrap value [5m])"#,
    #"sum_over_time({job="x"} | logfmt | unwrap value | __error__="" | value > 10 [5m])"#,
    #"sum_over_time({job="x"}[5m] | logfmt | unwrap value)"#,
    #"sum_over_time({job="x"}[5m] offset 5m | logfmt | unwrap value | __error__="")"#,
    #"sum_over_time({job="x"} | unwrap value [5m] offset 1d)"#,
    #"sum_over_time({job="x"} | json | unwrap bytes [5m])"#,
    #"sum_over_time({job="x"} | json | unwrap duration [5m])"#,
    // Vector aggregations.
    #"sum(count_over_time({job="mysql"}[5m]))"#,
    #"sum by (host) (rate({job="mysql"} |= "error" != "timeout" | json | duration > 10s [1m]))"#,
    #"sum(rate({job="x"}[1m])) by (level)"#,
    #"sum without (pod) (rate({job="x"}[1m]))"#,
    #"sum(rate({job="x"}[1m])) without (pod, instance)"#,
    #"avg(rate({job="x"}[1m]))"#,
    #"min(rate({job="x"}[1m])) by (a)"#,
    #"max by (a, b) (rate({job="x"}[1m]))"#,
    #"count(rate({job="x"}[1m]))"#,
    #"stddev(rate({job="x"}[1m]))"#,
    #"stdvar(rate({job="x"}[1m]))"#,
    #"topk(10, sum(rate({region="us-east1"}[5m])) by (name))"#,
    #"bottomk(3, rate({job="x"}[1m]))"#,
    #"topk by (region) (5, rate({job="x"}[1m]))"#,
    #"topk(5, rate({job="x"}[1m])) by (region)"#,
    #"sort(rate({job="x"}[1m]))"#,
    #"sort_desc(sum by (a) (rate({job="x"}[1m])))"#,
    #"sort(rate({job="x"}[1m])) by ()"#,
    #"sum by () (rate({job="x"}[1m]))"#,
    #"avg(sum by (a) (count_over_time({job="x"}[5m])))"#,
    #"SUM BY (level) (COUNT_OVER_TIME({job="x"}[5m]))"#,
    // Binary operations.
    #"sum(rate({app="foo", level="error"}[1m])) / sum(rate({app="foo"}[1m]))"#,
    #"sum(rate({app="foo"}[1m])) * 100"#,
    #"100 * sum(rate({app="foo"}[1m]))"#,
    #"1 + 2 * 3"#,
    #"(1 + 2) * 3"#,
    #"2 ^ 3 ^ 2"#,
    #"(2 ^ 3) ^ 2"#,
    #"-1 + 2"#,
    #"2 - -1"#,
    #"10 % 3 - 1 / 2"#,
    #"rate({job="x"}[1m]) > 10"#,
    #"rate({job="x"}[1m]) > bool 10"#,
    #"rate({job="x"}[1m]) == 0"#,
    #"rate({job="x"}[1m]) != 0"#,
    #"rate({job="x"}[1m]) >= 1 <= 5"#,
    #"rate({job="x"}[1m]) < 1"#,
    #"sum(rate({job="a"}[1m])) and sum(rate({job="b"}[1m]))"#,
    #"sum(rate({job="a"}[1m])) or sum(rate({job="b"}[1m])) unless sum(rate({job="c"}[1m]))"#,
    #"sum by (a) (rate({job="x"}[1m])) / on (a) sum by (a) (rate({job="y"}[1m]))"#,
    #"sum by (a, b) (rate({job="x"}[1m])) / ignoring (b) group_left sum by (a) (rate({job="y"}[1m]))"#,
    #"sum by (a) (rate({job="x"}[1m])) * on (a) group_right (c, d) sum by (a, c, d) (rate({job="y"}[1m]))"#,
    #"sum by (a) (rate({job="x"}[1m])) > bool on () group_left () vector(1)"#,
    #"sum(rate({job="x"}[1m])) or vector(0)"#,
    #"vector(1)"#,
    #"vector(-2.5) + 1"#,
    #"label_replace(rate({job="api"} |= "err" [1m]), "foo", "$1", "service", "(.*):.*")"#,
    #"label_replace(sum by (a) (rate({job="x"}[1m])), "dst", "", "src", ".+")"#,
    #"((sum(rate({job="x"}[1m]))))"#,
    #"1e+06 * rate({job="x"}[1m])"#,
    #"0.5"#,
    #"count_over_time({job="x"}[5m]) # trailing comment"#,
  ]

  @Test(arguments: logQueries)
  func logQueryParsesAndRoundTrips(_ query: String) throws {
    let parsed = try #require(try? LogQLParser.parseResult(query).get(), "\(query)")
    guard case .logs = parsed else {
      Issue.record("expected a log query: \(query)")
      return
    }
    try expectRoundTrip(query, parsed)
  }

  @Test(arguments: metricQueries)
  func metricQueryParsesAndRoundTrips(_ query: String) throws {
    let parsed = try #require(try? LogQLParser.parseResult(query).get(), "\(query)")
    guard case .metric = parsed else {
      Issue.record("expected a metric query: \(query)")
      return
    }
    try expectRoundTrip(query, parsed)
  }

  @Test func tableIsLargeEnough() {
    #expect(Self.logQueries.count + Self.metricQueries.count >= 120)
  }

  private func expectRoundTrip(_ query: String, _ parsed: LogQLQuery) throws {
    let printed = LogQLPrinter.format(parsed)
    let reparsed = LogQLParser.parseResult(printed)
    guard case .success(let again) = reparsed else {
      Issue.record("printed form of \(query) does not parse: \(printed): \(reparsed)")
      return
    }
    #expect(LogQLPrinter.format(again) == printed, "\(query)")
  }
}
