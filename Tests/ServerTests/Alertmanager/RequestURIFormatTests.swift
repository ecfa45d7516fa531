// generatorURL's `format: uri`, checked against what Alertmanager 0.25 accepted and refused when
// the same values were posted to it.
@testable import Server
import Testing

struct RequestURIFormatTests {
  @Test(arguments: [
    "http://prometheus:9090/graph?g0.expr=up%3D%3D0&g0.tab=1", "/abs/path", "/a b", "http://host:99999/", "mailto:me@x", "x:",
    "http://[::1]:9090/graph", "http://h/a b", "a:b c", "HTTP://H", "ht-tp://h", "//host/path", "*", "http://user:pw@h/",
    "http://h/?q=%zz",
  ])
  func acceptsWhatAlertmanagerAccepts(text: String) {
    #expect(RequestURIFormat.isValid(text))
  }

  @Test(arguments: [
    "not a url", "::", "relative/path", "http://x y/", "http://h/%zz", "1http://h", "http://h/\u{01}", "http://h:8a/",
    "http://h/\u{7F}", "http://[::1/", "http://h%20x/", "http://h%zz/", "http://u%zz@h/",
  ])
  func refusesWhatAlertmanagerRefuses(text: String) {
    #expect(!RequestURIFormat.isValid(text))
  }
}
