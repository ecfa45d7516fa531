// How the notifier gets the integrations of a configured receiver. The notifier core is written
// against a function from receiver configuration to receivers, made anew for each configuration
// (its templates and global section); production makes them with
// `ReceiverConfiguration.makeReceivers`, tests with recording receivers.
package import AsyncHTTPClient
package import Logging

/// Makes the integrations of one configured receiver, in configuration order.
package typealias ReceiverFactory = @Sendable (ReceiverConfiguration) -> [any Receiver]

/// Makes the receiver factory of a whole configuration (at start and on every reload).
package typealias ReceiverFactoryMaker = @Sendable (AlertmanagerConfiguration) -> ReceiverFactory

package enum DefaultReceivers {
  /// The production maker: the configuration's templates (read when it was loaded, see
  /// `AlertmanagerConfiguration.loadTemplates`) are parsed once and every receiver is made by
  /// `makeReceivers` with the shared HTTP client.
  /// - Parameter configDirectory: what relative `*_file` paths are relative to, when the
  ///   configuration does not say (`baseDirectory`).
  package static func maker(httpClient: HTTPClient, logger: Logger, configDirectory: String?) -> ReceiverFactoryMaker {
    { configuration in
      let directory = configuration.baseDirectory ?? configDirectory
      let context = ReceiverContext(
        httpClient: httpClient, templates: configuration.notificationTemplates(logger: logger), logger: logger,
        global: configuration.global, configDirectory: directory)
      return { $0.makeReceivers(context: context) }
    }
  }
}
