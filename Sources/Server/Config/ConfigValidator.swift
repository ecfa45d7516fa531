// Checks that go beyond types (timeouts within intervals, valid label names), reported at the
// position of the offending field.
import ConfigDecoding
import Collect
import WardenCore
import Yams

struct ConfigValidator {
  let file: String
  let root: Node

  func validate(_ config: WardenConfiguration) throws(ConfigError) {
    let global = config.global
    if global.scrapeInterval.duration <= .zero {
      throw error(["global", "scrape_interval"], "must be greater than 0s")
    }
    if global.evaluationInterval.duration <= .zero {
      throw error(["global", "evaluation_interval"], "must be greater than 0s")
    }
    if global.scrapeTimeout.duration > global.scrapeInterval.duration {
      throw error(
        ["global", "scrape_timeout"],
        "\(global.scrapeTimeout) is longer than scrape_interval \(global.scrapeInterval)")
    }
    let metrics = config.storage.metrics
    // Below two hours (one block range) blocks would be deleted as soon as they were written.
    if metrics.retention.duration < .seconds(7200) {
      throw error(["storage", "metrics", "retention"], "\(metrics.retention) is shorter than the 2h block range")
    }
    if metrics.downsampleAfter.duration != .zero, metrics.downsampleAfter.duration < .seconds(7200) {
      throw error(["storage", "metrics", "downsample_after"], "\(metrics.downsampleAfter) is shorter than the 2h block range (0s turns downsampling off)")
    }
    if metrics.outOfOrderWindow.duration > .seconds(86_400) {
      throw error(["storage", "metrics", "out_of_order_window"], "\(metrics.outOfOrderWindow) is longer than 1d")
    }
    var jobs: Set<String> = []
    for job in config.scrapeConfigs {
      guard jobs.insert(job.jobName).inserted else {
        throw error(["scrape_configs"], "found multiple scrape configs with job name \"\(job.jobName)\"")
      }
    }
    do {
      _ = try config.resolvedScrapeConfigs()
    } catch let problem {
      throw error(["scrape_configs"], problem.description)
    }
    for name in global.externalLabels.keys.sorted() where !LabelName.isValid(name) {
      throw error(
        ["global", "external_labels", name], "\"\(name)\" is not a valid label name (expected [a-zA-Z_][a-zA-Z0-9_]*)")
    }
    try BackupJobsValidator(report: error).validate(config.backupJobs)
  }

  /// An error positioned at the node the path leads to (or the nearest ancestor that exists).
  /// A numeric component indexes a sequence (`["backup_jobs", "0", "schedule"]`).
  private func error(_ path: [String], _ message: String) -> ConfigError {
    var node = root
    var mark = root.mark
    for key in path {
      if case .sequence(let sequence) = node, let index = Int(key), sequence.indices.contains(index) {
        node = sequence[index]
        mark = node.mark ?? mark
        continue
      }
      guard case .mapping(let mapping) = node, let entry = mapping.first(where: { $0.key.string == key }) else { break }
      node = entry.value
      mark = entry.value.mark ?? mark
    }
    return ConfigError(file: file, line: mark?.line, column: mark?.column, field: path.joined(separator: "."), message: message)
  }
}
