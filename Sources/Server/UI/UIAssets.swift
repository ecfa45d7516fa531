// The web UI's files as the server hands them out: read once from the embedded table
// (CWardenAssets), each with its content type, a strong ETag from its bytes, and for text files a
// gzip copy made once at start (about a quarter of the bytes on the wire). With
// WARDEN_UI_DIR set, files are read from that directory on every request instead, so the UI can be
// worked on without rebuilding the binary (a development aid; never needed to run Warden).
import CWardenAssets
import Codecs
import Foundation
package import NIOCore

/// One file of the UI.
package struct UIAsset: Sendable {
  package let body: ByteBuffer
  package let contentType: String
  package let etag: String
  /// The same bytes gzipped, when that is smaller (text files); nil otherwise.
  package let gzipBody: ByteBuffer?

  /// The gzip variant's ETag: a different representation needs a different tag.
  package var gzipETag: String { String(etag.dropLast()) + "-gz\"" }
}

/// The UI's files by path under `web/` ("index.html", "js/app.js").
package struct UIAssets: Sendable {
  private let embedded: [String: UIAsset]
  /// Set from WARDEN_UI_DIR: serve from disk, re-reading each time.
  package let developmentDirectory: String?

  /// The embedded table, and WARDEN_UI_DIR when it is set.
  package static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> UIAssets {
    let directory = environment["WARDEN_UI_DIR"].flatMap { $0.isEmpty ? nil : $0 }
    return UIAssets(embedded: embeddedTable(), developmentDirectory: directory)
  }

  /// Every embedded path, for the guard test that compares the table with web/.
  package var embeddedPaths: [String] { embedded.keys.sorted() }

  package func asset(_ path: String) -> UIAsset? {
    guard Self.isSafe(path) else { return nil }
    if let developmentDirectory {
      guard let data = FileManager.default.contents(atPath: developmentDirectory + "/" + path) else { return nil }
      return Self.make(path: path, bytes: [UInt8](data), compress: false)
    }
    return embedded[path]
  }

  /// Relative, no `..`, no hidden files: nothing outside web/ can be named.
  package static func isSafe(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/"), path.utf8.count < 512 else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
      !part.isEmpty && !part.hasPrefix(".")
    }
  }

  private static func embeddedTable() -> [String: UIAsset] {
    var table: [String: UIAsset] = [:]
    let count = warden_asset_count()
    var index: UInt = 0
    while index < count {
      if let entry = warden_asset_at(index)?.pointee, let pathPointer = entry.path, let data = entry.data {
        let path = String(cString: pathPointer)
        let bytes = UnsafeBufferPointer(start: data, count: Int(entry.length))
        if !path.isEmpty { table[path] = make(path: path, bytes: Array(bytes)) }
      }
      index += 1
    }
    return table
  }

  private static func make(path: String, bytes: [UInt8], compress: Bool = true) -> UIAsset {
    let type = contentType(path)
    var gzipped: ByteBuffer?
    if compress, bytes.count > 512, type.hasPrefix("text/") || type == "image/svg+xml" || type == "application/json" {
      let packed = Gzip.compress(bytes)
      if packed.count < bytes.count { gzipped = ByteBuffer(bytes: packed) }
    }
    return UIAsset(body: ByteBuffer(bytes: bytes), contentType: type, etag: etag(bytes), gzipBody: gzipped)
  }

  /// FNV-1a 64 over the bytes: stable across builds for the same content, which is all an ETag needs.
  private static func etag(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return "\"" + String(hash, radix: 16) + "-" + String(bytes.count, radix: 16) + "\""
  }

  package static func contentType(_ path: String) -> String {
    switch path.split(separator: ".").last.map(String.init) ?? "" {
    case "html": "text/html; charset=utf-8"
    case "js", "mjs": "text/javascript; charset=utf-8"
    case "css": "text/css; charset=utf-8"
    case "json": "application/json"
    case "svg": "image/svg+xml"
    case "png": "image/png"
    case "ico": "image/x-icon"
    case "woff2": "font/woff2"
    case "txt": "text/plain; charset=utf-8"
    default: "application/octet-stream"
    }
  }
}
