// `warden serve`: run the server in the foreground until SIGTERM or SIGINT.
import ArgumentParser
import Logging
import Server
import WardenCore
#if canImport(Glibc)
  import Glibc
#endif

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the Warden server.",
    discussion: "With no flags it keeps its data in ./data, listens on 127.0.0.1:9470 and collects this host's "
      + "metrics. SIGHUP or POST /-/reload re-reads the configuration file; SIGTERM or SIGINT stops it "
      + "gracefully."
  )

  @Option(name: .long, help: "The YAML configuration file. Without it, built-in defaults are used.")
  var config: String?

  @Option(name: .customLong("data-dir"), help: "Where Warden keeps its data.")
  var dataDir = "./data"

  @Option(name: .long, help: "The address to serve HTTP on, as HOST:PORT, [IPv6]:PORT or :PORT.")
  var listen = ListenAddress.default.description

  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel = "info"

  @Option(name: .customLong("log-format"), help: "logfmt or json.")
  var logFormat = "logfmt"

  @Option(
    name: .customLong("shutdown-timeout"),
    help: "How long a graceful stop may take before the rest is cancelled, e.g. 30s or 1m.")
  var shutdownTimeout = "30s"

  @Flag(name: .customLong("enable-admin-api"), help: "Serve /api/v1/admin/tsdb/* (snapshots), as Prometheus's flag of the same name.")
  var enableAdminAPI = false

  func validate() throws {
    guard ListenAddress(parsing: listen) != nil else {
      throw ValidationError("--listen \"\(listen)\" is not HOST:PORT with a port from 0 to 65535")
    }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level \"\(logLevel)\" is not one of trace, debug, info, notice, warning, error, critical")
    }
    guard LogFormat(rawValue: logFormat) != nil else {
      throw ValidationError("--log-format \"\(logFormat)\" is not logfmt or json")
    }
    guard PrometheusDuration.parse(shutdownTimeout) != nil else {
      throw ValidationError("--shutdown-timeout \"\(shutdownTimeout)\" is not a duration like 30s or 1m")
    }
  }

  func run() async throws {
    var options = ServeOptions()
    options.configPath = config
    options.dataDirectory = dataDir
    options.listen = ListenAddress(parsing: listen)!
    options.logLevel = Logger.Level(rawValue: logLevel)!
    options.logFormat = LogFormat(rawValue: logFormat)!
    options.shutdownTimeout = PrometheusDuration.parse(shutdownTimeout)!
    options.enableAdminAPI = enableAdminAPI

    let level = options.logLevel
    let format = options.logFormat
    LoggingSystem.bootstrap { label in WardenLogHandler(label: label, level: level, format: format) }
    let logger = Logger(label: "warden")
    do {
      try await WardenServer.run(options: options, logger: logger)
    } catch let error as StartupError {
      logger.critical("cannot start: \(error.message)")
      throw ExitCode.failure
    } catch {
      logger.critical("stopped with an error: \(error)")
      throw ExitCode.failure
    }
  }
}
