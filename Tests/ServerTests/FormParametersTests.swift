// Form parameters read as Go's ParseForm reads them: keys and values percent-decoded, `+` as a
// space, repeated keys in order, a key without `=` as an empty value.
@testable import Server
import Testing

struct FormParametersTests {
  @Test func decodesKeysAndValuesLikeGo() {
    let form = FormParameters(encoded: "match%5B%5D=up%7Bjob%3D%22a%22%7D&match[]=b+c&start=1.5&flag&=x")
    #expect(form.all("match[]") == [#"up{job="a"}"#, "b c"])
    #expect(form.first("start") == "1.5")
    #expect(form.first("flag") == "")
    #expect(form.first("missing") == nil)
    #expect(FormParameters(encoded: "a=%zz").first("a") == "%zz")
  }
}
