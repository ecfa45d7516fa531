// Decodes one file_sd file (JSON or YAML: a list of `{targets: [...], labels: {...}}`) into target
// groups, within size and count limits, with errors that name the file and the problem.
import Foundation
import WardenCore
import Yams

package struct FileSDError: Error, Sendable, Equatable, CustomStringConvertible {
  package let path: String
  package let message: String

  package var description: String { "file_sd file \(path): \(message)" }
}

package enum FileSDParser {
  /// Larger files are refused rather than read: a target list is never this big.
  package static let maximumFileSize = 16 << 20
  /// Targets per file (all groups together).
  package static let maximumTargets = 100_000

  /// Groups named `<path>:<index>`, each carrying `__meta_filepath`, as Prometheus names them.
  package static func parse(_ bytes: [UInt8], path: String) throws(FileSDError) -> [TargetGroup] {
    guard let format = FileSDFormat(path: path) else {
      throw FileSDError(path: path, message: "unknown file extension (expected .json, .yml or .yaml)")
    }
    if bytes.count > maximumFileSize {
      throw FileSDError(path: path, message: "file is \(bytes.count) bytes, over the \(maximumFileSize)-byte limit")
    }
    let written: [WrittenGroup]
    do {
      switch format {
      case .json:
        let decoder = JSONDecoder()
        decoder.userInfo[WrittenGroup.strictKeys] = false
        written = try decoder.decode([WrittenGroup].self, from: Data(bytes))
      case .yaml:
        guard let text = String(validating: bytes, as: UTF8.self) else {
          throw FileSDError(path: path, message: "file is not valid UTF-8")
        }
        if text.allSatisfy(\.isWhitespace) {
          written = []
        } else {
          written = try YAMLDecoder().decode([WrittenGroup].self, from: text, userInfo: [WrittenGroup.strictKeys: true])
        }
      }
    } catch let error as FileSDError {
      throw error
    } catch let error as DecodingError {
      throw FileSDError(path: path, message: describe(error))
    } catch {
      throw FileSDError(path: path, message: "cannot parse: \(error)")
    }

    var total = 0
    var groups: [TargetGroup] = []
    groups.reserveCapacity(written.count)
    for (index, group) in written.enumerated() {
      total += group.targets.count
      if total > maximumTargets {
        throw FileSDError(path: path, message: "more than \(maximumTargets) targets")
      }
      if let problem = TargetGroup.problem(targets: group.targets, labels: group.labels) {
        throw FileSDError(path: path, message: "group \(index): \(problem)")
      }
      var labels = group.labels
      labels[TargetLabels.metaFilepath] = path
      groups.append(TargetGroup(addresses: group.targets, labels: labels, source: "\(path):\(index)"))
    }
    return groups
  }

  private static func describe(_ error: DecodingError) -> String {
    func at(_ path: [any CodingKey]) -> String {
      let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      return text.isEmpty ? "" : " at \(text)"
    }
    switch error {
    case .dataCorrupted(let context): return context.debugDescription + at(context.codingPath)
    case .typeMismatch(_, let context): return context.debugDescription + at(context.codingPath)
    case .valueNotFound(_, let context): return context.debugDescription + at(context.codingPath)
    case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"" + at(context.codingPath)
    @unknown default: return "\(error)"
    }
  }
}

/// One group as written in the file. Prometheus ignores unknown keys in JSON files but rejects
/// them in YAML files; the decoder's user info says which.
private struct WrittenGroup: Decodable {
  static let strictKeys = CodingUserInfoKey(rawValue: "warden.fileSD.strictKeys")!

  var targets: [String]
  var labels: [String: String]

  private struct Key: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    targets = try container.decodeIfPresent([String].self, forKey: Key(stringValue: "targets")) ?? []
    labels = try container.decodeIfPresent([String: String].self, forKey: Key(stringValue: "labels")) ?? [:]
    if decoder.userInfo[Self.strictKeys] as? Bool == true {
      for key in container.allKeys where key.stringValue != "targets" && key.stringValue != "labels" {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: decoder.codingPath,
            debugDescription: "unknown field \"\(key.stringValue)\" (valid fields: targets, labels)"))
      }
    }
  }
}
