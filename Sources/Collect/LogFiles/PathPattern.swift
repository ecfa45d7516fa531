// Glob patterns of `log_files` paths: glob(3) for ordinary patterns, and our own walk for `**`
// (any number of directories, which glibc's glob does not have). Matching is element by element
// with fnmatch(3), so `*` never crosses a `/` and does not match a leading dot, as in a shell.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum PathPattern {
  /// A walk for `**` stops after this many directory entries, so a pattern rooted at `/` cannot
  /// stall the tailer for minutes; the rest of the tree is not searched.
  static let maximumWalkEntries = 200_000
  static let maximumWalkDepth = 32
  static let maximumRecursiveElements = 4

  /// Why `pattern` cannot be used, or nil.
  static func problem(_ pattern: String) -> String? {
    guard pattern.hasPrefix("/") else { return "\"\(pattern)\" is not an absolute path" }
    if pattern.utf8.contains(0) { return "\"\(pattern)\" contains a NUL byte" }
    let elements = pattern.split(separator: "/", omittingEmptySubsequences: true)
    guard let last = elements.last, last != "**" else { return "\"\(pattern)\" does not end in a file name pattern" }
    var recursive = 0
    for element in elements {
      if element == "**" {
        recursive += 1
      } else if element.contains("**") {
        return "\"\(pattern)\": ** must be a whole path element, as in /var/log/**/app.log"
      }
    }
    if recursive > maximumRecursiveElements {
      return "\"\(pattern)\" has more than \(maximumRecursiveElements) ** elements"
    }
    return nil
  }

  /// Paths (files, directories, anything) that currently match `pattern`, sorted.
  static func expand(_ pattern: String) -> [String] {
    let elements = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard let firstRecursive = elements.firstIndex(of: "**") else { return systemGlob(pattern) }
    // Walk from the deepest directory named without any wildcard.
    let fixed = elements[..<firstRecursive].prefix { !hasWildcard($0) }
    let base = "/" + fixed.joined(separator: "/")
    var found: [String] = []
    var budget = maximumWalkEntries
    walk(directory: base, depth: 0, budget: &budget) { path in
      if matches(path, elements: elements) { found.append(path) }
    }
    return found.sorted()
  }

  /// Whether `path` matches `pattern` element by element (`**` spans zero or more elements).
  static func matches(_ path: String, pattern: String) -> Bool {
    matches(path, elements: pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init))
  }

  private static func matches(_ path: String, elements: [String]) -> Bool {
    let names = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    return matches(elements[...], names[...])
  }

  private static func matches(_ pattern: ArraySlice<String>, _ names: ArraySlice<String>) -> Bool {
    guard let head = pattern.first else { return names.isEmpty }
    if head == "**" {
      // Zero elements, or one more element and `**` again.
      if matches(pattern.dropFirst(), names) { return true }
      return !names.isEmpty && matches(pattern, names.dropFirst())
    }
    guard let name = names.first, fnmatch(head, name, FNM_PERIOD) == 0 else { return false }
    return matches(pattern.dropFirst(), names.dropFirst())
  }

  private static func hasWildcard(_ element: String) -> Bool {
    element.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" }
  }

  private static func systemGlob(_ pattern: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    guard glob(pattern, 0, nil, &result) == 0 else { return [] }
    var paths: [String] = []
    paths.reserveCapacity(Int(result.gl_pathc))
    for index in 0..<Int(result.gl_pathc) {
      if let pointer = result.gl_pathv[index] { paths.append(String(cString: pointer)) }
    }
    return paths
  }

  /// Calls `body` with every path under `directory`, directories included; symbolic links to
  /// directories are not followed (they can make cycles).
  private static func walk(directory: String, depth: Int, budget: inout Int, _ body: (String) -> Void) {
    guard depth < maximumWalkDepth, let handle = opendir(directory) else { return }
    defer { closedir(handle) }
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    while budget > 0, let entry = readdir(handle) {
      budget -= 1
      let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      let path = prefix + name
      body(path)
      var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
      if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
        var info = stat()
        isDirectory = lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      }
      if isDirectory { walk(directory: path, depth: depth + 1, budget: &budget, body) }
    }
  }
}
