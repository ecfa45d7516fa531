// Up to eight labels as a collection without a heap allocation, for the label sets with more than
// two labels (filesystem, node_disk_info, node_uname_info).

import WardenCore

/// A fixed-capacity label list.
///
/// It has its own iterator because emitters in other modules iterate label collections
/// unspecialised: the default `IndexingIterator` then reads each element through the subscript's
/// coroutine witness, which allocates its frame on the heap for a value this size (measured:
/// one malloc per label); a plain `next()` does not.
struct LabelList: RandomAccessCollection {
  static let capacity = 8

  private var storage: (Label, Label, Label, Label, Label, Label, Label, Label)
  private(set) var count = 0

  init() {
    let empty = Label("", "")
    storage = (empty, empty, empty, empty, empty, empty, empty, empty)
  }

  init(_ first: Label, _ second: Label, _ third: Label) {
    self.init()
    append(first)
    append(second)
    append(third)
  }

  var startIndex: Int { 0 }
  var endIndex: Int { count }

  subscript(position: Int) -> Label {
    precondition(position >= 0 && position < count, "label index out of range")
    switch position {
    case 0: return storage.0
    case 1: return storage.1
    case 2: return storage.2
    case 3: return storage.3
    case 4: return storage.4
    case 5: return storage.5
    case 6: return storage.6
    default: return storage.7
    }
  }

  struct Iterator: IteratorProtocol {
    fileprivate let list: LabelList
    fileprivate var index = 0

    mutating func next() -> Label? {
      guard index < list.count else { return nil }
      defer { index += 1 }
      return list[index]
    }
  }

  func makeIterator() -> Iterator {
    Iterator(list: self)
  }

  /// Appends `label`; at most `capacity` labels fit.
  mutating func append(_ label: Label) {
    precondition(count < Self.capacity, "label list is full")
    switch count {
    case 0: storage.0 = label
    case 1: storage.1 = label
    case 2: storage.2 = label
    case 3: storage.3 = label
    case 4: storage.4 = label
    case 5: storage.5 = label
    case 6: storage.6 = label
    default: storage.7 = label
    }
    count += 1
  }
}
