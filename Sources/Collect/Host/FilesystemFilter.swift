// Which mounts the filesystem subsystem skips: the same pseudo filesystems and system mount points
// node_exporter 1.5.0 skips by default as packaged by Debian (which also skips /run, /mnt, /media).

enum FilesystemFilter {
  /// Filesystem types that never hold user data worth a size metric.
  private static let excludedTypes: Set<String> = [
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs",
    "fusectl", "hugetlbfs", "iso9660", "mqueue", "nsfs", "overlay", "proc", "procfs", "pstore",
    "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs", "tracefs",
  ]

  /// Top-level directories skipped together with everything mounted below them.
  private static let excludedRoots: [StaticString] = ["/dev", "/proc", "/run", "/sys", "/mnt", "/media"]

  /// Directories whose sub-mounts (not the directory itself) are skipped: container layers.
  private static let excludedParents: [StaticString] = ["/var/lib/docker/", "/var/lib/containers/storage/"]

  static func isExcluded(fsType: UnsafeBufferPointer<UInt8>) -> Bool {
    // Type names are short ASCII; the String is small and stays inline (no allocation).
    excludedTypes.contains(fsType.string())
  }

  /// Takes the mount point as written in the mounts file: the escapes there never stand for the
  /// letters or slashes these prefixes are made of, so the undecoded bytes give the same answer.
  static func isExcluded(mountPoint: UnsafeBufferPointer<UInt8>) -> Bool {
    for root in excludedRoots where mountPoint.hasPrefix(root) {
      let length = root.utf8CodeUnitCount
      if mountPoint.count == length || mountPoint[length] == UInt8(ascii: "/") { return true }
    }
    for parent in excludedParents where mountPoint.hasPrefix(parent) {
      if mountPoint.count > parent.utf8CodeUnitCount { return true }
    }
    return false
  }

  /// Types that live on another machine or in a user-space daemon, where statfs can block for as
  /// long as the server or daemon does not answer.
  static func mayHang(fsType: UnsafeBufferPointer<UInt8>, device: UnsafeBufferPointer<UInt8>) -> Bool {
    if fsType.hasPrefix("nfs") || fsType.hasPrefix("fuse") || fsType.hasPrefix("smb") { return true }
    for type: StaticString in ["cifs", "9p", "afs", "ceph", "glusterfs", "lustre", "gpfs", "davfs", "sshfs", "ncpfs"]
    where fsType.equals(type) {
      return true
    }
    // host:/export (NFS-style) and //server/share (SMB-style) sources.
    return device.contains(UInt8(ascii: ":")) || device.hasPrefix("//")
  }
}
