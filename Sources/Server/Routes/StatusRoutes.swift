// `/api/v1/status/*` in Prometheus's response shapes: build info (Grafana reads the version from
// it), the configuration in force, and the command-line flags.
import Hummingbird
import WardenCore

struct StatusRoutes {
  let reloader: ConfigReloader
  let flags: [String: String]

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/status/buildinfo") { _, _ in
      JSONBody.success([
        "version": BuildInfo.version,
        "revision": BuildInfo.revision,
        "branch": BuildInfo.branch,
        "buildUser": "",
        "buildDate": "",
        // Prometheus names its toolchain field goVersion; clients only display it.
        "goVersion": BuildInfo.swiftVersion,
      ])
    }
    router.get("/api/v1/status/config") { _, _ in
      JSONBody.success(["yaml": await reloader.currentText])
    }
    router.get("/api/v1/status/flags") { _, _ in
      JSONBody.success(flags)
    }
  }
}
