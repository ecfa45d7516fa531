// An alert as rules produce it and the notifier routes it: Alertmanager's model (labels identify
// it, annotations describe it, startsAt/endsAt bound it). One value type for the rule engine, the
// Alertmanager API, routing, silences and receivers.

/// One alert. Its identity is its label set; `fingerprint` is a stable 64-bit hash of it.
package struct Alert: Sendable, Hashable {
  package var labels: Labels
  package var annotations: Labels
  /// When the alert started firing (Unix ms).
  package var startsAtMs: Int64
  /// When it stops or stopped being valid (Unix ms); 0 when unknown (the notifier then applies
  /// its resolve timeout). An alert with `endsAtMs <= now` is resolved.
  package var endsAtMs: Int64
  /// Where it came from: the rule's expression in a query URL, or what the sender gave.
  package var generatorURL: String
  /// When the notifier last received it (Unix ms); set on receipt.
  package var updatedAtMs: Int64

  package init(
    labels: Labels, annotations: Labels = Labels(), startsAtMs: Int64, endsAtMs: Int64 = 0, generatorURL: String = "",
    updatedAtMs: Int64 = 0
  ) {
    self.labels = labels
    self.annotations = annotations
    self.startsAtMs = startsAtMs
    self.endsAtMs = endsAtMs
    self.generatorURL = generatorURL
    self.updatedAtMs = updatedAtMs
  }

  /// The alert's identity, the same for every update of one alert.
  package var fingerprint: AlertFingerprint { AlertFingerprint(labels.stableHash) }

  /// The alert's name (`alertname`).
  package var name: String { labels["alertname"] }

  /// Whether the alert is resolved at `nowMs`.
  package func isResolved(atMs nowMs: Int64) -> Bool {
    endsAtMs != 0 && endsAtMs <= nowMs
  }
}

/// An alert's identity: a 64-bit hash of its labels, printed as 16 hex digits as Alertmanager does.
package struct AlertFingerprint: Sendable, Hashable, Comparable, CustomStringConvertible {
  package var rawValue: UInt64

  package init(_ rawValue: UInt64) {
    self.rawValue = rawValue
  }

  /// Parses 16 (or fewer) hex digits; nil for anything else.
  package init?(hex: String) {
    guard !hex.isEmpty, hex.utf8.count <= 16, let value = UInt64(hex, radix: 16) else { return nil }
    rawValue = value
  }

  package var description: String {
    let digits = String(rawValue, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  package static func < (lhs: AlertFingerprint, rhs: AlertFingerprint) -> Bool { lhs.rawValue < rhs.rawValue }
}
