// `sms_configs` entry, Warden's own integration: a text message to each of `to`, either through a
// Twilio-compatible Messages API (`provider: twilio`: account_sid, auth_token(_file), from,
// api_url) or through any HTTP SMS gateway (`provider: gateway`: a URL template, method, body
// template, headers; the templates see `.To` and `.Message` besides the usual data). The text is
// `message`, cut to `max_segments` SMS (one by default: 160 GSM-7 or 70 UCS-2 characters).
import Foundation

/// One SMS integration.
package struct SMSConfiguration: Decodable, Sendable, Equatable {
  package enum Provider: String, Sendable, Equatable {
    case twilio, gateway
  }

  package var provider = Provider.twilio
  package var sendResolved = true
  /// Recipients (template strings), each sent its own message.
  package var to: [String] = []
  package var message = #"{{ template "sms.default.message" . }}"#
  package var maxSegments = 1
  // Twilio
  package var accountSID = ""
  package var authToken: SecretSource?
  package var from = ""
  package var apiURL = "https://api.twilio.com"
  // Gateway
  package var url = ""
  package var method = "POST"
  package var body: String?
  package var contentType = "application/json"
  package var headers: [String: String] = [:]

  package var httpConfig: HTTPClientSettings?
  package var timeout = ReceiverTimeout.defaultTimeout
  package var fieldPath = ""

  enum CodingKeys: String, CodingKey {
    case provider, sendResolved = "send_resolved", to, message, maxSegments = "max_segments"
    case accountSID = "account_sid", authToken = "auth_token", authTokenFile = "auth_token_file", from, apiURL = "api_url"
    case url, method, body, contentType = "content_type", headers, httpConfig = "http_config", timeout
  }

  private static let twilioOnly: [CodingKeys] = [.accountSID, .authToken, .authTokenFile, .from, .apiURL]
  private static let gatewayOnly: [CodingKeys] = [.url, .method, .body, .contentType, .headers]

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fieldPath = ReceiverConfigProblem.path(decoder)
    let providerName = try container.decode(String.self, forKey: .provider)
    guard let provider = Provider(rawValue: providerName) else {
      throw ReceiverConfigProblem.at(decoder, "provider must be twilio or gateway, got \"\(providerName)\"")
    }
    self.provider = provider
    sendResolved = try container.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? true
    to = try Self.decodeRecipients(container, decoder: decoder)
    message = try container.decodeIfPresent(String.self, forKey: .message) ?? message
    maxSegments = try container.decodeIfPresent(Int.self, forKey: .maxSegments) ?? 1
    if !(1...10).contains(maxSegments) { throw ReceiverConfigProblem.at(decoder, "max_segments must be between 1 and 10") }
    httpConfig = try container.decodeIfPresent(HTTPClientSettings.self, forKey: .httpConfig)
    timeout = try ReceiverTimeout.decode(container, .timeout, decoder: decoder)

    let misplaced = (provider == .twilio ? Self.gatewayOnly : Self.twilioOnly).filter { container.contains($0) }
    if let key = misplaced.first {
      let other = provider == .twilio ? "gateway" : "twilio"
      throw ReceiverConfigProblem.at(decoder, "\(key.stringValue) is a setting of provider \(other), not \(provider.rawValue)")
    }
    switch provider {
    case .twilio:
      accountSID = try container.decodeIfPresent(String.self, forKey: .accountSID) ?? ""
      authToken = try SecretSource.decode(container, .authToken, file: .authTokenFile, decoder: decoder)
      from = try container.decodeIfPresent(String.self, forKey: .from) ?? ""
      apiURL = try container.decodeIfPresent(String.self, forKey: .apiURL) ?? apiURL
      try HTTPURLCheck.check(apiURL, field: "api_url", decoder: decoder)
      if accountSID.isEmpty { throw ReceiverConfigProblem.at(decoder, "account_sid must be set") }
      if accountSID.contains(where: { !$0.isASCII || !($0.isLetter || $0.isNumber) }) {
        throw ReceiverConfigProblem.at(decoder, "account_sid must be letters and digits, got \"\(accountSID)\"")
      }
      if authToken == nil { throw ReceiverConfigProblem.at(decoder, "one of auth_token and auth_token_file must be set") }
      if from.isEmpty { throw ReceiverConfigProblem.at(decoder, "from must be set (a phone number or messaging service SID)") }
    case .gateway:
      url = try container.decodeIfPresent(String.self, forKey: .url) ?? ""
      if url.isEmpty { throw ReceiverConfigProblem.at(decoder, "url must be set (a template; .To and .Message hold the recipient and text)") }
      method = (try container.decodeIfPresent(String.self, forKey: .method) ?? "POST").uppercased()
      if !["GET", "POST", "PUT"].contains(method) { throw ReceiverConfigProblem.at(decoder, "method must be GET, POST or PUT") }
      body = try container.decodeIfPresent(String.self, forKey: .body)
      if method == "GET", body != nil { throw ReceiverConfigProblem.at(decoder, "a GET request has no body") }
      contentType = try container.decodeIfPresent(String.self, forKey: .contentType) ?? contentType
      headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
      for name in headers.keys where name.isEmpty || name.contains(where: { $0 == ":" || $0.isWhitespace }) {
        throw ReceiverConfigProblem.at(decoder, "invalid header name \"\(name)\"")
      }
    }
  }

  /// `to` as a list, or as one comma-separated string.
  private static func decodeRecipients(_ container: KeyedDecodingContainer<CodingKeys>, decoder: any Decoder) throws -> [String] {
    var recipients: [String]
    if let list = try? container.decodeIfPresent([String].self, forKey: .to) {
      recipients = list
    } else {
      let text = try container.decodeIfPresent(String.self, forKey: .to) ?? ""
      recipients = text.split(separator: ",").map(String.init)
    }
    recipients = recipients.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    if recipients.isEmpty { throw ReceiverConfigProblem.at(decoder, "to must name at least one recipient") }
    if recipients.count > 100 { throw ReceiverConfigProblem.at(decoder, "to names more than 100 recipients") }
    return recipients
  }
}
