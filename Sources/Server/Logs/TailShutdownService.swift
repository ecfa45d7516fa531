// Ends live tails when the server begins to stop, so open WebSockets do not hold the HTTP server's
// graceful shutdown until its timeout.
import ServiceLifecycle

struct TailShutdownService: Service {
  let hub: LogTailHub

  func run() async throws {
    try? await gracefulShutdown()
    hub.finishAll()
  }
}
