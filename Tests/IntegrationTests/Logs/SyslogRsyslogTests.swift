// The real rsyslog (Debian's rsyslogd, a private instance with its own configuration) forwards
// `logger` lines to Warden's syslog listeners: over TCP as RFC 5424 with octet counting (rsyslog's
// frames end in LF inside the count) and over UDP in the traditional RFC 3164 format. The lines
// are then found with LogQL, with host, app, facility and level as stream labels.
import Foundation
import Testing

@Suite(.serialized) struct SyslogRsyslogTests {
  /// Warden with syslog on free TCP and UDP ports, and rsyslog reading a private socket and
  /// forwarding to them by program name.
  private func start() throws -> (ServerProcess, PeerProcess, URL) {
    let tcpPort = try FreePort.find()
    let udpPort = try FreePort.find(udp: true)
    let configDirectory = try TemporaryDirectory.make(prefix: "warden-config")
    let config = configDirectory.appendingPathComponent("warden.yml")
    try "logs:\n  syslog:\n    tcp: 127.0.0.1:\(tcpPort)\n    udp: 127.0.0.1:\(udpPort)\n"
      .write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    let rsyslog = try PeerProcess(tool: "rsyslogd", package: "rsyslog") { _, directory in
      let socket = directory.appendingPathComponent("log.sock").path
      let conf = """
        global(workDirectory="\(directory.path)")
        module(load="imuxsock" SysSock.Use="off")
        input(type="imuxsock" Socket="\(socket)" CreatePath="on")
        if $programname == 'udpapp' then {
          action(type="omfwd" target="127.0.0.1" port="\(udpPort)" protocol="udp" template="RSYSLOG_TraditionalForwardFormat")
        } else {
          action(type="omfwd" target="127.0.0.1" port="\(tcpPort)" protocol="tcp" TCP_Framing="octet-counted"
            template="RSYSLOG_SyslogProtocol23Format")
        }
        """
      try? conf.write(to: directory.appendingPathComponent("rsyslog.conf"), atomically: true, encoding: .utf8)
      return ["-n", "-f", directory.appendingPathComponent("rsyslog.conf").path, "-i", directory.appendingPathComponent("rsyslogd.pid").path]
    }
    return (server, rsyslog, rsyslog.directory.appendingPathComponent("log.sock"))
  }

  private func logger(_ socket: URL, tag: String, priority: String, _ message: String) async throws {
    let binary = try PeerTool.require("logger", package: "bsdutils")
    // rsyslog creates its socket shortly after start.
    for _ in 0..<50 where !FileManager.default.fileExists(atPath: socket.path) {
      try await Task.sleep(for: .milliseconds(100))
    }
    let result = try Command.run(binary, ["-u", socket.path, "-t", tag, "-p", priority, message])
    #expect(result.status == 0, "logger failed: \(result.stderr)")
  }

  @Test func tcpOctetCountedRFC5424LinesArriveWithTheirLabels() async throws {
    let (server, rsyslog, socket) = try start()
    defer { withExtendedLifetime(rsyslog) {} }
    try await server.waitUntilReady()
    let marker = UUID().uuidString
    try await logger(socket, tag: "tcpapp", priority: "local3.err", "payment failed id=\(marker)")
    try await logger(socket, tag: "tcpapp", priority: "user.info", "second line \(marker)")
    let entries = try await LokiQuery.waitFor(server, "{job=\"syslog\", app=\"tcpapp\"} |= \"\(marker)\"", count: 2)
    try #require(entries.count == 2)
    #expect(entries[0].line.hasSuffix("payment failed id=\(marker)"), "\(entries[0].line)")
    #expect(!entries[0].line.hasSuffix("\n"))
    #expect(entries[0].labels["facility"] == "local3")
    #expect(entries[0].labels["level"] == "error" || entries[0].labels["level"] == "err", "\(entries[0].labels)")
    #expect(entries[1].labels["facility"] == "user")
    #expect(entries[0].labels["host"]?.isEmpty == false)
    // A selector on the severity finds only the error.
    let errors = try await LokiQuery.entries(server, "{app=\"tcpapp\", facility=\"local3\"} |= \"\(marker)\"")
    #expect(errors.count == 1)
    try await server.stop()
  }

  @Test func udpRFC3164LinesArrive() async throws {
    let (server, rsyslog, socket) = try start()
    defer { withExtendedLifetime(rsyslog) {} }
    try await server.waitUntilReady()
    let marker = UUID().uuidString
    try await logger(socket, tag: "udpapp", priority: "daemon.warning", "disk almost full \(marker)")
    let entries = try await LokiQuery.waitFor(server, "{job=\"syslog\", app=\"udpapp\"} |= \"\(marker)\"")
    try #require(entries.count == 1)
    #expect(entries[0].line.hasSuffix("disk almost full \(marker)"))
    #expect(entries[0].labels["facility"] == "daemon")
    #expect(entries[0].labels["level"] == "warning")
    try await server.stop()
  }
}
