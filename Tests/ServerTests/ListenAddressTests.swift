// `--listen` parsing.
import Server
import Testing

struct ListenAddressTests {
  @Test(arguments: [
    ("127.0.0.1:9470", "127.0.0.1", 9470), (":9470", "0.0.0.0", 9470), ("[::1]:80", "::1", 80),
    ("localhost:0", "localhost", 0), ("0.0.0.0:65535", "0.0.0.0", 65535),
  ])
  func parses(text: String, host: String, port: Int) {
    #expect(ListenAddress(parsing: text) == ListenAddress(host: host, port: port))
  }

  @Test(arguments: ["", "9470", "host:", "host:abc", "host:65536", "host:-1", "::1:80", "[::1]80", "[::1"])
  func rejects(text: String) {
    #expect(ListenAddress(parsing: text) == nil)
  }

  @Test func describesIPv6WithBrackets() {
    #expect(ListenAddress(host: "::1", port: 9470).description == "[::1]:9470")
    #expect(ListenAddress.default.description == "127.0.0.1:9470")
  }
}
