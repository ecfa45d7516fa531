// The uname subsystem: node_uname_info, whose labels are the fields of uname(2).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import WardenCore

/// The uname(2) fields node_uname_info reports.
struct UnameFields: Equatable, Sendable {
  var sysname: String
  var nodename: String
  var release: String
  var version: String
  var machine: String
  var domainname: String

  /// The running kernel's fields; nil if uname(2) failed.
  static func current() -> UnameFields? {
    var names = utsname()
    guard uname(&names) == 0 else { return nil }
    return UnameFields(names)
  }

  init(
    sysname: String, nodename: String, release: String, version: String, machine: String, domainname: String
  ) {
    self.sysname = sysname
    self.nodename = nodename
    self.release = release
    self.version = version
    self.machine = machine
    self.domainname = domainname
  }

  init(_ names: utsname) {
    var names = names
    self.init(
      sysname: Self.field(&names.sysname), nodename: Self.field(&names.nodename),
      release: Self.field(&names.release), version: Self.field(&names.version),
      machine: Self.field(&names.machine), domainname: Self.field(&names.__domainname))
  }

  /// The labels of node_uname_info, in name order.
  var labels: LabelList {
    var labels = LabelList()
    labels.append(Label("domainname", domainname))
    labels.append(Label("machine", machine))
    labels.append(Label("nodename", nodename))
    labels.append(Label("release", release))
    labels.append(Label("sysname", sysname))
    labels.append(Label("version", version))
    return labels
  }

  /// A fixed-size C char array up to its first NUL.
  private static func field<Tuple>(_ tuple: inout Tuple) -> String {
    withUnsafeBytes(of: &tuple) { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      let end = bytes.firstIndex(of: 0) ?? bytes.count
      return String(decoding: bytes[..<end], as: UTF8.self)
    }
  }
}

/// Thread-safe: the cache guards itself.
struct UnameCollector: Sendable {
  /// Fixed fields for tests; nil to call uname(2).
  private let fixedFields: UnameFields?
  private let cache = UnameLabelCache()

  init(fixedFields: UnameFields? = nil) {
    self.fixedFields = fixedFields
  }

  func collect<E: MetricEmitter>(into emitter: inout E) -> Bool {
    guard let labels = fixedFields?.labels ?? cache.currentLabels() else { return false }
    emitter.family("node_uname_info", type: .gauge, help: "Always 1; the labels are the kernel's uname(2) fields.")
    emitter.sample("node_uname_info", labels: labels, value: 1)
    return true
  }
}

/// The labels of the last uname(2) answer, rebuilt only when the answer changes (the host name
/// can change at run time; usually nothing does).
///
/// Thread-safe: guarded by a `Mutex`.
private final class UnameLabelCache: Sendable {
  private struct Entry: Sendable {
    var raw: [UInt8]
    var labels: LabelList
  }

  private let last = Mutex<Entry?>(nil)

  func currentLabels() -> LabelList? {
    var names = utsname()
    guard uname(&names) == 0 else { return nil }
    let cached: LabelList? = last.withLock { entry in
      guard let entry else { return nil }
      let same = withUnsafeBytes(of: &names) { raw in raw.elementsEqual(entry.raw) }
      return same ? entry.labels : nil
    }
    if let cached { return cached }
    let labels = UnameFields(names).labels
    let raw = withUnsafeBytes(of: &names) { Array($0) }
    last.withLock { $0 = Entry(raw: raw, labels: labels) }
    return labels
  }
}
