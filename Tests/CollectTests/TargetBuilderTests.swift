// Target labels, URLs, drops and failures, as Prometheus populates scrape targets.

@testable import Collect
import Testing
import WardenCore

struct TargetBuilderTests {
  private func configuration(
    _ edit: (inout ScrapeConfiguration) throws -> Void = { _ in }
  ) rethrows -> ScrapeConfiguration {
    var config = ScrapeConfiguration(jobName: "node")
    config.scrapeInterval = ConfigDuration(.seconds(15))
    config.scrapeTimeout = ConfigDuration(.seconds(10))
    try edit(&config)
    return config
  }

  private func active(_ outcome: TargetOutcome) throws -> ScrapeTarget {
    guard case .active(let target) = outcome else {
      Issue.record("expected an active target, got \(outcome)")
      throw CancellationError()
    }
    return target
  }

  @Test func defaultsFillLabelsAndInstance() throws {
    let group = TargetGroup(addresses: ["host1:9100"], labels: ["env": "prod"], source: "0")
    let outcomes = TargetBuilder.targets(from: group, configuration: try configuration())
    let target = try active(try #require(outcomes.first))
    #expect(target.labels == Labels(["env": "prod", "instance": "host1:9100", "job": "node"]))
    #expect(target.url == "http://host1:9100/metrics")
    #expect(target.interval == .seconds(15) && target.timeout == .seconds(10))
    #expect(
      target.discoveredLabels
        == Labels([
          "__address__": "host1:9100", "__metrics_path__": "/metrics", "__scheme__": "http",
          "__scrape_interval__": "15s", "__scrape_timeout__": "10s", "env": "prod", "job": "node",
        ]))
  }

  @Test func targetLabelsWinOverGroupLabels() throws {
    let group = TargetGroup(
      targets: [Labels(["__address__": "a:1", "env": "dev"])], labels: Labels(["env": "prod"]), source: "x")
    let target = try active(TargetBuilder.targets(from: group, configuration: try configuration())[0])
    #expect(target.labels["env"] == "dev")
  }

  @Test func discoveredJobAndInstanceAreKept() throws {
    let discovered = Labels(["__address__": "a:1", "job": "custom", "instance": "named"])
    let target = try active(TargetBuilder.outcome(for: discovered, configuration: try configuration()))
    #expect(target.labels == Labels(["job": "custom", "instance": "named"]))
  }

  @Test func paramsBecomeLabelsAndRelabeledParamsWin() throws {
    let config = try configuration {
      $0.params = ["module": ["http_2xx", "extra"], "target": ["x y"]]
      $0.relabelConfigs = [
        try RelabelConfig(sourceLabels: ["__address__"], targetLabel: "__param_target"),
        try RelabelConfig(targetLabel: "__address__", replacement: "blackbox:9115"),
        try RelabelConfig(targetLabel: "__param_new", replacement: "v&1"),
      ]
      $0.metricsPath = "/probe"
      $0.scheme = .https
    }
    let outcome = TargetBuilder.outcome(for: Labels(["__address__": "example.com"]), configuration: config)
    let target = try active(outcome)
    #expect(target.discoveredLabels["__param_module"] == "http_2xx")
    #expect(target.discoveredLabels["__param_target"] == "x y")
    #expect(target.url == "https://blackbox:9115/probe?module=http_2xx&module=extra&new=v%261&target=example.com")
    #expect(target.labels == Labels(["instance": "blackbox:9115", "job": "node"]))
  }

  @Test func droppedTargetsReportDiscoveredLabels() throws {
    let config = try configuration {
      $0.relabelConfigs = [try RelabelConfig(sourceLabels: ["env"], regex: "dev", action: .drop)]
    }
    let group = TargetGroup(addresses: ["a:1", "b:2"], labels: ["env": "dev"], source: "0")
    let outcomes = TargetBuilder.targets(from: group, configuration: config)
    #expect(outcomes.count == 2)
    guard case .dropped(let labels) = outcomes[0] else {
      Issue.record("expected dropped, got \(outcomes[0])")
      return
    }
    #expect(labels["__address__"] == "a:1" && labels["job"] == "node" && labels["env"] == "dev")
  }

  @Test func intervalAndTimeoutComeBackFromRelabeledLabels() throws {
    let config = try configuration {
      $0.relabelConfigs = [
        try RelabelConfig(targetLabel: "__scrape_interval__", replacement: "1m"),
        try RelabelConfig(targetLabel: "__scrape_timeout__", replacement: "45s"),
      ]
    }
    let target = try active(TargetBuilder.outcome(for: Labels(["__address__": "a:1"]), configuration: config))
    #expect(target.interval == .seconds(60) && target.timeout == .seconds(45))
  }

  @Test(arguments: [
    ("__address__", "", "no __address__"),
    ("__address__", "a:1/path", "not a valid host:port"),
    ("__scrape_interval__", "soon", "invalid scrape interval"),
    ("__scrape_timeout__", "0s", "scrape timeout cannot be 0"),
    ("__scrape_timeout__", "1h", "cannot be greater than scrape interval"),
    ("__scheme__", "ftp", "unsupported scheme"),
  ])
  func brokenTargetsAreInvalidWithReason(label: String, value: String, expected: String) throws {
    let config = try configuration {
      $0.relabelConfigs = [try RelabelConfig(targetLabel: label, replacement: value)]
    }
    let outcome = TargetBuilder.outcome(for: Labels(["__address__": "a:1"]), configuration: config)
    guard case .invalid(let discovered, let reason) = outcome else {
      Issue.record("expected invalid, got \(outcome)")
      return
    }
    #expect(reason.contains(expected), "\(reason)")
    #expect(discovered["__address__"] == "a:1")
  }

  @Test func metaLabelsFeedRelabelingButNeverReachTheTarget() throws {
    let config = try configuration {
      $0.relabelConfigs = [try RelabelConfig(regex: "__meta_(.+)", replacement: "meta_$1", action: .labelMap)]
    }
    let discovered = Labels(["__address__": "a:1", "__meta_filepath": "/sd/x.json"])
    let target = try active(TargetBuilder.outcome(for: discovered, configuration: config))
    #expect(target.labels["meta_filepath"] == "/sd/x.json")
    #expect(!target.labels.pairs.contains { $0.name.hasPrefix("__") })
  }

  @Test func pathIsEscapedAndGetsLeadingSlash() {
    #expect(TargetURL.build(scheme: "http", address: "h:1", path: "a b/ü", query: []) == "http://h:1/a%20b/%C3%BC")
  }
}
