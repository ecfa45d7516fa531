// The filesystem subsystem: size, free space and inodes of each mounted filesystem, from the
// mount table of PID 1 (falling back to our own) and statfs(2).

import WardenCore

/// One reported mount and what statfs said about it.
struct MountedFilesystem: Equatable {
  var device: String
  /// The mount point as labelled: relative to the collector's root path when it lies under it.
  var mountPoint: String
  /// Where statfs is called for it.
  var statfsPath: String
  var fsType: String
  var isReadOnly: Bool
  /// Whether statfs should run with a bounded wait.
  var mayHang: Bool
  /// nil when statfs failed (reported as node_filesystem_device_error 1).
  var usage: FilesystemUsage?
}

/// Thread-safe: immutable, and `StatfsRunner` guards its own state.
struct FilesystemCollector: Sendable {
  let mountsPaths: [String]
  let rootPath: String
  let statfs: StatfsRunner

  init(procPath: String, rootPath: String, statfs: StatfsRunner = StatfsRunner()) {
    // PID 1's table shows the host's mounts even when we run in our own mount namespace.
    mountsPaths = [procPath + "/1/mounts", procPath + "/self/mounts"]
    self.rootPath = rootPath.count > 1 && rootPath.hasSuffix("/") ? String(rootPath.dropLast()) : rootPath
    self.statfs = statfs
  }

  /// - Returns: false if no mount table could be read. A filesystem statfs fails on is reported
  ///   through `node_filesystem_device_error`, not as a failure of the subsystem.
  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    var mounts: [MountedFilesystem] = []
    var found = false
    for path in mountsPaths where !found {
      if let table = reader.read(path, { Self.reportedMounts($0, rootPath: rootPath) }) {
        mounts = table
        found = true
      }
    }
    guard found else { return false }
    // Calls that may hang all start first and share one deadline: however many servers are
    // dead, a collection waits at most one timeout.
    var pending: [(index: Int, call: PendingCall)] = []
    for index in mounts.indices where mounts[index].mayHang {
      if let call = statfs.start(mounts[index].statfsPath) { pending.append((index, call)) }
    }
    for index in mounts.indices where !mounts[index].mayHang {
      mounts[index].usage = statfs.usage(of: mounts[index].statfsPath, mayHang: false)
    }
    let deadline = statfs.deadline()
    for (index, call) in pending {
      mounts[index].usage = statfs.finish(call, deadline: deadline)
    }
    emit(mounts, into: &emitter)
    return true
  }

  /// The mounts to report, in table order, without excluded ones and without repeats of the same
  /// device, mount point and type (a mount seen twice, as /proc shows stacked mounts).
  ///
  /// - Parameter rootPath: the host's root, without a trailing slash unless it is `/`.
  static func reportedMounts(_ bytes: UnsafeBufferPointer<UInt8>, rootPath: String) -> [MountedFilesystem] {
    var mounts: [MountedFilesystem] = []
    // A linear search is cheaper than hashing for the usual handful of mounts; hosts with hundreds
    // (container nodes) switch to a set.
    var seen = Set<MountKey>()
    MountsParser.forEachMount(in: bytes) { line in
      guard !FilesystemFilter.isExcluded(fsType: line.fsType),
        !FilesystemFilter.isExcluded(mountPoint: line.mountPoint)
      else { return }
      let mountPoint = MountsParser.decode(line.mountPoint)
      let (label, statfsPath) = paths(for: mountPoint, rootPath: rootPath)
      let mount = MountedFilesystem(
        device: MountsParser.decode(line.device), mountPoint: label, statfsPath: statfsPath,
        fsType: line.fsType.string(), isReadOnly: line.isReadOnly,
        mayHang: FilesystemFilter.mayHang(fsType: line.fsType, device: line.device), usage: nil)
      if mounts.count < 32 {
        guard !mounts.contains(where: { MountKey($0) == MountKey(mount) }) else { return }
      } else {
        if seen.isEmpty { seen = Set(mounts.map(MountKey.init)) }
        guard seen.insert(MountKey(mount)).inserted else { return }
      }
      mounts.append(mount)
    }
    return mounts
  }

  /// The label and the statfs path of a mount point of the table, node_exporter's --path.rootfs
  /// way: a table entry under `rootPath` (our own view of the host root) is labelled relative to
  /// it; any other entry is the host's view, and statfs looks for it under `rootPath`.
  static func paths(for mountPoint: String, rootPath: String) -> (label: String, statfsPath: String) {
    guard rootPath != "/" else { return (mountPoint, mountPoint) }
    if mountPoint == rootPath { return ("/", mountPoint) }
    if mountPoint.hasPrefix(rootPath + "/") { return (String(mountPoint.dropFirst(rootPath.count)), mountPoint) }
    return (mountPoint, mountPoint == "/" ? rootPath : rootPath + mountPoint)
  }

  // MARK: - Emitting

  private func emit<E: MetricEmitter>(_ mounts: [MountedFilesystem], into emitter: inout E) {
    func labels(_ mount: MountedFilesystem) -> LabelList {
      LabelList(Label("device", mount.device), Label("fstype", mount.fsType), Label("mountpoint", mount.mountPoint))
    }
    func family(_ name: String, _ help: String, _ value: (FilesystemUsage) -> Double) {
      emitter.family(name, type: .gauge, help: help)
      for mount in mounts {
        if let usage = mount.usage { emitter.sample(name, labels: labels(mount), value: value(usage)) }
      }
    }
    family("node_filesystem_avail_bytes", "Bytes available to unprivileged users (free space minus reserved blocks).") {
      $0.availableBytes
    }
    emitter.family(
      "node_filesystem_device_error", type: .gauge, help: "1 if statfs on the mount point failed or timed out, else 0.")
    for mount in mounts {
      emitter.sample("node_filesystem_device_error", labels: labels(mount), value: mount.usage == nil ? 1 : 0)
    }
    family("node_filesystem_files", "Inodes the filesystem has in total.") { $0.files }
    family("node_filesystem_files_free", "Inodes the filesystem has free.") { $0.filesFree }
    family("node_filesystem_free_bytes", "Free bytes on the filesystem, including blocks reserved for root.") {
      $0.freeBytes
    }
    emitter.family("node_filesystem_readonly", type: .gauge, help: "1 if the filesystem is mounted read-only, else 0.")
    for mount in mounts {
      emitter.sample("node_filesystem_readonly", labels: labels(mount), value: mount.isReadOnly ? 1 : 0)
    }
    family("node_filesystem_size_bytes", "Total size of the filesystem in bytes.") { $0.sizeBytes }
  }
}

/// The identity of a reported mount: its label values.
private struct MountKey: Hashable {
  var device: String
  var mountPoint: String
  var fsType: String

  init(_ mount: MountedFilesystem) {
    device = mount.device
    mountPoint = mount.mountPoint
    fsType = mount.fsType
  }
}
