// What this binary is: version, revision and toolchain, for `warden version`,
// `/api/v1/status/buildinfo` and the `warden_build_info` metric.
internal import CWardenBuildInfo

package enum BuildInfo {
  package static let version = "0.1.0"
  package static let branch = "main"
  package static let revision: String = String(cString: warden_build_revision())

  package static let swiftVersion: String = {
    #if compiler(>=6.3)
      return "swift6.3"
    #elseif compiler(>=6.2)
      return "swift6.2"
    #else
      return "swift6"
    #endif
  }()
}
