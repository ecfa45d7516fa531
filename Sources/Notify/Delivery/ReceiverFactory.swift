// How the notifier gets the integrations of a configured receiver. The notifier core is written
// against a function from receiver configuration to receivers, made anew for each configuration
// (its templates and global section); production makes them with
// `ReceiverConfiguration.makeReceivers`, tests with recording receivers.
package import AsyncHTTPClient
package import ConfigDecoding
package import Logging

/// Makes the integrations of one configured receiver, in configuration order.
package typealias ReceiverFactory = @Sendable (ReceiverConfiguration) -> [any Receiver]

/// Makes the receiver factory of a whole configuration (at start and on every reload).
package typealias ReceiverFactoryMaker = @Sendable (AlertmanagerConfiguration) -> ReceiverFactory

package enum DefaultReceivers {
  /// The production maker: the configuration's templates are loaded and every receiver is made
  /// by `makeReceivers` with the shared HTTP client.
  ///
  /// Template files should be checked when the configuration is loaded (`checkTemplates`), so a
  /// bad file refuses the configuration; if loading fails here anyway, the default templates are
  /// used and the problem is logged.
  /// - Parameter configDirectory: what relative template globs and `*_file` paths are relative to.
  package static func maker(httpClient: HTTPClient, logger: Logger, configDirectory: String?) -> ReceiverFactoryMaker {
    { configuration in
      let templates: NotificationTemplates
      do throws(ConfigError) {
        templates = try NotificationTemplates.load(patterns: configuration.templates, baseDirectory: configDirectory)
      } catch {
        logger.error("cannot load notification templates; using the defaults", metadata: ["error": "\(error)"])
        guard let defaults = try? NotificationTemplates() else { return { _ in [] } }
        templates = defaults
      }
      let context = ReceiverContext(
        httpClient: httpClient, templates: templates, logger: logger, global: configuration.global, configDirectory: configDirectory)
      return { $0.makeReceivers(context: context) }
    }
  }

  /// Loads the configuration's template files, to refuse a configuration whose templates do not
  /// parse before it is applied.
  /// - Throws: `ConfigError` naming the template file.
  package static func checkTemplates(of configuration: AlertmanagerConfiguration, configDirectory: String?) throws(ConfigError) {
    _ = try NotificationTemplates.load(patterns: configuration.templates, baseDirectory: configDirectory)
  }
}
