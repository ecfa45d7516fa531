// The vmstat subsystem: the paging, swapping, fault and OOM counters of /proc/vmstat that
// node_exporter reports by default, as node_vmstat_<name>.

import WardenCore

/// Thread-safe: the only mutable state is the name cache, which guards itself.
struct VmstatCollector: Sendable {
  let path: String
  let names = FieldNameCache()

  init(procPath: String) {
    path = procPath + "/vmstat"
  }

  /// - Returns: false if the file was unreadable or had no well-formed line.
  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    reader.read(path) { bytes in
      var sawField = false
      // The file has ~200 lines of which a handful are reported: one pass checks their names
      // against the cache and keeps their values, so the usual collection scans the file once.
      var values = CounterRow()
      let entries = currentEntries(for: bytes, sawField: &sawField, values: &values)
      if values.count == entries.count {
        for (entry, value) in zip(entries, values) { emit(entry, value, into: &emitter) }
      } else {
        // More reported fields than `values` holds (or the names changed): a second pass.
        var index = 0
        VmstatParser.forEachField(in: bytes) { name, value in
          guard VmstatParser.isReported(name) else { return }
          defer { index += 1 }
          if index < entries.count { emit(entries[index], value, into: &emitter) }
        }
      }
      return sawField
    } ?? false
  }

  private func emit<E: MetricEmitter>(_ entry: FieldNameCache.Entry, _ value: UInt64, into emitter: inout E) {
    guard !entry.isDuplicate else { return }
    // node_exporter types these untyped: some are counters, some (like nr_*) would be gauges.
    emitter.family(entry.familyName, type: .untyped, help: entry.help)
    emitter.sample(entry.familyName, value: Double(value))
  }

  /// The cached names of the reported fields if they still match, otherwise freshly built ones.
  ///
  /// Also appends the reported values to `values` while they fit (it is left short otherwise, and
  /// when the names did not match).
  private func currentEntries(
    for bytes: UnsafeBufferPointer<UInt8>, sawField: inout Bool, values: inout CounterRow
  ) -> [FieldNameCache.Entry] {
    let cached = names.snapshot()
    var index = 0
    var matches = true
    VmstatParser.forEachField(in: bytes) { name, value in
      sawField = true
      guard VmstatParser.isReported(name) else { return }
      if matches { matches = index < cached.count && cached[index].matches(name, variant: 0) }
      if matches && !values.isFull { values.append(value) }
      index += 1
    }
    if matches && index == cached.count { return cached }
    values = CounterRow()

    var fresh: [FieldNameCache.Entry] = []
    VmstatParser.forEachField(in: bytes) { name, _ in
      guard VmstatParser.isReported(name) else { return }
      var key = Array(name)
      key.append(0)
      var familyName = Array("node_vmstat_".utf8)
      MetricName.appendSanitized(name, to: &familyName)
      fresh.append(
        FieldNameCache.Entry(
          key: key, familyName: String(decoding: familyName, as: UTF8.self),
          help: "The \(name.string()) counter of /proc/vmstat.", isDuplicate: false))
    }
    return names.store(fresh)
  }
}
