// The Alertmanager API v2's response bodies (gettableAlert, alertGroup, gettableSilence, receiver,
// alertmanagerStatus) written straight into bytes with every required field of the spec, times as
// strfmt writes them and strings escaped as Go's encoding/json escapes them.
import Notify
import WardenCore

extension PrometheusJSONWriter {
  /// A time as the API writes it; an unset alert end (0, before the notifier applies its resolve
  /// timeout) as Go's zero time.
  mutating func time(milliseconds: Int64) {
    string(AlertmanagerTime.format(milliseconds: milliseconds))
  }

  /// gettableAlert
  mutating func gettableAlert(_ snapshot: AlertSnapshot) {
    let alert = snapshot.alert
    raw(#"{"annotations":"#)
    labels(alert.annotations)
    raw(#","endsAt":"#)
    time(milliseconds: alert.endsAtMs)
    raw(#","fingerprint":"#)
    string(alert.fingerprint.description)
    raw(#","receivers":["#)
    for (index, receiver) in snapshot.receivers.enumerated() {
      if index > 0 { byte(UInt8(ascii: ",")) }
      receiverReference(receiver)
    }
    raw(#"],"startsAt":"#)
    time(milliseconds: alert.startsAtMs)
    raw(#","status":{"inhibitedBy":"#)
    stringArray(snapshot.status.inhibitedBy)
    raw(#","mutedBy":"#)
    stringArray(snapshot.status.mutedBy)
    raw(#","silencedBy":"#)
    stringArray(snapshot.status.silencedBy)
    raw(#","state":"#)
    string(snapshot.status.state.rawValue)
    raw(#"},"updatedAt":"#)
    time(milliseconds: alert.updatedAtMs)
    if !alert.generatorURL.isEmpty {
      raw(#","generatorURL":"#)
      string(alert.generatorURL)
    }
    raw(#","labels":"#)
    labels(alert.labels)
    byte(UInt8(ascii: "}"))
  }

  /// gettableAlerts
  mutating func gettableAlerts(_ snapshots: [AlertSnapshot]) {
    byte(UInt8(ascii: "["))
    for (index, snapshot) in snapshots.enumerated() {
      if index > 0 { byte(UInt8(ascii: ",")) }
      gettableAlert(snapshot)
    }
    byte(UInt8(ascii: "]"))
  }

  /// alertGroups. `routeLabels` is empty: Warden's routes carry no labels of their own.
  mutating func alertGroups(_ groups: [AlertGroupSnapshot]) {
    byte(UInt8(ascii: "["))
    for (index, group) in groups.enumerated() {
      if index > 0 { byte(UInt8(ascii: ",")) }
      raw(#"{"alerts":"#)
      gettableAlerts(group.alerts)
      raw(#","labels":"#)
      labels(group.labels)
      raw(#","receiver":"#)
      receiverReference(group.receiver)
      raw(#","routeLabels":{}}"#)
    }
    byte(UInt8(ascii: "]"))
  }

  /// receiverReference / receiver: `{"name":...}`
  mutating func receiverReference(_ name: String) {
    raw(#"{"name":"#)
    string(name)
    byte(UInt8(ascii: "}"))
  }

  /// gettableSilence, its state as of `nowMs`. Silences keep no annotations: always `{}`.
  mutating func gettableSilence(_ silence: Silence, nowMs: Int64) {
    raw(#"{"id":"#)
    string(silence.id)
    raw(#","status":{"state":"#)
    string(silence.state(atMs: nowMs).rawValue)
    raw(#"},"updatedAt":"#)
    time(milliseconds: silence.updatedAtMs)
    raw(#","annotations":{},"comment":"#)
    string(silence.comment)
    raw(#","createdBy":"#)
    string(silence.createdBy)
    raw(#","endsAt":"#)
    time(milliseconds: silence.endsAtMs)
    raw(#","matchers":["#)
    for (index, matcher) in silence.matchers.enumerated() {
      if index > 0 { byte(UInt8(ascii: ",")) }
      raw(#"{"isEqual":"#)
      raw(matcher.isEqual ? "true" : "false")
      raw(#","isRegex":"#)
      raw(matcher.isRegex ? "true" : "false")
      raw(#","name":"#)
      string(matcher.name)
      raw(#","value":"#)
      string(matcher.value)
      byte(UInt8(ascii: "}"))
    }
    raw(#"],"startsAt":"#)
    time(milliseconds: silence.startsAtMs)
    byte(UInt8(ascii: "}"))
  }

  /// gettableSilences
  mutating func gettableSilences(_ silences: [Silence], nowMs: Int64) {
    byte(UInt8(ascii: "["))
    for (index, silence) in silences.enumerated() {
      if index > 0 { byte(UInt8(ascii: ",")) }
      gettableSilence(silence, nowMs: nowMs)
    }
    byte(UInt8(ascii: "]"))
  }

  /// alertmanagerStatus. Warden is one instance without gossip, so the cluster is reported as
  /// Alertmanager reports a cluster that is turned off: `disabled`, no peers.
  mutating func alertmanagerStatus(configurationText: String, startedAtMs: Int64) {
    raw(#"{"cluster":{"peers":[],"status":"disabled"},"config":{"original":"#)
    string(configurationText)
    raw(#"},"uptime":"#)
    time(milliseconds: startedAtMs)
    raw(#","versionInfo":{"branch":"#)
    string(BuildInfo.branch)
    raw(#","buildDate":"","buildUser":"","goVersion":"#)
    // The toolchain field is named for Go in the spec; clients only display it.
    string(BuildInfo.swiftVersion)
    raw(#","revision":"#)
    string(BuildInfo.revision)
    raw(#","version":"#)
    string(BuildInfo.version)
    raw("}}")
  }
}
