// `logs:`: the log receivers that are not HTTP endpoints. Today the syslog listeners (RFC 5424 and
// RFC 3164 over TCP and UDP); each is off unless its address is given. Read at start-up; a reload
// that changes it is accepted and takes effect at the next start.
package import WardenCore

package struct LogsConfiguration: Decodable, Sendable, Equatable {
  package var syslog: SyslogConfiguration?

  package init() {}

  enum CodingKeys: String, CodingKey { case syslog }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    syslog = try container.decodeIfPresent(SyslogConfiguration.self, forKey: .syslog)
  }
}

/// `logs.syslog:`: where to listen and how large a message may be.
package struct SyslogConfiguration: Decodable, Sendable, Equatable {
  /// TCP address (octet-counting and newline framing, RFC 6587); nil leaves TCP off.
  package var tcp: ListenAddress?
  /// UDP address (one message per datagram); nil leaves UDP off.
  package var udp: ListenAddress?
  /// Frames longer than this are skipped and counted (`warden_logs_requests_rejected_total`).
  package var maxMessageSize = ConfigByteSize(64 << 10)
  /// Labels added to every stream received here (e.g. `env: prod`).
  package var labels: [String: String] = [:]

  package init() {}

  enum CodingKeys: String, CodingKey {
    case tcp, udp, labels
    case maxMessageSize = "max_message_size"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    tcp = try Self.address(container, .tcp)
    udp = try Self.address(container, .udp)
    guard tcp != nil || udp != nil else {
      throw DecodingError.dataCorruptedError(
        forKey: .tcp, in: container, debugDescription: "logs.syslog needs a tcp or udp address (e.g. tcp: \":5514\")")
    }
    maxMessageSize = try container.decodeIfPresent(ConfigByteSize.self, forKey: .maxMessageSize) ?? maxMessageSize
    guard (480...(16 << 20)).contains(maxMessageSize.bytes) else {
      throw DecodingError.dataCorruptedError(
        forKey: .maxMessageSize, in: container,
        debugDescription: "max_message_size must be between 480B (RFC 5424's minimum) and 16MiB, got \(maxMessageSize)")
    }
    labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    for name in labels.keys where !LabelName.isValid(name) {
      throw DecodingError.dataCorruptedError(
        forKey: .labels, in: container, debugDescription: "labels: \"\(name)\" is not a valid label name")
    }
  }

  private static func address(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> ListenAddress? {
    guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
    guard let address = ListenAddress(parsing: text) else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: container, debugDescription: "\(key.rawValue): expected host:port, :port or [v6]:port, got \"\(text)\"")
    }
    return address
  }
}
