// `len`, `index` and `slice` with Go's rules and messages: lists, maps (a missing key gives the
// element type's zero value), strings by bytes, and objects through their collection view.

enum TemplateCollections {
  /// What `range`, `index`, `len` and `slice` see: an object's collection, or the value itself.
  static func collectionView(_ value: TemplateData) -> TemplateData {
    if case .object(let object) = value, let collection = object.collection { return collection }
    return value
  }

  static func length(_ value: TemplateData) throws(TemplateError) -> TemplateData {
    switch collectionView(value) {
    case .string(let text), .safeHTML(let text): return .int(Int64(text.utf8.count))
    case .list(let items): return .int(Int64(items.count))
    case .map(let entries): return .int(Int64(entries.count))
    case .null: throw TemplateError(message: "len of nil pointer")
    default: throw TemplateError(message: "len of type \(value.goTypeName)")
    }
  }

  /// An index argument as Go's indexArg reads it, checked against `limit` (inclusive, as slice
  /// bounds may equal the length).
  private static func position(_ index: TemplateData, limit: Int) throws(TemplateError) -> Int {
    let value: Int64
    switch index {
    case .int(let number), .duration(let number): value = number
    case .null: throw TemplateError(message: "cannot index slice/array with nil")
    default: throw TemplateError(message: "cannot index slice/array with type \(index.goTypeName)")
    }
    guard value >= 0, value <= Int64(limit) else { throw TemplateError(message: "index out of range: \(value)") }
    return Int(value)
  }

  static func index(_ item: TemplateData, _ indexes: [TemplateData]) throws(TemplateError) -> TemplateData {
    if case .null = item { throw TemplateError(message: "index of untyped nil") }
    var item = item
    for index in indexes {
      switch collectionView(item) {
      case .list(let items):
        let at = try position(index, limit: items.count)
        guard at < items.count else { throw TemplateError(message: "index out of range: \(at)") }
        item = items[at]
      case .string(let text), .safeHTML(let text):
        let bytes = text.utf8
        let at = try position(index, limit: bytes.count)
        guard at < bytes.count else { throw TemplateError(message: "index out of range: \(at)") }
        item = .int(Int64(bytes[bytes.index(bytes.startIndex, offsetBy: at)]))
      case .map(let entries):
        switch index {
        case .string(let key), .safeHTML(let key): item = entries[key] ?? entries.zeroElement
        case .null: throw TemplateError(message: "value is nil; should be of type string")
        default: throw TemplateError(message: "value has type \(index.goTypeName); should be string")
        }
      case .null:
        throw TemplateError(message: "index of nil pointer")
      default:
        throw TemplateError(message: "can't index item of type \(item.goTypeName)")
      }
    }
    return item
  }

  static func slice(_ item: TemplateData, _ indexes: [TemplateData]) throws(TemplateError) -> TemplateData {
    if case .null = item { throw TemplateError(message: "slice of untyped nil") }
    guard indexes.count <= 3 else { throw TemplateError(message: "too many slice indexes: \(indexes.count)") }
    let view = collectionView(item)
    let length: Int
    switch view {
    case .string(let text), .safeHTML(let text):
      guard indexes.count < 3 else { throw TemplateError(message: "cannot 3-index slice a string") }
      length = text.utf8.count
    case .list(let items):
      length = items.count
    default:
      throw TemplateError(message: "can't slice item of type \(item.goTypeName)")
    }
    var bounds = [0, length, length]
    for (position, index) in indexes.enumerated() {
      bounds[position] = try self.position(index, limit: length)
    }
    guard bounds[0] <= bounds[1] else { throw TemplateError(message: "invalid slice index: \(bounds[0]) > \(bounds[1])") }
    if indexes.count == 3, bounds[1] > bounds[2] {
      throw TemplateError(message: "invalid slice index: \(bounds[1]) > \(bounds[2])")
    }
    switch view {
    case .list(let items):
      return .list(Array(items[bounds[0]..<bounds[1]]))
    case .string(let text):
      return .string(String(decoding: Array(text.utf8)[bounds[0]..<bounds[1]], as: UTF8.self))
    case .safeHTML(let text):
      return .safeHTML(String(decoding: Array(text.utf8)[bounds[0]..<bounds[1]], as: UTF8.self))
    default:
      return .null
    }
  }
}
