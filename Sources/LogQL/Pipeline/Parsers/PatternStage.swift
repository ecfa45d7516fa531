// `| pattern "<ip> - - <_> \"<method> <uri> <_>\" <status>"`: Loki's pattern expressions.
// Literals must appear in order; a capture takes the text up to the next literal (or the line's
// end). The match is anchored at the line start; when a literal is missing, parsing stops and
// the captures made so far are kept.
import PromQL

struct PatternStage: Sendable {
  enum Part: Sendable, Equatable {
    case literal([UInt8])
    /// nil for `<_>`.
    case capture(String?)
  }

  let parts: [Part]
  /// The literal parts compiled for searching, by part index.
  private let needles: [ByteNeedle?]

  init(_ pattern: String, position: PositionRange) throws(LogQLError) {
    switch Self.parse(pattern) {
    case .success(let parts):
      self.parts = parts
      needles = parts.map { if case .literal(let bytes) = $0 { ByteNeedle(bytes) } else { nil } }
    case .failure(let error):
      throw LogQLError(.invalid, error.message, position: position)
    }
  }

  struct PatternError: Error {
    var message: String
  }

  static func parse(_ pattern: String) -> Result<[Part], PatternError> {
    let bytes = Array(pattern.utf8)
    var parts: [Part] = []
    var literal: [UInt8] = []
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "<"), let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: ">")) {
        let name = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
        if isValidLabelName(name) {
          if !literal.isEmpty {
            parts.append(.literal(literal))
            literal = []
          }
          if case .capture = parts.last {
            return .failure(PatternError(message: "invalid pattern \"\(pattern)\": consecutive captures must be separated by a literal"))
          }
          parts.append(.capture(name == "_" ? nil : name))
          index = close + 1
          continue
        }
      }
      literal.append(bytes[index])
      index += 1
    }
    if !literal.isEmpty { parts.append(.literal(literal)) }
    var names: Set<String> = []
    for case .capture(let name?) in parts {
      guard names.insert(name).inserted else {
        return .failure(PatternError(message: "invalid pattern \"\(pattern)\": duplicate capture name \(name)"))
      }
    }
    if names.isEmpty {
      return .failure(PatternError(message: "invalid pattern \"\(pattern)\": at least one named capture must be supplied"))
    }
    return .success(parts)
  }

  func process(_ line: UnsafeRawBufferPointer, labels: inout LabelWorkingSet, scratch: inout ParserScratch) {
    scratch.extracted.reset()
    var position = 0
    var pending: String??  // a capture waiting for the next literal: .some(name or nil)
    func capture(_ name: String?, _ range: Range<Int>) {
      guard let name else { return }
      scratch.extracted.add(name, String(decoding: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self))
    }
    var completed = true
    matching: for (index, part) in parts.enumerated() {
      switch part {
      case .capture(let name):
        pending = .some(name)
      case .literal(let bytes):
        let rest = UnsafeRawBufferPointer(rebasing: line[position...])
        if let waiting = pending {
          guard let offset = needles[index]?.firstOffset(in: rest) else {
            completed = false
            break matching
          }
          capture(waiting, position..<(position + offset))
          position += offset + bytes.count
          pending = nil
        } else {
          guard rest.starts(with: bytes) else {
            completed = false
            break matching
          }
          position += bytes.count
        }
      }
    }
    if completed, let waiting = pending { capture(waiting, position..<line.count) }
    scratch.extracted.apply(to: &labels)
  }
}
