// A size field in configuration (`512MiB`, `10GB`, `0`), as Prometheus's size settings read.

package struct ConfigByteSize: Decodable, Sendable, Hashable, CustomStringConvertible {
  package var bytes: Int64

  package init(_ bytes: Int64) {
    self.bytes = bytes
  }

  package init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let bytes = ByteSize.parse(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "expected a size like 512MiB, 10GB or 0, got \"\(text)\""))
    }
    self.bytes = bytes
  }

  package var description: String { ByteSize.format(bytes) }
}
