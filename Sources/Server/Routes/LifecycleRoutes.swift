// `/-/healthy`, `/-/ready` and `/-/reload`, with Prometheus's semantics: healthy once the process
// answers, ready once every store has opened, reload re-reads the configuration file.
import Hummingbird

struct LifecycleRoutes {
  let readiness: Readiness
  let reloader: ConfigReloader

  func register(on router: Router<some RequestContext>) {
    router.get("/-/healthy") { _, _ in TextBody.response("Warden is Healthy.\n") }
    router.head("/-/healthy") { _, _ in Response(status: .ok) }
    router.get("/-/ready") { _, _ in ready() }
    router.head("/-/ready") { _, _ in Response(status: readiness.isReady ? .ok : .serviceUnavailable) }
    router.post("/-/reload") { _, _ in await reload() }
    router.put("/-/reload") { _, _ in await reload() }
  }

  private func ready() -> Response {
    readiness.isReady
      ? TextBody.response("Warden is Ready.\n")
      : TextBody.response("Service Unavailable: stores are still opening.\n", status: .serviceUnavailable)
  }

  private func reload() async -> Response {
    if let error = await reloader.reload(trigger: "HTTP") {
      return TextBody.response(
        "failed to reload config: \(error); the previous configuration is still in use\n", status: .internalServerError)
    }
    return TextBody.response("configuration reloaded\n")
  }
}
