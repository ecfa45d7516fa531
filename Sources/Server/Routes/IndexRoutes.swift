// `/`: a plain page saying what this server is and where its endpoints are. The full web UI
// (dashboards, explorers) replaces it in a later issue.
import Hummingbird
import WardenCore

struct IndexRoutes {
  let readiness: Readiness

  func register(on router: Router<some RequestContext>) {
    router.get("/") { _, _ in
      TextBody.response(page(), contentType: "text/html; charset=utf-8")
    }
  }

  private func page() -> String {
    let state = readiness.isReady ? "ready" : "starting: stores are opening"
    let links: [(String, String)] = [
      ("/metrics/host", "this host's metrics (node_exporter names)"),
      ("/metrics", "Warden's own metrics"),
      ("/api/v1/status/buildinfo", "build information"),
      ("/api/v1/status/config", "the configuration in force"),
      ("/-/healthy", "liveness"),
      ("/-/ready", "readiness"),
    ]
    let items = links.map { "<li><a href=\"\($0.0)\"><code>\($0.0)</code></a> &mdash; \($0.1)</li>" }.joined(separator: "\n")
    return """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Warden</title>
      <style>
      body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1b1f24;background:#fff}
      @media (prefers-color-scheme: dark){body{color:#e6e9ee;background:#14171b}a{color:#8ab4ff}}
      code{font-size:.95em}
      </style></head>
      <body>
      <h1>Warden \(BuildInfo.version)</h1>
      <p>Status: <strong>\(state)</strong>.</p>
      <ul>
      \(items)
      </ul>
      </body></html>
      """
  }
}
