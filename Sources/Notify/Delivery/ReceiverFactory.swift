// How the notifier gets the integrations of a configured receiver. The notifier core is written
// against this function; the receivers (email, webhook, chat, pager, SMS) supply it through
// `ReceiverConfiguration.makeReceivers`, and tests supply recording receivers.
package import AsyncHTTPClient
package import Logging

/// Makes the integrations of one configured receiver, in configuration order, with the
/// configuration it belongs to (global defaults, templates, the directory of `*_file` paths).
package typealias ReceiverFactory = @Sendable (ReceiverConfiguration, AlertmanagerConfiguration) -> [any Receiver]

package enum DefaultReceivers {
  /// The production factory: the receivers' own `makeReceivers` over one shared HTTP client.
  package static func factory(httpClient: HTTPClient, logger: Logger) -> ReceiverFactory {
    { receiver, configuration in
      let context = ReceiverContext(
        httpClient: httpClient, templates: configuration.notificationTemplates(logger: logger), logger: logger,
        global: configuration.global, configDirectory: configuration.baseDirectory)
      return receiver.makeReceivers(context: context)
    }
  }
}
