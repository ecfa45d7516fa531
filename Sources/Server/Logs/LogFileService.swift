// `log_files:` in `warden serve`: the Collect tailer follows the configured files and stores what
// it reads through `LogSink` as protocol "file"; positions live in `<data>/logs/positions.json`
// and advance only once the store has acknowledged a batch. It waits for the log store to open
// before it starts reading, so start-up does not log a burst of refused batches.
import Collect
import Logging
import ServiceLifecycle
import WardenCore

struct LogFileService: Service {
  static let protocolName = "file"

  let configurations: [LogFileConfiguration]
  let dataDirectory: String
  let sink: LogSink
  let stores: Stores
  let logger: Logger
  let tailer: LogFileTailer

  init(configurations: [LogFileConfiguration], dataDirectory: String, sink: LogSink, stores: Stores, logger: Logger) {
    self.configurations = configurations
    self.dataDirectory = dataDirectory
    self.sink = sink
    self.stores = stores
    self.logger = logger
    var options = LogTailOptions()
    options.positionsPath = dataDirectory + "/logs/positions.json"
    tailer = LogFileTailer(configurations: configurations, options: options, logger: logger) { batch in
      _ = try await sink.append(batch, protocol: Self.protocolName)
    }
  }

  func run() async throws {
    await cancelWhenGracefulShutdown {
      while stores.logs == nil, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(100)) }
      guard !Task.isCancelled else { return }
      logger.info("tailing log files", metadata: ["log_files.entries": "\(configurations.count)"])
      await tailer.run()
    }
  }
}
