// The scrape manager's way into the store: through the shared SampleSink, so scraped samples
// are counted under receiver "scrape" like every other receiver's.
import Collect
import MetricStore
import WardenCore

struct SinkScrapeAppender: ScrapeAppender {
  let sink: SampleSink

  func append(_ batch: SampleBatch) async throws -> Int {
    try await sink.append(batch, receiver: "scrape").seriesCreated
  }
}
