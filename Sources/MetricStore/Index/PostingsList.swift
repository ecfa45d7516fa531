// Operations on posting lists: ascending arrays of series ids, merged and intersected in one
// linear pass each, as an inverted index needs.

package typealias SeriesID = UInt32

enum PostingsList {
  /// Ids in both lists.
  static func intersect(_ a: [SeriesID], _ b: [SeriesID]) -> [SeriesID] {
    if a.isEmpty || b.isEmpty { return [] }
    var result: [SeriesID] = []
    result.reserveCapacity(min(a.count, b.count))
    var i = 0
    var j = 0
    while i < a.count, j < b.count {
      if a[i] < b[j] {
        i += 1
      } else if a[i] > b[j] {
        j += 1
      } else {
        result.append(a[i])
        i += 1
        j += 1
      }
    }
    return result
  }

  /// Ids in `a` but not in `b`.
  static func subtract(_ a: [SeriesID], _ b: [SeriesID]) -> [SeriesID] {
    if a.isEmpty || b.isEmpty { return a }
    var result: [SeriesID] = []
    result.reserveCapacity(a.count)
    var j = 0
    for id in a {
      while j < b.count, b[j] < id { j += 1 }
      if j < b.count, b[j] == id { continue }
      result.append(id)
    }
    return result
  }

  /// Ids in any of the lists, ascending, without duplicates.
  static func union(_ lists: [[SeriesID]]) -> [SeriesID] {
    switch lists.count {
    case 0: return []
    case 1: return lists[0]
    default:
      // Concatenate and sort: simpler than a heap merge and fast for the list counts regex
      // matchers produce; a k-way merge is the upgrade if benchmarks ask for it.
      var all = lists.flatMap { $0 }
      all.sort()
      var result: [SeriesID] = []
      result.reserveCapacity(all.count)
      for id in all where result.last != id { result.append(id) }
      return result
    }
  }
}
