// Three labels as a collection without a heap allocation, for the device/fstype/mountpoint label
// sets of the filesystem families.

import WardenCore

struct LabelTriple: RandomAccessCollection {
  let first: Label
  let second: Label
  let third: Label

  init(_ first: Label, _ second: Label, _ third: Label) {
    self.first = first
    self.second = second
    self.third = third
  }

  var startIndex: Int { 0 }
  var endIndex: Int { 3 }
  subscript(position: Int) -> Label {
    switch position {
    case 0: first
    case 1: second
    default: third
    }
  }
}
