// The JSON Slack receives: a `text` (shown in notifications and where blocks cannot be) and
// Block Kit `blocks` (a header with the title, sections for pretext, text and fields, an image,
// a context line with the footer, and link buttons), within Slack's documented limits.

enum SlackMessage {
  struct Content {
    var channel: String?
    var username: String
    var iconEmoji: String?
    var iconURL: String?
    var linkNames: Bool
    var fallback: String
    var title: String
    var titleLink: String
    var pretext: String
    var text: String
    var fields: [(title: String, value: String, short: Bool)]
    var footer: String
    var imageURL: String?
    var thumbURL: String?
    var buttons: [(text: String, url: String, style: String?)]
  }

  // Block Kit limits: header text 150, section text 3000, 10 fields of 2000, button text 75,
  // 25 elements in an actions block, 50 blocks in a message.
  static let headerLimit = 150
  static let sectionLimit = 3000
  static let fieldLimit = 2000
  static let buttonTextLimit = 75
  static let textLimit = 40_000

  static func make(_ content: Content) -> JSONValue {
    var blocks: [JSONValue] = []
    if !content.title.isEmpty {
      blocks.append(.object([("type", .string("header")), ("text", plain(cut(content.title, headerLimit)))]))
    }
    if !content.pretext.isEmpty { blocks.append(section(content.pretext)) }
    if !content.text.isEmpty {
      var block = section(content.text)
      if let thumb = content.thumbURL, !thumb.isEmpty, case .object(var pairs) = block {
        pairs.append(("accessory", .object([("type", .string("image")), ("image_url", .string(thumb)), ("alt_text", .string("thumbnail"))])))
        block = .object(pairs)
      }
      blocks.append(block)
    }
    if !content.fields.isEmpty {
      let texts: [JSONValue] = content.fields.prefix(10).map { field in
        mrkdwn(cut("*\(field.title)*\n\(field.value)", fieldLimit))
      }
      blocks.append(.object([("type", .string("section")), ("fields", .array(texts))]))
    }
    if let image = content.imageURL, !image.isEmpty {
      blocks.append(.object([("type", .string("image")), ("image_url", .string(image)), ("alt_text", .string("image"))]))
    }
    if !content.footer.isEmpty {
      blocks.append(.object([("type", .string("context")), ("elements", .array([mrkdwn(cut(content.footer, sectionLimit))]))]))
    }
    var buttons = content.buttons
    if !content.titleLink.isEmpty { buttons.insert((text: "View in Warden", url: content.titleLink, style: nil), at: 0) }
    if !buttons.isEmpty {
      let elements: [JSONValue] = buttons.prefix(25).map { button in
        .fields([
          ("type", .string("button")), ("text", plain(cut(button.text, buttonTextLimit))), ("url", .string(button.url)),
          ("style", button.style.flatMap { $0 == "primary" || $0 == "danger" ? .string($0) : nil }),
        ])
      }
      blocks.append(.object([("type", .string("actions")), ("elements", .array(elements))]))
    }
    return .fields([
      ("channel", content.channel.flatMap(JSONValue.nonEmpty)),
      ("username", JSONValue.nonEmpty(content.username)),
      ("icon_emoji", content.iconEmoji.flatMap(JSONValue.nonEmpty)),
      ("icon_url", content.iconURL.flatMap(JSONValue.nonEmpty)),
      ("link_names", content.linkNames ? .bool(true) : nil),
      ("text", .string(cut(content.fallback.isEmpty ? content.title : content.fallback, textLimit))),
      ("blocks", .array(Array(blocks.prefix(50)))),
    ])
  }

  private static func plain(_ text: String) -> JSONValue {
    .object([("type", .string("plain_text")), ("text", .string(text)), ("emoji", .bool(true))])
  }

  private static func mrkdwn(_ text: String) -> JSONValue {
    .object([("type", .string("mrkdwn")), ("text", .string(text))])
  }

  private static func section(_ text: String) -> JSONValue {
    .object([("type", .string("section")), ("text", mrkdwn(cut(text, sectionLimit)))])
  }

  /// `text` within `limit` characters, cut with an ellipsis.
  static func cut(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }
}
