// `forget --keep-*`: which snapshots a retention policy keeps. Snapshots are grouped by host and
// paths; in each group, newest first, `last` keeps the newest N, each calendar rule (hourly,
// daily, weekly, monthly, yearly) keeps the newest snapshot of each of its N most recent periods
// that have one, `within` keeps everything younger than a duration before the newest snapshot,
// and `tags` keeps any snapshot carrying one of them. A snapshot is kept if any rule keeps it, and
// every kept snapshot says why.
package import Foundation

package struct RetentionPolicy: Sendable, Equatable, Codable {
  package var last = 0
  package var hourly = 0
  package var daily = 0
  package var weekly = 0
  package var monthly = 0
  package var yearly = 0
  /// Seconds.
  package var within: Double = 0
  package var tags: [String] = []

  package init() {}

  /// `within` in seconds; a zero count leaves that rule out.
  package init(
    last: Int = 0, hourly: Int = 0, daily: Int = 0, weekly: Int = 0, monthly: Int = 0, yearly: Int = 0, within: Double = 0,
    tags: [String] = []
  ) {
    self.last = last
    self.hourly = hourly
    self.daily = daily
    self.weekly = weekly
    self.monthly = monthly
    self.yearly = yearly
    self.within = within
    self.tags = tags
  }

  enum CodingKeys: String, CodingKey {
    case last = "keep_last"
    case hourly = "keep_hourly"
    case daily = "keep_daily"
    case weekly = "keep_weekly"
    case monthly = "keep_monthly"
    case yearly = "keep_yearly"
    case within = "keep_within_seconds"
    case tags = "keep_tags"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    last = try container.decodeIfPresent(Int.self, forKey: .last) ?? 0
    hourly = try container.decodeIfPresent(Int.self, forKey: .hourly) ?? 0
    daily = try container.decodeIfPresent(Int.self, forKey: .daily) ?? 0
    weekly = try container.decodeIfPresent(Int.self, forKey: .weekly) ?? 0
    monthly = try container.decodeIfPresent(Int.self, forKey: .monthly) ?? 0
    yearly = try container.decodeIfPresent(Int.self, forKey: .yearly) ?? 0
    within = try container.decodeIfPresent(Double.self, forKey: .within) ?? 0
    tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
  }

  /// A policy that keeps nothing would delete every snapshot: refused.
  package var isEmpty: Bool {
    last == 0 && hourly == 0 && daily == 0 && weekly == 0 && monthly == 0 && yearly == 0 && within == 0 && tags.isEmpty
  }

  package struct Decision: Sendable {
    package var keep: [(SnapshotEntry, reasons: [String])] = []
    package var remove: [SnapshotEntry] = []
  }

  package func apply(to snapshots: [SnapshotEntry], calendar: Calendar = Calendar(identifier: .gregorian)) -> Decision {
    var decision = Decision()
    let groups = Dictionary(grouping: snapshots) { "\($0.snapshot.hostname)\u{0}\($0.snapshot.paths.joined(separator: "\u{0}"))" }
    for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
      let newestFirst = group.sorted { $0.snapshot.date > $1.snapshot.date }
      guard let newest = newestFirst.first?.snapshot.date else { continue }
      var reasons = Array(repeating: [String](), count: newestFirst.count)
      for (index, entry) in newestFirst.enumerated() {
        if index < last { reasons[index].append("last") }
        if within > 0, newest.timeIntervalSince(entry.snapshot.date) <= within { reasons[index].append("within") }
        if entry.snapshot.tags.contains(where: tags.contains) { reasons[index].append("tag") }
      }
      let rules: [(String, Int, (Date) -> String)] = [
        ("hourly", hourly, { Self.key(calendar, $0, [.year, .month, .day, .hour]) }),
        ("daily", daily, { Self.key(calendar, $0, [.year, .month, .day]) }),
        ("weekly", weekly, { Self.weekKey(calendar, $0) }),
        ("monthly", monthly, { Self.key(calendar, $0, [.year, .month]) }),
        ("yearly", yearly, { Self.key(calendar, $0, [.year]) }),
      ]
      for (name, count, period) in rules where count > 0 {
        var remaining = count
        var lastPeriod: String?
        for (index, entry) in newestFirst.enumerated() where remaining > 0 {
          let current = period(entry.snapshot.date)
          if current != lastPeriod {
            reasons[index].append(name)
            lastPeriod = current
            remaining -= 1
          }
        }
      }
      for (index, entry) in newestFirst.enumerated() {
        if reasons[index].isEmpty { decision.remove.append(entry) } else { decision.keep.append((entry, reasons[index])) }
      }
    }
    return decision
  }

  private static func key(_ calendar: Calendar, _ date: Date, _ components: Set<Calendar.Component>) -> String {
    let parts = calendar.dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
    return [
      components.contains(.year) ? parts.year : nil, components.contains(.month) ? parts.month : nil,
      components.contains(.day) ? parts.day : nil, components.contains(.hour) ? parts.hour : nil,
    ].compactMap { $0.map(String.init) }.joined(separator: "-")
  }

  private static func weekKey(_ calendar: Calendar, _ date: Date) -> String {
    var iso = Calendar(identifier: .iso8601)
    iso.timeZone = TimeZone(identifier: "UTC")!
    let parts = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
    return "\(parts.yearForWeekOfYear ?? 0)-W\(parts.weekOfYear ?? 0)"
  }
}
