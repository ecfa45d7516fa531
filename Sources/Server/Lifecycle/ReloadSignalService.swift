// Reloads the configuration on SIGHUP, for as long as the server runs.
import ServiceLifecycle
import UnixSignals

struct ReloadSignalService: Service {
  let reloader: ConfigReloader

  func run() async throws {
    for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
      await reloader.reload(trigger: "SIGHUP")
    }
  }
}
