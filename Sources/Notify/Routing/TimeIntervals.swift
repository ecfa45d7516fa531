// The named time intervals by name, and the question a route asks at notification time: is it
// muted now (inside one of its `mute_time_intervals`, or outside all its `active_time_intervals`)?
import Foundation

/// Named time intervals, looked up by routes when a group is flushed.
package struct TimeIntervals: Sendable {
  private let byName: [String: TimeIntervalConfiguration]

  package init(_ intervals: [TimeIntervalConfiguration]) {
    var byName: [String: TimeIntervalConfiguration] = [:]
    for interval in intervals { byName[interval.name] = interval }
    self.byName = byName
  }

  /// The names of the intervals that mute `route` at `nowMs`; empty when it may notify.
  /// Muting intervals win; a route with active intervals is muted outside all of them (and
  /// then named by its active intervals, as Alertmanager reports it).
  package func mutingNames(for route: RouteNode, atMs nowMs: Int64) -> [String] {
    let date = Date(timeIntervalSince1970: Double(nowMs) / 1000)
    let muting = route.muteTimeIntervals.filter { byName[$0]?.contains(date) ?? false }
    if !muting.isEmpty { return muting }
    if !route.activeTimeIntervals.isEmpty && !route.activeTimeIntervals.contains(where: { byName[$0]?.contains(date) ?? false }) {
      return route.activeTimeIntervals
    }
    return []
  }
}
