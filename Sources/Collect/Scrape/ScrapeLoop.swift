// Scrapes one target every interval until cancelled: fetch, parse, map, store, plus the synthetic
// series (`up`, `scrape_duration_seconds`, ...) and staleness markers for series that vanished,
// for all of a failed scrape's series, and for everything when the target goes away. Scrape times
// are offset within the interval by a hash of the target, so many targets spread their load.
import Foundation
import Ingest
package import Logging
import WardenCore

package final class ScrapeLoop: Sendable {
  package let target: ScrapeTarget
  package let health = TargetHealthCell()
  let fetcher: ScrapeFetcher
  let configuration: ScrapeConfiguration
  let appender: any ScrapeAppender
  let logger: Logger

  package init(
    target: ScrapeTarget, fetcher: ScrapeFetcher, configuration: ScrapeConfiguration, appender: any ScrapeAppender,
    logger: Logger
  ) {
    self.target = target
    self.fetcher = fetcher
    self.configuration = configuration
    self.appender = appender
    self.logger = logger
  }

  /// What the loop carries from one scrape to the next.
  struct State {
    var cache = SeriesLabelCache()
    /// Series the last scrape stored (report series included), to mark stale when they vanish.
    var previous: [Labels] = []
  }

  /// Runs until the task is cancelled, then marks every series it stored as stale.
  package func run() async {
    var state = State()
    let interval = target.interval
    let offset = Self.offset(for: target, interval: interval)
    var next = Self.nextTick(after: Date().timeIntervalSince1970, interval: interval, offset: offset)
    while !Task.isCancelled {
      let wait = next - Date().timeIntervalSince1970
      if wait > 0 {
        do { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) } catch { break }
      }
      await scrapeOnce(&state)
      next = Self.nextTick(after: Date().timeIntervalSince1970, interval: interval, offset: offset)
    }
    await markAllStale(&state, atMs: Int64(Date().timeIntervalSince1970 * 1000))
  }

  /// One scrape, stored; returns nothing because everything it learns goes to `health` and the store.
  func scrapeOnce(_ state: inout State) async {
    let startMs = Int64(Date().timeIntervalSince1970 * 1000)
    let clock = ContinuousClock.now
    var batch = SampleBatch()
    var scraped = 0
    var postRelabel = 0
    var failure: String?
    do {
      let response = try await fetcher.fetch(url: target.url, timeout: target.timeout)
      let format = ExpositionFormat.from(contentType: response.contentType)
      let page: ExpositionParseResult
      do {
        page = try ExpositionParser.parse(response.body, format: format, mode: .scrape)
      } catch {
        throw ScrapeError("cannot parse the page: \(error)")
      }
      let mapped = try ScrapeSampleMapper.map(
        page, targetLabels: target.labels, configuration: configuration, scrapeTimeMs: startMs, cache: &state.cache)
      batch = mapped.batch
      scraped = mapped.scraped
      postRelabel = mapped.postRelabel
    } catch {
      // Stopped mid-scrape (shutdown, or the target went away on a reload): the target did not
      // fail, so nothing is recorded for this scrape (no `up` 0); `run` marks the series stale.
      if Task.isCancelled { return }
      failure = (error as? ScrapeError)?.message ?? "\(error)"
      state.cache = SeriesLabelCache()
    }
    let duration = ContinuousClock.now - clock

    // Series stored last time and missing now get a stale marker at this scrape's time. The report
    // series are written below at this same time, so they are never among the missing: a marker
    // there would turn `up` into a conflicting duplicate and lose it.
    var current = Set(batch.series)
    current.formUnion(reportSeries)
    for series in state.previous where !current.contains(series) {
      batch.append(series, timestampMs: startMs, value: .staleMarker)
    }
    var seriesAdded = 0
    do {
      seriesAdded = try await appender.append(batch)
    } catch {
      logger.warning("cannot store scraped samples", metadata: ["target": "\(target.url)", "error": "\(error)"])
    }
    let report = reportBatch(
      atMs: startMs, up: failure == nil, duration: duration, scraped: scraped, postRelabel: postRelabel, seriesAdded: seriesAdded)
    do {
      _ = try await appender.append(report)
    } catch {
      logger.warning("cannot store scrape report", metadata: ["target": "\(target.url)", "error": "\(error)"])
    }
    state.previous = Array(current)
    health.update { health in
      health.state = failure == nil ? .up : .down
      health.lastError = failure ?? ""
      health.lastScrapeMs = startMs
      health.lastScrapeDuration = duration
      health.samplesScraped = scraped
    }
  }

  static let reportNames = [
    "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
  ]

  private var reportSeries: [Labels] {
    Self.reportNames.map { target.labels.setting(Labels.metricName, to: $0) }
  }

  private func reportBatch(
    atMs: Int64, up: Bool, duration: Duration, scraped: Int, postRelabel: Int, seriesAdded: Int
  ) -> SampleBatch {
    var batch = SampleBatch()
    let seconds = duration.seconds
    let values: [Double] = [up ? 1 : 0, seconds, Double(scraped), Double(postRelabel), Double(seriesAdded)]
    for (series, value) in zip(reportSeries, values) {
      batch.append(series, timestampMs: atMs, value: value)
    }
    return batch
  }

  private func markAllStale(_ state: inout State, atMs: Int64) async {
    guard !state.previous.isEmpty else { return }
    var batch = SampleBatch()
    for series in state.previous { batch.append(series, timestampMs: atMs, value: .staleMarker) }
    _ = try? await appender.append(batch)
    state.previous = []
  }

  /// Where in each interval this target is scraped: stable across restarts, spread over targets.
  static func offset(for target: ScrapeTarget, interval: Duration) -> Double {
    let intervalMs = max(interval.milliseconds, 1)
    let hash = target.labels.stableHash
    return Double(Int64(hash % UInt64(intervalMs))) / 1000
  }

  /// The first time after `now` (Unix seconds) that is `offset` past a multiple of `interval`.
  static func nextTick(after now: Double, interval: Duration, offset: Double) -> Double {
    let seconds = interval.seconds
    let base = (now / seconds).rounded(.down) * seconds + offset
    return base > now ? base : base + seconds
  }
}
