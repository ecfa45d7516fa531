// The rule engine's alerts go to Warden's own notifier, in process (no HTTP hop, no encoding):
// the sender Prometheus would configure under `alerting: alertmanagers:`.
import Alerting
import Logging
import Notify
import WardenCore

struct NotifierAlertSender: AlertSender {
  let slot: AlertNotifierSlot
  let logger: Logger

  func send(_ alerts: [Alert]) async {
    guard !alerts.isEmpty else { return }
    do {
      // The notifier starts with the catalog, as the rule engine does; wait for it briefly
      // rather than drop the first evaluation's alerts (later ones are re-sent anyway).
      let notifier = try await slot.require(timeout: .seconds(10))
      _ = await notifier.receive(alerts, source: "rule")
    } catch {
      logger.warning("alerts not sent: the notifier is not running", metadata: ["alerts": "\(alerts.count)"])
    }
  }
}
