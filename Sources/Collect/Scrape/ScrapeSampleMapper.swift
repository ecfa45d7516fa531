// Turns one parsed page into the samples Prometheus would store for it: target labels attached
// (honor_labels decides conflicts; the losers become `exported_<name>`), metric_relabel_configs,
// the label limits, sample_limit, and timestamps per honor_timestamps. Pure: the scrape loop
// owns the cache and the store.
package import Ingest
package import WardenCore

/// What one page became.
package struct MappedScrape: Sendable {
  /// Final label sets of the series this scrape holds, in page order, with their samples.
  package var batch = SampleBatch()
  /// Samples on the page.
  package var scraped = 0
  /// Samples left after metric_relabel_configs.
  package var postRelabel = 0
}

/// Per target: the final labels of each scraped label set, so a steady page costs one hash lookup
/// per sample instead of a merge and a relabel. Rebuilt from what the last scrape saw, so it never
/// holds series the target no longer exposes.
package struct SeriesLabelCache: Sendable {
  /// nil value: metric_relabel_configs dropped the series.
  var entries: [Labels: Labels?] = [:]

  package init() {}

  package var count: Int { entries.count }
}

package enum ScrapeSampleMapper {
  /// Maps a parsed page.
  /// - Parameters:
  ///   - cache: last scrape's mapping, replaced by this scrape's.
  /// - Throws: `ScrapeError` when a limit is exceeded: the whole scrape fails, as in Prometheus.
  package static func map(
    _ page: ExpositionParseResult, targetLabels: Labels, configuration: ScrapeConfiguration, scrapeTimeMs: Int64,
    cache: inout SeriesLabelCache
  ) throws(ScrapeError) -> MappedScrape {
    var mapped = MappedScrape()
    mapped.scraped = page.samples.count
    var seen: [Labels: Labels?] = [:]
    seen.reserveCapacity(page.samples.count)
    var seriesIndex: [Labels: Int32] = [:]
    seriesIndex.reserveCapacity(page.samples.count)
    mapped.batch.samples.reserveCapacity(page.samples.count)
    for sample in page.samples {
      let final: Labels?
      if let known = seen[sample.labels] {
        final = known
      } else if let cached = cache.entries[sample.labels] {
        final = cached
        seen[sample.labels] = cached
      } else {
        let merged = merge(sample.labels, target: targetLabels, honorLabels: configuration.honorLabels)
        final = configuration.metricRelabelConfigs.apply(to: merged)
        if let final { try checkLimits(final, configuration: configuration) }
        seen[sample.labels] = .some(final)
      }
      guard let final else { continue }
      mapped.postRelabel += 1
      if configuration.sampleLimit > 0 && mapped.postRelabel > configuration.sampleLimit {
        throw ScrapeError("sample limit exceeded: more than \(configuration.sampleLimit) samples after metric relabeling")
      }
      let index: Int32
      if let existing = seriesIndex[final] {
        index = existing
      } else {
        index = mapped.batch.addSeries(final)
        seriesIndex[final] = index
      }
      let timestamp = configuration.honorTimestamps ? (sample.timestampMs ?? scrapeTimeMs) : scrapeTimeMs
      mapped.batch.append(seriesIndex: index, timestampMs: timestamp, value: sample.value)
    }
    cache.entries = seen
    return mapped
  }

  /// Scraped labels plus the target's. With honor_labels the page wins; otherwise the target wins
  /// and a clashing scraped label is kept as `exported_<name>` (`exported_exported_...` if taken).
  static func merge(_ scraped: Labels, target: Labels, honorLabels: Bool) -> Labels {
    if target.isEmpty { return scraped }
    var pairs = scraped.pairs
    for label in target.pairs {
      let existing = pairs.firstIndex { $0.name == label.name }
      if let existing {
        if honorLabels { continue }
        let clashing = pairs[existing]
        pairs[existing] = label
        var exportedName = "exported_" + clashing.name
        while pairs.contains(where: { $0.name == exportedName }) || !target[exportedName].isEmpty {
          exportedName = "exported_" + exportedName
        }
        pairs.append(Label(exportedName, clashing.value))
      } else {
        pairs.append(label)
      }
    }
    return Labels(pairs)
  }

  private static func checkLimits(_ labels: Labels, configuration: ScrapeConfiguration) throws(ScrapeError) {
    if configuration.labelLimit > 0 && labels.count > configuration.labelLimit {
      throw ScrapeError("label_limit exceeded (metric: \(labels.metricName), number of labels: \(labels.count), limit: \(configuration.labelLimit))")
    }
    for label in labels.pairs {
      if configuration.labelNameLengthLimit > 0 && label.name.utf8.count > configuration.labelNameLengthLimit {
        throw ScrapeError("label_name_length_limit exceeded (metric: \(labels.metricName), label name: \(label.name), limit: \(configuration.labelNameLengthLimit))")
      }
      if configuration.labelValueLengthLimit > 0 && label.value.utf8.count > configuration.labelValueLengthLimit {
        throw ScrapeError("label_value_length_limit exceeded (metric: \(labels.metricName), label: \(label.name), limit: \(configuration.labelValueLengthLimit))")
      }
    }
  }
}
