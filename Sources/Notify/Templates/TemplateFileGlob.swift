// Expanding a `templates:` entry: a path whose last component may be a wildcard pattern
// (`templates/*.tmpl`), as Alertmanager allows. Matching uses the C library's fnmatch.
import ConfigDecoding
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum TemplateFileGlob {
  /// The regular files `pattern` names, sorted; a pattern without wildcards names itself (and
  /// must exist); a wildcard matching nothing gives nothing, as Go's filepath.Glob.
  static func expand(_ pattern: String, relativeTo baseDirectory: String?) throws(ConfigError) -> [String] {
    let full = SecretSource.resolve(pattern, relativeTo: baseDirectory)
    let directory = (full as NSString).deletingLastPathComponent
    let filePattern = (full as NSString).lastPathComponent
    if directory.contains(where: { "*?[".contains($0) }) {
      throw ConfigError(file: pattern, field: "templates", message: "only the last path component may hold wildcards")
    }
    guard filePattern.contains(where: { "*?[".contains($0) }) else { return [full] }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)
    } catch {
      return []
    }
    var matches: [String] = []
    for name in names.sorted() where fnmatch(filePattern, name, 0) == 0 {
      let path = directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
        matches.append(path)
      }
    }
    return matches
  }
}
