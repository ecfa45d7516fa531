// What receivers are built with: the process's shared HTTP client, the loaded templates, a
// logger, the global section (its defaults fill what an integration leaves unset) and the
// directory relative file paths are read from.
package import AsyncHTTPClient
import GoTemplate
package import Logging
import NIOCore

/// Shared by every receiver `ReceiverConfiguration.makeReceivers` builds. The HTTP client is
/// expected not to follow redirects itself (`redirectConfiguration = .disallow`): receivers follow
/// them as each `http_config.follow_redirects` says (a client that follows them anyway only makes
/// `follow_redirects: false` ineffective). `makeHTTPClient()` builds one so.
package struct ReceiverContext: Sendable {
  package var httpClient: HTTPClient
  package var templates: NotificationTemplates
  package var logger: Logger
  package var global: NotifyGlobalConfiguration
  /// The directory of the configuration file: relative `*_file` paths are relative to it.
  package var configDirectory: String?

  package init(
    httpClient: HTTPClient, templates: NotificationTemplates, logger: Logger, global: NotifyGlobalConfiguration,
    configDirectory: String? = nil
  ) {
    self.httpClient = httpClient
    self.templates = templates
    self.logger = logger
    self.global = global
    self.configDirectory = configDirectory
  }

  /// A client for receivers: redirects left to them, connections kept briefly. The caller shuts
  /// it down (`try await client.shutdown()`).
  package static func makeHTTPClient() -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    configuration.connectionPool = .init(idleTimeout: .seconds(30))
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }

  /// The pieces a receiver keeps.
  func environment(_ settings: HTTPClientSettings?, timeout: Duration, service: String) -> ReceiverEnvironment {
    ReceiverEnvironment(
      templates: templates,
      http: HTTPDelivery(
        client: httpClient, settings: settings ?? global.httpConfig, timeout: timeout, directory: configDirectory,
        logger: logger, service: service),
      directory: configDirectory, logger: logger)
  }
}

/// What one built receiver keeps of its context.
struct ReceiverEnvironment: Sendable {
  let templates: NotificationTemplates
  let http: HTTPDelivery
  let directory: String?
  let logger: Logger

  /// Reads a secret now (files at each attempt, so rotation takes effect).
  func secret(_ source: SecretSource?, _ what: String) throws(ReceiverFailure) -> String {
    guard let source else { throw .permanent("no \(what) is configured") }
    return try source.read(relativeTo: directory).get()
  }
}

/// The template data of one notification and the templates to render configuration fields with.
struct TemplateRendering: Sendable {
  let templates: NotificationTemplates
  let data: TemplateData

  init(_ templates: NotificationTemplates, _ notification: Notification, extra: [String: TemplateData] = [:]) {
    self.templates = templates
    self.data = NotificationTemplateData.make(notification, extra: extra)
  }

  /// Renders a configuration field; a template error fails the attempt for good.
  func render(_ source: String, _ field: String, html: Bool = false) async throws(ReceiverFailure) -> String {
    do {
      return try await templates.render(source, data: data, html: html)
    } catch {
      throw .permanent("cannot render \(field): \(error)")
    }
  }
}
