// Inhibition as Alertmanager documents it: a firing source alert mutes targets with equal
// values of the `equal` labels (missing equals empty), resolved sources mute nothing, and an
// alert matching both sides cannot be muted by another such alert, nor by itself.
import Notify
import Testing
import WardenCore

@Suite struct InhibitorTests {
  private func matchers(_ text: String) throws -> [LabelMatcher] { try MatcherParser.parse(text) }

  private func alert(_ pairs: [String: String]) -> (AlertFingerprint, Labels) {
    let labels = Labels(pairs)
    return (AlertFingerprint(labels.stableHash), labels)
  }

  @Test func firingSourceMutesTargetsWithEqualLabels() throws {
    var inhibitor = Inhibitor([
      InhibitRuleConfiguration(
        sourceMatchers: try matchers(#"severity="critical""#), targetMatchers: try matchers(#"severity="warning""#),
        equal: ["alertname", "cluster"])
    ])
    let (critical, criticalLabels) = alert(["alertname": "HighLatency", "cluster": "eu", "severity": "critical"])
    let (_, sameCluster) = alert(["alertname": "HighLatency", "cluster": "eu", "severity": "warning"])
    let (_, otherCluster) = alert(["alertname": "HighLatency", "cluster": "us", "severity": "warning"])
    let (_, otherName) = alert(["alertname": "DiskFull", "cluster": "eu", "severity": "warning"])
    inhibitor.add(critical, labels: criticalLabels)
    var firing: Set<AlertFingerprint> = [critical]
    #expect(inhibitor.inhibitor(of: sameCluster, isFiring: { firing.contains($0) }) == critical)
    #expect(inhibitor.inhibitor(of: otherCluster, isFiring: { firing.contains($0) }) == nil)
    #expect(inhibitor.inhibitor(of: otherName, isFiring: { firing.contains($0) }) == nil)
    // The source itself is not a target.
    #expect(inhibitor.inhibitor(of: criticalLabels, isFiring: { firing.contains($0) }) == nil)
    // A resolved source mutes nothing.
    firing = []
    #expect(inhibitor.inhibitor(of: sameCluster, isFiring: { firing.contains($0) }) == nil)
    // A removed source neither.
    firing = [critical]
    inhibitor.remove(critical, labels: criticalLabels)
    #expect(inhibitor.inhibitor(of: sameCluster, isFiring: { firing.contains($0) }) == nil)
  }

  @Test func missingEqualLabelsCountAsEqual() throws {
    var inhibitor = Inhibitor([
      InhibitRuleConfiguration(
        sourceMatchers: try matchers(#"alertname="NodeDown""#), targetMatchers: try matchers(#"alertname="ServiceDown""#),
        equal: ["datacenter"])
    ])
    let (source, sourceLabels) = alert(["alertname": "NodeDown"])
    inhibitor.add(source, labels: sourceLabels)
    #expect(inhibitor.inhibitor(of: Labels(["alertname": "ServiceDown"]), isFiring: { _ in true }) == source)
    #expect(inhibitor.inhibitor(of: Labels(["alertname": "ServiceDown", "datacenter": "x"]), isFiring: { _ in true }) == nil)
  }

  @Test func alertsMatchingBothSidesDoNotInhibitEachOther() throws {
    // Every alert with a `severity` is both a source and a target.
    var inhibitor = Inhibitor([
      InhibitRuleConfiguration(sourceMatchers: try matchers("severity=~.+"), targetMatchers: try matchers("severity=~.+"), equal: ["job"])
    ])
    let (first, firstLabels) = alert(["job": "api", "severity": "warning"])
    let (second, secondLabels) = alert(["job": "api", "severity": "critical"])
    inhibitor.add(first, labels: firstLabels)
    inhibitor.add(second, labels: secondLabels)
    #expect(inhibitor.inhibitor(of: firstLabels, isFiring: { _ in true }) == nil)
    #expect(inhibitor.inhibitor(of: secondLabels, isFiring: { _ in true }) == nil)
    // A pure target (no severity would not match; use one matching only the target side).
    var oneSided = Inhibitor([
      InhibitRuleConfiguration(sourceMatchers: try matchers("severity=critical"), targetMatchers: try matchers("job=api"), equal: [])
    ])
    oneSided.add(second, labels: secondLabels)
    // `second` matches both sides; a target that is not a source is muted by it.
    #expect(oneSided.inhibitor(of: Labels(["job": "api", "severity": "warning"]), isFiring: { _ in true }) == second)
    // `second` itself matches both sides, and its only candidate source matches both: not muted.
    #expect(oneSided.inhibitor(of: secondLabels, isFiring: { _ in true }) == nil)
  }
}
