// `GET /api/v1/status/overview`: Warden's own figures for the overview page (see OverviewStatus),
// in the API's `{"status":"success","data":...}` envelope.
import Hummingbird
import NIOPosix

struct OverviewRoutes {
  let sources: OverviewSources

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/status/overview") { _, _ in
      let sources = sources
      let status = try await NIOThreadPool.singleton.runIfActive { sources.gather() }
      return JSONBody.success(status)
    }
  }
}
