// The `logs:` section: syslog listeners off by default, addresses and limits read, bad values
// refused with the field named.
import ConfigDecoding
import LogStore
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

struct LogsStorageConfigurationTests {
  @Test func defaultsReachTheStore() throws {
    let options = try ConfigLoader.parse("", file: "w.yml").storage.logs.storeOptions
    #expect(options.retentionNs == 15 * 86_400 * 1_000_000_000)
    #expect(options.maxLineBytes == 256 << 10)
    #expect(options.fsync == .groupCommit)
  }

  @Test func overridesReachTheStore() throws {
    let text = """
      storage:
        logs: {retention: 7d, retention_size: 10GiB, max_line_size: 64KiB, max_labels_per_stream: 20, max_streams: 1000, fsync: every_batch}
      log_files:
        - paths: ["/var/log/*.log"]
          labels: {job: varlog}
      """
    let config = try ConfigLoader.parse(text, file: "w.yml")
    let options = config.storage.logs.storeOptions
    #expect(options.retentionNs == 7 * 86_400 * 1_000_000_000)
    #expect(options.retentionBytes == 10 << 30)
    #expect(options.maxLineBytes == 64 << 10)
    #expect(options.maxLabelsPerStream == 20)
    #expect(options.maxStreams == 1000)
    #expect(options.fsync == .everyBatch)
    #expect(config.logFiles.count == 1)
  }

  @Test(arguments: [
    "storage:\n  logs: {max_line_size: 10B}\n", "storage:\n  logs: {max_labels_per_stream: 0}\n",
    "storage:\n  logs: {fsync: sometimes}\n", "log_files:\n  - paths: [relative/*.log]\n",
  ])
  func badValuesAreRefused(text: String) {
    #expect(throws: ConfigError.self) { try ConfigLoader.parse(text, file: "w.yml") }
  }
}
