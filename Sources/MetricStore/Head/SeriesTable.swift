// Finds a head series by label set (lock-striped by label hash, so concurrent appenders rarely
// share a lock) or by id, and creates series with dense ids.
import Synchronization
import WardenCore

/// Thread-safe: each stripe has its own `Mutex`; the id table has one, taken only when a series is
/// created or when readers resolve ids.
final class SeriesTable: Sendable {
  /// A power of two several times the core count, as STYLE.md asks. Not many more: every series
  /// of every remote_write request takes its stripe's lock to be looked up, and with thousands of
  /// stripes the lock words themselves were cache misses (a tenth of a receiving profile).
  static let stripeBits = 7
  static let stripeCount = 1 << stripeBits

  private final class Stripe: Sendable {
    let series = Mutex(SeriesStripeMap())
  }

  /// Tells this table's series from every other table's made in this process (see `MemSeries.owner`).
  let token = SeriesTable.tokens.wrappingAdd(1, ordering: .relaxed).newValue
  private static let tokens = Atomic<UInt32>(0)

  /// Unmanaged, each holding the +1 it was made with until `deinit`: every appending and looking-up
  /// thread reads them, and retaining a stripe per lookup made its count a contended atomic.
  private let stripes: [Unmanaged<Stripe>]
  /// The label strings of every series of the table.
  let symbols = SymbolTable()
  /// Indexed by id; holes where ids were not restored (ids persist across restarts through the
  /// WAL, so they are not always dense).
  private let byID = Mutex<[MemSeries?]>([])
  private let index: PostingsIndex

  init(index: PostingsIndex) {
    self.index = index
    stripes = (0..<Self.stripeCount).map { _ in Unmanaged.passRetained(Stripe()) }
  }

  deinit {
    for stripe in stripes { stripe.release() }
  }

  /// The series with these labels, if it exists.
  func find(_ labels: Labels) -> MemSeries? {
    find(labels, hash: LabelsWireHash.of(labels))
  }

  /// The series with these labels, if it exists; `hash` is `LabelsWireHash.of(labels)`.
  func find(_ labels: Labels, hash: UInt64) -> MemSeries? {
    withStripe(for: hash) { $0.find(labels, hash: hash) }
  }

  /// A series whose labels have this `LabelsWireHash`, if any; not necessarily the only one (see
  /// `SeriesLookup`).
  func series(labelsHash hash: UInt64) -> MemSeries? {
    withStripe(for: hash) { $0.first(hash: hash) }
  }

  /// The series behind a handle from `SampleBatch.storedHandles`, if it is one of this table's;
  /// whether it is still live is for the caller to see under its lock (`SeriesChunks.isDeleted`).
  @inline(__always)
  func series(handle: (any StoredSeriesHandle)?) -> MemSeries? {
    guard let series = handle as? MemSeries, series.owner == token else { return nil }
    return series
  }

  /// The series with these labels, created (and indexed) when new.
  /// - Parameter maxSeries: 0 for no limit; at the limit, new series are refused (nil).
  /// - Returns: the series and whether it was created.
  func findOrCreate(_ labels: Labels, maxSeries: Int) -> (series: MemSeries, created: Bool)? {
    findOrCreate(labels, hash: LabelsWireHash.of(labels), maxSeries: maxSeries)
  }

  /// `findOrCreate(_:maxSeries:)` with the labels' `LabelsWireHash` already computed.
  func findOrCreate(_ labels: Labels, hash: UInt64, maxSeries: Int) -> (series: MemSeries, created: Bool)? {
    if let existing = withStripe(for: hash, { $0.find(labels, hash: hash) }) { return (existing, false) }
    // Create under the stripe lock so two appenders cannot create the same series twice; the
    // id lock nests inside (never the other way round), so there is no lock-order cycle.
    return withStripe(for: hash) { map -> (MemSeries, Bool)? in
      if let existing = map.find(labels, hash: hash) { return (existing, false) }
      let created: MemSeries? = byID.withLock { table in
        if maxSeries > 0, liveCount.load(ordering: .relaxed) >= maxSeries { return nil }
        let id = SeriesID(table.count)
        guard let series = MemSeries.make(id: id, owner: token, labels: labels, symbols: symbols) else { return nil }
        index.add(id, labels)
        table.append(series)
        liveCount.add(1, ordering: .relaxed)
        return series
      }
      guard let created else { return nil }
      // Keyed by hash only, so nothing of the caller's labels outlives the batch (the series holds
      // symbol ids).
      map.insert(created, hash: hash)
      return (created, true)
    }
  }

  /// Recreates a series under the id the WAL recorded. Call from replay only, in ascending id
  /// order, before any append (the postings index relies on ascending ids).
  /// - Returns: nil when the symbol table is full (2^27 distinct strings).
  func restore(id: SeriesID, labels: Labels) -> MemSeries? {
    let hash = LabelsWireHash.of(labels)
    if let existing = find(labels, hash: hash) { return existing }
    guard let series = MemSeries.make(id: id, owner: token, labels: labels, symbols: symbols) else { return nil }
    byID.withLock { table in
      while table.count < Int(id) { table.append(nil) }
      index.add(id, labels)
      if table.count == Int(id) { table.append(series) } else { table[Int(id)] = series }
    }
    liveCount.add(1, ordering: .relaxed)
    withStripe(for: hash) { $0.insert(series, hash: hash) }
    return series
  }

  /// Removes series that hold no samples and have none newer than `cutMs`, and were created
  /// before `createdBeforeMs` (so one just created, not yet appended to, is never taken).
  /// Each is marked deleted under its own lock, inside its stripe's lock, so an appender that
  /// already holds a reference sees the mark and resolves its labels again.
  /// - Returns: the removed series.
  func collect(before cutMs: Int64, createdBeforeMs: Int64) -> [MemSeries] {
    var removed: [(series: MemSeries, labels: Labels)] = []
    for stripe in stripes {
      stripe._withUnsafeGuaranteedRef { $0.series.withLock { map in
        for series in map.allSeries where series.createdAtMs < createdBeforeMs {
          let isGone = series.withChunks { state -> Bool in
            guard state.isEmpty, state.lastTimestampMs < cutMs else { return false }
            state.isDeleted = true
            return true
          }
          if isGone {
            let labels = series.labels
            map.remove(series, hash: LabelsWireHash.of(labels))
            removed.append((series, labels))
          }
        }
      } }
    }
    guard !removed.isEmpty else { return [] }
    byID.withLock { table in
      for (series, _) in removed where Int(series.id) < table.count { table[Int(series.id)] = nil }
    }
    liveCount.add(-removed.count, ordering: .relaxed)
    index.remove(removed.map { ($0.series.id, $0.labels) })
    return removed.map(\.series)
  }

  /// The series for ascending ids, in the same order.
  func series(for ids: [SeriesID]) -> [MemSeries] {
    byID.withLock { table in ids.compactMap { Int($0) < table.count ? table[Int($0)] : nil } }
  }

  /// Every series, in id order.
  func allSeries() -> [MemSeries] {
    byID.withLock { $0.compactMap { $0 } }
  }

  private let liveCount = Atomic<Int>(0)

  var count: Int { liveCount.load(ordering: .relaxed) }

  /// Runs `body` on the stripe of `hash`'s series map, under its lock.
  @inline(__always)
  private func withStripe<Result: Sendable>(for hash: UInt64, _ body: (inout SeriesStripeMap) -> Result) -> Result {
    stripes[Int(truncatingIfNeeded: hash >> (64 - Self.stripeBits))]._withUnsafeGuaranteedRef { stripe in
      stripe.series.withLock { map in body(&map) }
    }
  }
}
