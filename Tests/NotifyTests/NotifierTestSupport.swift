// Support for the notifier tests: a receiver of our own protocol that records what it is given
// (and can fail, refuse or hang, to exercise retries and isolation), a notifier over a real
// catalog in a temporary directory, and polling for asynchronous outcomes.
import Catalog
import Dispatch
import Foundation
import Logging
import Notify
import Synchronization
import WardenCore

/// Records notifications; behaves as told.
final class RecordingReceiver: Receiver {
  enum Behavior: Sendable {
    case deliver
    /// Fails with a retryable outcome this many times, then delivers.
    case failFirst(Int)
    case refuse
    /// Never answers while not cancelled.
    case hang
    /// Never answers for a long time, even when cancelled.
    case hangIgnoringCancellation
  }

  let integration: String
  let sendResolved: Bool
  private let behavior: Behavior
  private let state = Mutex<(notifications: [Notify.Notification], attempts: Int)>(([], 0))

  init(integration: String = "webhook", sendResolved: Bool = true, behavior: Behavior = .deliver) {
    self.integration = integration
    self.sendResolved = sendResolved
    self.behavior = behavior
  }

  var notifications: [Notify.Notification] { state.withLock { $0.notifications } }
  var attempts: Int { state.withLock { $0.attempts } }

  func deliver(_ notification: Notify.Notification) async -> DeliveryOutcome {
    let attempt = state.withLock { state in
      state.attempts += 1
      return state.attempts
    }
    switch behavior {
    case .deliver:
      break
    case .failFirst(let failures):
      if attempt <= failures { return .retryable(reason: "HTTP 503 (attempt \(attempt))") }
    case .refuse:
      return .permanent(reason: "HTTP 400")
    case .hang:
      try? await Task.sleep(for: .seconds(3600))
      return .retryable(reason: "cancelled while hanging")
    case .hangIgnoringCancellation:
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { continuation.resume() }
      }
      return .retryable(reason: "woke up")
    }
    state.withLock { $0.notifications.append(notification) }
    return .delivered(detail: "recorded")
  }
}

/// A temporary directory and catalog path for one test.
func temporaryCatalogPath() throws -> String {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  return directory.appendingPathComponent(CatalogDatabase.fileName).path
}

func openCatalog(_ path: String) throws -> CatalogDatabase {
  try CatalogDatabase(path: path, run: ServerRun(startedAtMs: 1, version: "test", revision: "test"))
}

/// Options with short timings for tests.
func testOptions() -> NotifierOptions {
  var options = NotifierOptions()
  options.persistInterval = .milliseconds(20)
  options.maintenanceInterval = .milliseconds(100)
  options.minimumFlushTimeout = .seconds(2)
  options.retry.initialBackoff = .milliseconds(20)
  options.retry.maximumBackoff = .milliseconds(100)
  options.retry.attemptTimeout = .milliseconds(500)
  return options
}

/// A notifier whose receivers are `receivers[name]`, over the catalog at `catalogPath`.
func makeNotifier(
  _ yaml: String, receivers: [String: [RecordingReceiver]], catalog: CatalogDatabase, options: NotifierOptions = testOptions()
) throws -> AlertNotifier {
  let configuration = try loadConfiguration(yaml)
  return AlertNotifier(
    configuration: configuration, catalog: catalog, externalURL: "http://warden.test:9470", logger: Logger(label: "notify-test"),
    options: options, receiverFactory: { receivers[$0.name] ?? [] })
}

/// Starts the notifier, runs `body` while it runs, then stops it as the server would.
func whileRunning(_ notifier: AlertNotifier, _ body: () async throws -> Void) async throws {
  try await startNotifier(notifier)
  let running = Task { await notifier.run() }
  do {
    try await body()
  } catch {
    running.cancel()
    await running.value
    throw error
  }
  running.cancel()
  await running.value
  await notifier.stop()
}

func startNotifier(_ notifier: AlertNotifier) async throws {
  try await notifier.start()
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
  let deadline = ContinuousClock.now.advanced(by: timeout)
  while ContinuousClock.now < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(10))
  }
  return try await condition()
}

func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

func alert(_ labels: [String: String], startsAtMs: Int64 = nowMs(), endsAtMs: Int64 = 0) -> Alert {
  Alert(labels: Labels(labels), annotations: Labels(["summary": "test"]), startsAtMs: startsAtMs, endsAtMs: endsAtMs)
}
