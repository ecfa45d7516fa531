// The reserved label names scrape targets carry between discovery, relabeling and the scrape.

package enum TargetLabels {
  package static let address = "__address__"
  package static let scheme = "__scheme__"
  package static let metricsPath = "__metrics_path__"
  package static let scrapeInterval = "__scrape_interval__"
  package static let scrapeTimeout = "__scrape_timeout__"
  package static let paramPrefix = "__param_"
  package static let reservedPrefix = "__"
  package static let metaFilepath = "__meta_filepath"
  package static let job = "job"
  package static let instance = "instance"
}
