// The uname subsystem: node_uname_info, whose labels are the fields of uname(2).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
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
    return UnameFields(
      sysname: field(&names.sysname), nodename: field(&names.nodename), release: field(&names.release),
      version: field(&names.version), machine: field(&names.machine), domainname: field(&names.__domainname))
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

/// Thread-safe: stateless.
struct UnameCollector: Sendable {
  /// Where the fields come from; the real system call unless a test substitutes fixed values.
  let source: @Sendable () -> UnameFields?

  init(source: @escaping @Sendable () -> UnameFields? = UnameFields.current) {
    self.source = source
  }

  func collect<E: MetricEmitter>(into emitter: inout E) -> Bool {
    guard let fields = source() else { return false }
    emitter.family("node_uname_info", type: .gauge, help: "Always 1; the labels are the kernel's uname(2) fields.")
    let labels = [
      Label("domainname", fields.domainname), Label("machine", fields.machine), Label("nodename", fields.nodename),
      Label("release", fields.release), Label("sysname", fields.sysname), Label("version", fields.version),
    ]
    emitter.sample("node_uname_info", labels: labels, value: 1)
    return true
  }
}
