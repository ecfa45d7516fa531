// The `logs:` section: syslog listeners off by default, addresses and limits read, bad values
// refused with the field named.
@testable import Server
import Testing
import WardenCore

struct LogsConfigurationTests {
  @Test func syslogIsOffByDefault() throws {
    #expect(try ConfigLoader.parse("", file: "w.yml").logs.syslog == nil)
  }

  @Test func listenersAndLimitsAreRead() throws {
    let text = "logs:\n  syslog:\n    tcp: \":5514\"\n    udp: 127.0.0.1:5515\n    max_message_size: 8KiB\n    labels: {env: prod}\n"
    let syslog = try #require(try ConfigLoader.parse(text, file: "w.yml").logs.syslog)
    #expect(syslog.tcp?.port == 5514)
    #expect(syslog.udp == ListenAddress(host: "127.0.0.1", port: 5515))
    #expect(syslog.maxMessageSize.bytes == 8192)
    #expect(syslog.labels == ["env": "prod"])
  }

  @Test(arguments: [
    ("logs:\n  syslog: {}\n", "tcp or udp"),
    ("logs:\n  syslog:\n    tcp: nowhere\n", "tcp: expected host:port"),
    ("logs:\n  syslog:\n    udp: \":1\"\n    max_message_size: 10B\n", "max_message_size"),
    ("logs:\n  syslog:\n    udp: \":1\"\n    labels: {\"1x\": y}\n", "not a valid label name"),
    ("logs:\n  syslg: {}\n", "syslg"),
  ])
  func badValuesAreRefusedNamingTheField(text: String, fragment: String) {
    do {
      _ = try ConfigLoader.parse(text, file: "w.yml")
      Issue.record("accepted \(text)")
    } catch {
      #expect("\(error)".contains(fragment), "\(error)")
    }
  }
}
