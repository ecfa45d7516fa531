// Serves the web UI: its files under /ui/, and index.html for every page path of the single-page
// app (/, /explore, /dashboards/..., /logs, /alerts/..., /status/...), so a shared or reloaded URL
// opens the right page. Files carry an ETag and are revalidated (Cache-Control: no-cache): a new
// binary's UI is picked up at once, and an unchanged file costs a 304.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

struct UIRoutes {
  let assets: UIAssets

  /// The first path segments that belong to the UI's pages.
  static let pagePrefixes = ["explore", "dashboards", "logs", "alerts", "status"]

  func register(on router: Router<some RequestContext>) {
    router.get("/") { request, _ in page(request) }
    for prefix in Self.pagePrefixes {
      router.get(RouterPath(prefix)) { request, _ in page(request) }
      router.get(RouterPath(prefix + "/**")) { request, _ in page(request) }
    }
    router.get("/ui/**") { request, context in
      let path = context.parameters.getCatchAll().joined(separator: "/")
      return serve(path, request: request)
    }
    router.head("/ui/**") { request, context in
      var response = serve(context.parameters.getCatchAll().joined(separator: "/"), request: request)
      response.body = .init()
      return response
    }
  }

  private func page(_ request: Request) -> Response {
    var response = serve("index.html", request: request)
    // The shell is tiny and must never be stale against the files it names.
    response.headers[.cacheControl] = "no-cache"
    return response
  }

  private func serve(_ path: String, request: Request) -> Response {
    guard let asset = assets.asset(path) else {
      return TextBody.response("no such UI file: /ui/\(path)\n", status: .notFound)
    }
    // gzip when the client takes it and the file has a compressed copy.
    let gzip = asset.gzipBody != nil && Self.acceptsGzip(request.headers[.acceptEncoding])
    let etag = gzip ? asset.gzipETag : asset.etag
    var headers: HTTPFields = [
      .contentType: asset.contentType,
      .eTag: etag,
      .cacheControl: "no-cache",
      .init("X-Content-Type-Options")!: "nosniff",
    ]
    if asset.gzipBody != nil { headers[.vary] = "Accept-Encoding" }
    if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: {
      $0.trimmingCharacters(in: .whitespaces) == etag
    }) == true {
      return Response(status: .notModified, headers: headers)
    }
    let body = gzip ? asset.gzipBody! : asset.body
    if gzip { headers[.contentEncoding] = "gzip" }
    headers[.contentLength] = String(body.readableBytes)
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
  }

  /// Whether an Accept-Encoding value allows gzip (named, or `*`, without `q=0`).
  static func acceptsGzip(_ header: String?) -> Bool {
    guard let header else { return false }
    for item in header.split(separator: ",") {
      let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      guard let coding = parts.first, coding == "gzip" || coding == "*" else { continue }
      let refused = parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "").hasPrefix("q=0") && !$0.contains(where: { "123456789".contains($0) }) }
      if !refused { return true }
    }
    return false
  }
}
