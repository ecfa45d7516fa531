// Ends live query streams when the server begins to stop, so open Server-Sent Events connections
// do not hold the HTTP server's graceful shutdown until its timeout (as TailShutdownService does
// for log tails).
import ServiceLifecycle

struct LiveShutdownService: Service {
  let streams: LiveStreams

  func run() async throws {
    try? await gracefulShutdown()
    streams.stopAll()
  }
}
