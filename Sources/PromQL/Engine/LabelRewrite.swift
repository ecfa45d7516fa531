// The label change label_replace() or label_join() makes: validated (and the regex compiled) once
// per call, then applied to every series.
import WardenCore

struct LabelRewrite {
  private enum Change {
    case replace(LabelReplacer)
    case join(destination: String, separator: String, sources: [String])
  }

  private let change: Change

  init(function: String, strings: [String]) throws(QueryError) {
    do throws(LabelFunctionError) {
      if function == "label_replace" {
        guard strings.count == 4 else { throw LabelFunctionError(message: "label_replace() takes 5 arguments") }
        change = .replace(try LabelReplacer(destination: strings[0], replacement: strings[1], source: strings[2], regex: strings[3]))
      } else {
        guard strings.count >= 2 else { throw LabelFunctionError(message: "label_join() takes at least 3 arguments") }
        let sources = Array(strings.dropFirst(2))
        try LabelFunctions.validateJoin(destination: strings[0], sources: sources)
        change = .join(destination: strings[0], separator: strings[1], sources: sources)
      }
    } catch {
      throw .execution(error.message)
    }
  }

  var destination: String {
    switch change {
    case .replace(let replacer): replacer.destination
    case .join(let destination, _, _): destination
    }
  }

  func apply(_ labels: Labels) -> Labels {
    switch change {
    case .replace(let replacer): replacer.apply(to: labels) ?? labels
    case .join(let destination, let separator, let sources):
      LabelFunctions.joinValidated(labels, destination: destination, separator: separator, sources: sources)
    }
  }
}
