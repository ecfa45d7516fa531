// One scrape target as relabeling left it: what it is called, where and how often to scrape it,
// and the labels it was discovered with (shown by /api/v1/targets).
package import WardenCore

package struct ScrapeTarget: Sendable, Hashable {
  /// The labels before relabeling: group labels, `__address__`, and the job's `__` defaults.
  package var discoveredLabels: Labels
  /// The labels every scraped series gets: relabeled, `instance` defaulted, `__` labels removed.
  package var labels: Labels
  /// `scheme://address/path?query`, query keys sorted, as Prometheus builds it.
  package var url: String
  package var interval: Duration
  package var timeout: Duration

  package init(discoveredLabels: Labels, labels: Labels, url: String, interval: Duration, timeout: Duration) {
    self.discoveredLabels = discoveredLabels
    self.labels = labels
    self.url = url
    self.interval = interval
    self.timeout = timeout
  }
}

/// What became of one discovered target.
package enum TargetOutcome: Sendable, Hashable {
  case active(ScrapeTarget)
  /// A relabel rule dropped it; /api/v1/targets lists it under droppedTargets.
  case dropped(discoveredLabels: Labels)
  /// Relabeling left it unscrapable (no address, a bad interval); reported, never scraped.
  case invalid(discoveredLabels: Labels, reason: String)
}
