// How the notifier gets the integrations of a configured receiver. The notifier core is written
// against this function; the receivers (email, webhook, chat, pager, SMS) supply it through
// `ReceiverConfiguration.makeReceivers`, and tests supply recording receivers.
package import AsyncHTTPClient

/// Makes the integrations of one configured receiver, in configuration order.
package typealias ReceiverFactory = @Sendable (ReceiverConfiguration) -> [any Receiver]

package enum DefaultReceivers {
  /// The production factory.
  ///
  /// LEAD: until the receivers branch adds `ReceiverConfiguration.makeReceivers(context:)`, every
  /// receiver has no integrations (Alertmanager's "blackhole" receiver); replace the body with
  /// the `makeReceivers` call when that branch lands.
  package static func factory(httpClient: HTTPClient) -> ReceiverFactory {
    { _ in [] }
  }
}
