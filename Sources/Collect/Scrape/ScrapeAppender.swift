// Where scrapes put their samples: the server hands the scrape manager its store path (through
// the shared SampleSink), tests hand it a real MetricStore. One call per scrape, never per sample.
package import WardenCore

package protocol ScrapeAppender: Sendable {
  /// Stores a batch and tells how many series it created (for `scrape_series_added`).
  func append(_ batch: SampleBatch) async throws -> Int
}
