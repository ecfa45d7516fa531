// One entry of Alertmanager's `receivers:` list: a name and its integrations.
// CONTRACT STUB (lead): the Receivers helper owns this file and adds every `*_configs` list and
// `makeReceivers`.

/// A named receiver and its integrations' configurations.
package struct ReceiverConfiguration: Decodable, Sendable, Equatable {
  package var name: String

  package init(name: String) {
    self.name = name
  }

  enum CodingKeys: String, CodingKey {
    case name
  }
}
