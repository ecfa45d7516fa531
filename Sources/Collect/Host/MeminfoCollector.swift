// The meminfo subsystem: every /proc/meminfo line as its own node_memory_* gauge.

import WardenCore

/// Thread-safe: the only mutable state is the name cache, which guards itself.
struct MeminfoCollector: Sendable {
  let path: String
  let names = FieldNameCache()

  init(procPath: String) {
    path = procPath + "/meminfo"
  }

  /// - Returns: false if the file was unreadable or had no well-formed line.
  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    reader.read(path) { bytes in
      let entries = currentEntries(for: bytes)
      var index = 0
      MeminfoParser.forEachField(in: bytes) { field in
        defer { index += 1 }
        guard index < entries.count, !entries[index].isDuplicate else { return }
        let entry = entries[index]
        emitter.family(entry.familyName, type: .gauge, help: entry.help)
        // kB values fit in a Double exactly up to 8 PiB.
        emitter.sample(entry.familyName, value: field.isKilobytes ? Double(field.value) * 1024 : Double(field.value))
      }
      return !entries.isEmpty
    } ?? false
  }

  /// The cached names if they still describe this file's fields, position by position; otherwise
  /// freshly built (and cached) ones.
  private func currentEntries(for bytes: UnsafeBufferPointer<UInt8>) -> [FieldNameCache.Entry] {
    let cached = names.snapshot()
    var index = 0
    var matches = true
    MeminfoParser.forEachField(in: bytes) { field in
      if matches {
        matches = index < cached.count && cached[index].matches(field.name, variant: field.isKilobytes ? 1 : 0)
      }
      index += 1
    }
    if matches && index == cached.count { return cached }

    var fresh: [FieldNameCache.Entry] = []
    MeminfoParser.forEachField(in: bytes) { field in
      var key = Array(field.name)
      key.append(field.isKilobytes ? 1 : 0)
      let fieldName = field.name.string()
      fresh.append(
        FieldNameCache.Entry(
          key: key,
          familyName: String(decoding: MeminfoParser.familyName(for: field.name, isKilobytes: field.isKilobytes), as: UTF8.self),
          help: field.isKilobytes
            ? "The \(fieldName) line of /proc/meminfo, converted from kB to bytes."
            : "The \(fieldName) line of /proc/meminfo (a count, not a size).",
          isDuplicate: false))
    }
    return names.store(fresh)
  }
}
