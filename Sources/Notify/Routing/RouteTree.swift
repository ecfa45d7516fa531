// The routing tree compiled from the configuration: every route with its options resolved
// (unset ones inherited from the parent, the root's from Alertmanager's defaults), flattened into
// an array, and matching as Alertmanager documents it: depth first, the first matching child
// wins unless it has `continue`, and a route none of whose children match takes the alert itself.
package import WardenCore

/// One route with its resolved options.
package struct RouteNode: Sendable {
  package let index: Int
  package let parent: Int?
  package let children: [Int]
  package let matchers: [LabelMatcher]
  package let continueMatching: Bool
  package let receiver: String
  /// Sorted label names to group by (empty with `groupByAll`).
  package let groupBy: [String]
  /// `group_by: ['...']`: every alert is its own group.
  package let groupByAll: Bool
  package let groupWaitMs: Int64
  package let groupIntervalMs: Int64
  package let repeatIntervalMs: Int64
  package let muteTimeIntervals: [String]
  package let activeTimeIntervals: [String]
  /// The route's identity in group keys: its parents' keys and its matchers, `{}/{severity="page"}`.
  package let key: String

  /// The labels of `labels` this route groups by.
  package func groupLabels(for labels: Labels) -> Labels {
    if groupByAll { return labels }
    if groupBy.isEmpty { return Labels() }
    return Labels(sortedPairs: labels.pairs.filter { groupBy.contains($0.name) })
  }
}

/// The compiled routing tree; `nodes[0]` is the root.
package struct RouteTree: Sendable {
  package static let defaultGroupWait: Int64 = 30_000
  package static let defaultGroupInterval: Int64 = 300_000
  package static let defaultRepeatInterval: Int64 = 4 * 3_600_000

  package let nodes: [RouteNode]

  package init(_ root: RouteConfiguration) {
    var nodes: [RouteNode] = []
    _ = Self.add(root, parent: nil, inherited: nil, into: &nodes)
    self.nodes = nodes
  }

  /// Adds `route` and its children (depth first); returns the route's index.
  private static func add(_ route: RouteConfiguration, parent: Int?, inherited: RouteNode?, into nodes: inout [RouteNode]) -> Int {
    let index = nodes.count
    let groupBy = route.groupBy ?? (inherited.map { $0.groupByAll ? ["..."] : $0.groupBy } ?? [])
    let matchers = route.allMatchers
    let key = (inherited.map { $0.key + "/" } ?? "") + matchers.routeKeyText
    // Append a placeholder first so children get the following indexes, then fill it in.
    let placeholder = RouteNode(
      index: index, parent: parent, children: [], matchers: matchers, continueMatching: route.continueMatching,
      receiver: route.receiver ?? inherited?.receiver ?? "",
      groupBy: groupBy.contains("...") ? [] : Array(Set(groupBy)).sorted(), groupByAll: groupBy.contains("..."),
      groupWaitMs: route.groupWait?.duration.milliseconds ?? inherited?.groupWaitMs ?? defaultGroupWait,
      groupIntervalMs: route.groupInterval?.duration.milliseconds ?? inherited?.groupIntervalMs ?? defaultGroupInterval,
      repeatIntervalMs: route.repeatInterval?.duration.milliseconds ?? inherited?.repeatIntervalMs ?? defaultRepeatInterval,
      muteTimeIntervals: route.muteTimeIntervals, activeTimeIntervals: route.activeTimeIntervals, key: key)
    nodes.append(placeholder)
    var children: [Int] = []
    for child in route.routes {
      children.append(add(child, parent: index, inherited: placeholder, into: &nodes))
    }
    nodes[index] = RouteNode(
      index: index, parent: parent, children: children, matchers: placeholder.matchers,
      continueMatching: placeholder.continueMatching, receiver: placeholder.receiver, groupBy: placeholder.groupBy,
      groupByAll: placeholder.groupByAll, groupWaitMs: placeholder.groupWaitMs, groupIntervalMs: placeholder.groupIntervalMs,
      repeatIntervalMs: placeholder.repeatIntervalMs, muteTimeIntervals: placeholder.muteTimeIntervals,
      activeTimeIntervals: placeholder.activeTimeIntervals, key: placeholder.key)
    return index
  }

  package var root: RouteNode { nodes[0] }

  /// The routes an alert with `labels` is handled by, in tree order (never empty: the root
  /// takes what no child takes).
  package func match(_ labels: Labels) -> [Int] {
    match(node: 0, labels) ?? [0]
  }

  /// nil when the route does not match; otherwise the routes under it that take the alert.
  private func match(node index: Int, _ labels: Labels) -> [Int]? {
    let node = nodes[index]
    guard node.matchers.allMatch(labels) else { return nil }
    var taken: [Int] = []
    for child in node.children {
      guard let found = match(node: child, labels) else { continue }
      taken.append(contentsOf: found)
      if !nodes[child].continueMatching { break }
    }
    return taken.isEmpty ? [index] : taken
  }

  /// The receivers of the routes `labels` matches, in order (the API's `receivers` of an alert).
  package func receivers(for labels: Labels) -> [String] {
    match(labels).map { nodes[$0].receiver }
  }
}
