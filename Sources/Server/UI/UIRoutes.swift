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
    var headers: HTTPFields = [
      .contentType: asset.contentType,
      .eTag: asset.etag,
      .cacheControl: "no-cache",
      .init("X-Content-Type-Options")!: "nosniff",
    ]
    if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: {
      $0.trimmingCharacters(in: .whitespaces) == asset.etag
    }) == true {
      return Response(status: .notModified, headers: headers)
    }
    headers[.contentLength] = String(asset.body.readableBytes)
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
  }
}
