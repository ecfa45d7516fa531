// Guards the embedded UI: the #embed table (scripts/gen-ui-assets.sh) must list exactly the files
// under web/, byte for byte, and asset paths must never reach outside web/.
import Foundation
import NIOCore
import Server
import Testing

@Suite struct UIAssetTableTests {
  static let webDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("web")

  static func filesUnderWeb() -> [String] {
    let root = webDirectory.path
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var files: [String] = []
    while let relative = walker.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
      let hidden = relative.split(separator: "/").contains { $0.hasPrefix(".") }
      if exists, !isDirectory.boolValue, !hidden { files.append(relative) }
    }
    return files.sorted()
  }

  @Test func tableListsEveryFileUnderWeb() {
    let assets = UIAssets.load(environment: [:])
    #expect(assets.developmentDirectory == nil)
    #expect(
      assets.embeddedPaths == Self.filesUnderWeb(),
      "the embedded table is stale: run scripts/gen-ui-assets.sh")
  }

  @Test func embeddedBytesAreTheFiles() throws {
    let assets = UIAssets.load(environment: [:])
    for path in Self.filesUnderWeb() {
      let onDisk = try Data(contentsOf: Self.webDirectory.appendingPathComponent(path))
      let asset = try #require(assets.asset(path), "\(path) is not embedded")
      #expect(asset.body.readableBytesView.elementsEqual(onDisk), "\(path) differs from web/\(path): rebuild")
      #expect(asset.etag.hasPrefix("\"") && asset.etag.hasSuffix("\""))
    }
  }

  @Test func shellNamesTheAppAndWorksWithoutJavaScript() throws {
    let index = try #require(UIAssets.load(environment: [:]).asset("index.html"))
    let text = String(buffer: index.body)
    #expect(text.contains("/ui/js/app.js"))
    #expect(text.contains("<noscript>"))
    #expect(index.contentType == "text/html; charset=utf-8")
  }

  @Test(arguments: [
    "../Package.swift", "/etc/passwd", "js/../../x", "", ".hidden", "js/.secret", "js//app.js", "js/./app.js",
    String(repeating: "a/", count: 300),
  ])
  func unsafePathsAreRefused(path: String) {
    #expect(!UIAssets.isSafe(path))
    #expect(UIAssets.load(environment: [:]).asset(path) == nil)
  }

  @Test func developmentDirectoryServesFromDisk() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ui-dev-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("js"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("export const x = 1;\n".utf8).write(to: directory.appendingPathComponent("js/app.js"))
    let assets = UIAssets.load(environment: ["WARDEN_UI_DIR": directory.path])
    let asset = try #require(assets.asset("js/app.js"))
    #expect(String(buffer: asset.body) == "export const x = 1;\n")
    #expect(asset.contentType == "text/javascript; charset=utf-8")
    #expect(assets.asset("js/other.js") == nil)
  }

  @Test(arguments: [
    ("a.html", "text/html; charset=utf-8"), ("b.js", "text/javascript; charset=utf-8"),
    ("c.css", "text/css; charset=utf-8"), ("d.svg", "image/svg+xml"), ("e.bin", "application/octet-stream"),
  ])
  func contentTypes(path: String, expected: String) {
    #expect(UIAssets.contentType(path) == expected)
  }
}
