// A field's path inside the configuration (`route.routes[1].receiver`), used by the validator to
// name a problem and to find the YAML node, and so the line and column, it is about.
import Yams

/// A path of mapping keys and list indexes from the configuration's root node.
struct ConfigPath: Sendable, Equatable {
  enum Component: Sendable, Equatable {
    case key(String)
    case index(Int)
  }

  var components: [Component] = []

  init(_ components: [Component] = []) {
    self.components = components
  }

  func key(_ name: String) -> ConfigPath { ConfigPath(components + [.key(name)]) }
  func index(_ index: Int) -> ConfigPath { ConfigPath(components + [.index(index)]) }

  /// `route.routes[1].receiver`, as the decoder names fields.
  var dottedText: String {
    var text = ""
    for component in components {
      switch component {
      case .key(let name): text += text.isEmpty ? name : "." + name
      case .index(let index): text += "[\(index)]"
      }
    }
    return text
  }

  /// The deepest node along the path that exists under `root` (a missing optional field is
  /// reported at the mapping that lacks it).
  func locate(in root: Node) -> Node {
    var node = root
    for component in components {
      switch (component, node) {
      case (.key(let name), .mapping(let mapping)):
        guard let child = mapping.first(where: { $0.key.string == name })?.value else { return node }
        node = child
      case (.index(let index), .sequence(let sequence)):
        guard index >= 0, index < sequence.count else { return node }
        node = sequence[sequence.index(sequence.startIndex, offsetBy: index)]
      default:
        return node
      }
    }
    return node
  }
}

/// One problem the validator found.
struct ConfigurationProblem: Sendable, Equatable {
  var path: ConfigPath
  var message: String
}
