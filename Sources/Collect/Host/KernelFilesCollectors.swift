// The filefd and entropy subsystems: single-number kernel files under /proc/sys.

import WardenCore

/// Emits `node_filefd_allocated` and `node_filefd_maximum`. Thread-safe: immutable.
struct FilefdCollector: Sendable {
  let path: String

  init(procPath: String) {
    path = procPath + "/sys/fs/file-nr"
  }

  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    guard let parsed = reader.read(path, FileNrParser.parse), let (allocated, maximum) = parsed else { return false }
    emitter.family("node_filefd_allocated", type: .gauge, help: "File handles the kernel has allocated.")
    emitter.sample("node_filefd_allocated", value: Double(allocated))
    emitter.family("node_filefd_maximum", type: .gauge, help: "Most file handles the kernel will allocate (fs.file-max).")
    emitter.sample("node_filefd_maximum", value: Double(maximum))
    return true
  }
}

/// Emits `node_entropy_available_bits` and `node_entropy_pool_size_bits`. Thread-safe: immutable.
struct EntropyCollector: Sendable {
  let availablePath: String
  let poolSizePath: String

  init(procPath: String) {
    availablePath = procPath + "/sys/kernel/random/entropy_avail"
    poolSizePath = procPath + "/sys/kernel/random/poolsize"
  }

  /// - Returns: false unless both files could be read.
  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    guard let available = reader.read(availablePath, SingleValueParser.parse), let available,
      let poolSize = reader.read(poolSizePath, SingleValueParser.parse), let poolSize
    else { return false }
    emitter.family(
      "node_entropy_available_bits", type: .gauge, help: "Bits of entropy the kernel estimates its random pool holds.")
    emitter.sample("node_entropy_available_bits", value: Double(available))
    emitter.family("node_entropy_pool_size_bits", type: .gauge, help: "Size of the kernel's entropy pool in bits.")
    emitter.sample("node_entropy_pool_size_bits", value: Double(poolSize))
    return true
  }
}
