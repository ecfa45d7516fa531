// The rules of an Alertmanager configuration that span fields, checked after decoding: the root
// route (a receiver, no matchers, no continue, no time intervals), every route's receiver and time
// intervals defined, group_by sane, intervals not zero, receiver and time interval names unique.
// Messages follow Alertmanager's so operators recognise them.
import WardenCore

/// Checks a decoded configuration; reports the first problem with its path.
struct ConfigurationValidator {
  /// Set while `AlertmanagerConfiguration.decode(from:file:)` decodes, so the decoder does not
  /// check on its own and the problem can be reported at the field's position instead.
  @TaskLocal static var checksAfterDecoding = false

  let configuration: AlertmanagerConfiguration

  init(_ configuration: AlertmanagerConfiguration) {
    self.configuration = configuration
  }

  func firstProblem() -> ConfigurationProblem? {
    var receiverNames: Set<String> = []
    for (index, receiver) in configuration.receivers.enumerated() {
      let path = ConfigPath().key("receivers").index(index).key("name")
      if receiver.name.isEmpty { return ConfigurationProblem(path: path, message: "missing receiver name") }
      if !receiverNames.insert(receiver.name).inserted {
        return ConfigurationProblem(path: path, message: "notification config name \"\(receiver.name)\" is not unique")
      }
    }
    var intervalNames: Set<String> = []
    for (listKey, list) in [("time_intervals", configuration.timeIntervals), ("mute_time_intervals", configuration.muteTimeIntervals)] {
      for (index, interval) in list.enumerated() {
        let path = ConfigPath().key(listKey).index(index).key("name")
        if interval.name.isEmpty { return ConfigurationProblem(path: path, message: "missing time interval name") }
        if !intervalNames.insert(interval.name).inserted {
          return ConfigurationProblem(path: path, message: "time interval \"\(interval.name)\" is not unique")
        }
      }
    }
    for (index, rule) in configuration.inhibitRules.enumerated() {
      for (position, name) in rule.equal.enumerated() where name.isEmpty {
        return ConfigurationProblem(path: ConfigPath().key("inhibit_rules").index(index).key("equal").index(position), message: "empty label name in equal")
      }
    }
    let root = configuration.route
    let rootPath = ConfigPath().key("route")
    guard let rootReceiver = root.receiver, !rootReceiver.isEmpty else {
      return ConfigurationProblem(path: rootPath, message: "root route must specify a default receiver")
    }
    if !root.allMatchers.isEmpty {
      let key = !root.matchers.isEmpty ? "matchers" : (!root.match.isEmpty ? "match" : "match_re")
      return ConfigurationProblem(path: rootPath.key(key), message: "root route must not have any matchers")
    }
    if root.continueMatching {
      return ConfigurationProblem(path: rootPath.key("continue"), message: "cannot have continue in root route")
    }
    if !root.muteTimeIntervals.isEmpty {
      return ConfigurationProblem(path: rootPath.key("mute_time_intervals"), message: "root route must not have any mute time intervals")
    }
    if !root.activeTimeIntervals.isEmpty {
      return ConfigurationProblem(path: rootPath.key("active_time_intervals"), message: "root route must not have any active time intervals")
    }
    return routeProblem(root, path: rootPath, receivers: receiverNames, intervals: intervalNames)
  }

  private func routeProblem(_ route: RouteConfiguration, path: ConfigPath, receivers: Set<String>, intervals: Set<String>) -> ConfigurationProblem? {
    if let receiver = route.receiver, !receivers.contains(receiver) {
      return ConfigurationProblem(path: path.key("receiver"), message: "undefined receiver \"\(receiver)\" used in route")
    }
    if let groupBy = route.groupBy {
      var seen: Set<String> = []
      for (index, name) in groupBy.enumerated() {
        let at = path.key("group_by").index(index)
        if name == "..." && groupBy.count > 1 {
          return ConfigurationProblem(path: at, message: "cannot have wildcard group_by (`...`) and other labels at the same time")
        }
        if name.isEmpty { return ConfigurationProblem(path: at, message: "empty label name in group_by") }
        if !seen.insert(name).inserted { return ConfigurationProblem(path: at, message: "duplicated label \"\(name)\" in group_by") }
      }
    }
    if let interval = route.groupInterval, interval.duration == .zero {
      return ConfigurationProblem(path: path.key("group_interval"), message: "group_interval cannot be zero")
    }
    if let interval = route.repeatInterval, interval.duration == .zero {
      return ConfigurationProblem(path: path.key("repeat_interval"), message: "repeat_interval cannot be zero")
    }
    for (key, names) in [("mute_time_intervals", route.muteTimeIntervals), ("active_time_intervals", route.activeTimeIntervals)] {
      for (index, name) in names.enumerated() where !intervals.contains(name) {
        return ConfigurationProblem(path: path.key(key).index(index), message: "undefined time interval \"\(name)\" used in route")
      }
    }
    for (index, child) in route.routes.enumerated() {
      if let problem = routeProblem(child, path: path.key("routes").index(index), receivers: receivers, intervals: intervals) {
        return problem
      }
    }
    return nil
  }
}
