// Turns discovered target groups into scrape targets the way Prometheus populates target labels:
// job defaults, then relabel_configs, then checks, `instance`, and the URL. Pure logic; the scrape
// manager calls it whenever discovery reports changed groups.
package import WardenCore

package enum TargetBuilder {
  /// Every target of `group`, in the group's order. `configuration` should be `resolved` first.
  package static func targets(from group: TargetGroup, configuration: ScrapeConfiguration) -> [TargetOutcome] {
    group.targets.map { target in
      // The target's own labels win over the group's.
      var merged = SortedLabelEditor(group.labels.pairs)
      for label in target.pairs { merged.set(label.name, label.value) }
      return outcome(for: Labels(sortedPairs: merged.pairs), configuration: configuration)
    }
  }

  /// One target from its discovered labels (group and target labels already merged).
  package static func outcome(for discovered: Labels, configuration: ScrapeConfiguration) -> TargetOutcome {
    var editor = SortedLabelEditor(discovered.pairs)
    let defaults = [
      (TargetLabels.job, configuration.jobName),
      (TargetLabels.scrapeInterval, PrometheusDuration.format(configuration.interval)),
      (TargetLabels.scrapeTimeout, PrometheusDuration.format(configuration.timeout)),
      (TargetLabels.metricsPath, configuration.metricsPath),
      (TargetLabels.scheme, configuration.scheme.rawValue),
    ]
    for (name, value) in defaults where editor[name].isEmpty { editor.set(name, value) }
    for (name, values) in configuration.params {
      guard let first = values.first else { continue }
      let labelName = TargetLabels.paramPrefix + name
      if editor[labelName].isEmpty { editor.set(labelName, first) }
    }
    let preRelabel = Labels(sortedPairs: editor.pairs)

    for rule in configuration.relabelConfigs where !rule.apply(to: &editor) {
      return .dropped(discoveredLabels: preRelabel)
    }

    let address = editor[TargetLabels.address]
    if address.isEmpty { return .invalid(discoveredLabels: preRelabel, reason: "no __address__ label after relabeling") }
    if address.contains("/") {
      return .invalid(discoveredLabels: preRelabel, reason: "\"\(address)\" is not a valid host:port address")
    }
    let intervalText = editor[TargetLabels.scrapeInterval]
    let timeoutText = editor[TargetLabels.scrapeTimeout]
    guard let interval = PrometheusDuration.parse(intervalText) else {
      return .invalid(discoveredLabels: preRelabel, reason: "invalid scrape interval \"\(intervalText)\"")
    }
    guard let timeout = PrometheusDuration.parse(timeoutText) else {
      return .invalid(discoveredLabels: preRelabel, reason: "invalid scrape timeout \"\(timeoutText)\"")
    }
    if interval == .zero { return .invalid(discoveredLabels: preRelabel, reason: "scrape interval cannot be 0") }
    if timeout == .zero { return .invalid(discoveredLabels: preRelabel, reason: "scrape timeout cannot be 0") }
    if timeout > interval {
      return .invalid(
        discoveredLabels: preRelabel,
        reason: "scrape timeout \"\(timeoutText)\" cannot be greater than scrape interval \"\(intervalText)\"")
    }
    let scheme = editor[TargetLabels.scheme]
    if scheme != "http" && scheme != "https" {
      return .invalid(discoveredLabels: preRelabel, reason: "unsupported scheme \"\(scheme)\"")
    }
    if editor[TargetLabels.instance].isEmpty { editor.set(TargetLabels.instance, address) }

    let url = TargetURL.build(
      scheme: scheme, address: address, path: editor[TargetLabels.metricsPath],
      query: query(configured: configuration.params, labels: editor.pairs))
    let publicLabels = editor.pairs.filter { !$0.name.hasPrefix(TargetLabels.reservedPrefix) }
    return .active(
      ScrapeTarget(
        discoveredLabels: preRelabel, labels: Labels(sortedPairs: publicLabels), url: url, interval: interval,
        timeout: timeout))
  }

  /// The configured params with each `__param_<name>` label replacing that name's first value.
  static func query(configured: [String: [String]], labels: [Label]) -> [(String, String)] {
    var params = configured
    for label in labels where label.name.hasPrefix(TargetLabels.paramPrefix) {
      let name = String(label.name.dropFirst(TargetLabels.paramPrefix.count))
      if var values = params[name], !values.isEmpty {
        values[0] = label.value
        params[name] = values
      } else {
        params[name] = [label.value]
      }
    }
    return params.keys.sorted().flatMap { name in params[name, default: []].map { (name, $0) } }
  }
}
