// Holds the running configuration and replaces it on reload (SIGHUP or POST /-/reload). A bad new
// file never replaces a good running one: the old configuration stays, and the reason is logged
// and returned to whoever asked.
package import ConfigDecoding
import Foundation
package import Logging

/// Low-rate control state, so an actor: reloads are serialised.
package actor ConfigReloader {
  /// The configuration in force, and the text it was loaded from (for /api/v1/status/config).
  package private(set) var current: WardenConfiguration
  package private(set) var currentText: String
  package let path: String?
  private let logger: Logger
  private let metrics: SelfMetrics

  package init(path: String?, initial: WardenConfiguration, text: String, logger: Logger, metrics: SelfMetrics) {
    self.path = path
    self.current = initial
    self.currentText = text
    self.logger = logger
    self.metrics = metrics
    metrics.recordReload(successful: true, atUnixSeconds: Date().timeIntervalSince1970)
  }

  /// Re-reads the configuration file.
  /// - Parameter trigger: what asked (`SIGHUP`, `HTTP`), for the log.
  /// - Returns: the error that kept the old configuration, or nil on success.
  @discardableResult
  package func reload(trigger: String) -> ConfigError? {
    guard let path else {
      logger.info("reload requested but no configuration file is in use", metadata: ["reload.trigger": "\(trigger)"])
      return nil
    }
    do {
      let text = try ConfigLoader.readText(path: path)
      let config = try ConfigLoader.parse(text, file: path)
      current = config
      currentText = text
      metrics.recordReload(successful: true, atUnixSeconds: Date().timeIntervalSince1970)
      logger.info("configuration reloaded", metadata: ["config.file": "\(path)", "reload.trigger": "\(trigger)"])
      return nil
    } catch {
      metrics.recordReload(successful: false, atUnixSeconds: Date().timeIntervalSince1970)
      logger.error(
        "configuration reload failed; keeping the previous configuration",
        metadata: ["config.file": "\(path)", "reload.trigger": "\(trigger)", "error": "\(error)"])
      return error
    }
  }
}
