// Load-time check of URLs written in the configuration (not templates, not files): an http(s)
// URL with a host, as Alertmanager requires.
import Foundation

enum HTTPURLCheck {
  static func check(_ text: String, field: String, decoder: any Decoder) throws {
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
      let host = url.host, !host.isEmpty
    else {
      throw ReceiverConfigProblem.at(decoder, "\(field) must be an http or https URL, got \"\(text)\"")
    }
  }
}
