// A duration field in configuration, written as Prometheus writes durations (`15s`, `1h30m`).

package struct ConfigDuration: Decodable, Sendable, Hashable, CustomStringConvertible {
  package var duration: Duration

  package init(_ duration: Duration) {
    self.duration = duration
  }

  package init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let duration = PrometheusDuration.parse(text) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "expected a duration like 15s, 1m30s or 2h, got \"\(text)\""))
    }
    self.duration = duration
  }

  package var description: String { PrometheusDuration.format(duration) }
}
