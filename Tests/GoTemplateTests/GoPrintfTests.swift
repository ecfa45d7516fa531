// printf as Go's fmt.Sprintf prints: integer, float, string, bool and char verbs with flags,
// width and precision, `*` and `%[n]`, and the inline complaints for mismatched arguments.
import Testing
@testable import GoTemplate

@Suite("GoTemplate printf")
struct GoPrintfTests {
  private func printf(_ format: String, _ arguments: TemplateData...) -> String {
    GoPrintf.format(format, arguments)
  }

  @Test("integers")
  func integers() {
    #expect(printf("%d|%5d|%-5d|%05d|%+d|% d|%v", .int(42), .int(42), .int(42), .int(42), .int(42), .int(42), .int(42)) == "42|   42|42   |00042|+42| 42|42")
    #expect(printf("%x|%X|%#x|%o|%#o|%O|%b|%#b", .int(255), .int(255), .int(255), .int(8), .int(8), .int(8), .int(5), .int(5))
      == "ff|FF|0xff|10|010|0o10|101|0b101")
    #expect(printf("%c|%q|%U|%#U", .int(65), .int(65), .int(0x1F600), .int(65)) == "A|'A'|U+1F600|U+0041 'A'")
    #expect(printf("%.3d|%8.3d|%-8.3d|", .int(7), .int(7), .int(7)) == "007|     007|007     |")
    #expect(printf("%05d|%x|%#08x|%-05d|", .int(-42), .int(-255), .int(255), .int(42)) == "-0042|-ff|0x000000ff|42   |")
    #expect(printf("%.0d|%5.0d|", .int(0), .int(0)) == "|     |")
  }

  @Test("floats")
  func floats() {
    let value = TemplateData.float(1234.5678)
    #expect(printf("%e|%E|%.2e|%f|%.2f|%8.3f|%-8.1f|%08.2f|%+.1f", value, value, value, value, value, value, value, value, value)
      == "1.234568e+03|1.234568E+03|1.23e+03|1234.567800|1234.57|1234.568|1234.6  |01234.57|+1234.6")
    #expect(printf("%g|%g|%g|%.3g|%.3g|%G|%v", value, .float(0.00001234), .float(1e6), value, .float(0.0001234), .float(1e-7), .float(100000))
      == "1234.5678|1.234e-05|1e+06|1.23e+03|0.000123|1E-07|100000")
    #expect(printf("%.0f|%.1f|%.1f|%5.1f|% .2f|%08.3f", .float(2.5), .float(0.05), .float(0.25), .float(-1), .float(1), .float(-3.14159))
      == "2|0.1|0.2| -1.0| 1.00|-003.142")
    #expect(printf("%6.2f|%06.2f|%+f|%f", .float(.nan), .float(.infinity), .float(.nan), .float(-.infinity)) == "   NaN|  +Inf|+NaN|-Inf")
    #expect(printf("%.2g|%.1g|%.10g|%.3e", .float(100), .float(0.15), .float(1.0 / 3), .float(0)) == "1e+02|0.1|0.3333333333|0.000e+00")
    #expect(printf("%.2f", .float(1e300)).count == 304)
  }

  @Test("strings, bools and other values")
  func strings() {
    let hello = TemplateData.string("hello")
    #expect(printf("%s|%10s|%-10s|%.2s|%q|%x|% X|%#x|%v", hello, hello, hello, hello, hello, hello, hello, hello, hello)
      == "hello|     hello|hello     |he|\"hello\"|68656c6c6f|68 65 6C 6C 6F|0x68656c6c6f|hello")
    #expect(printf("%q|%+q|%#q|%5.1s|%05s", .string("a\"b\n"), .string("é"), .string("abc"), .string("héllo"), .string("ab"))
      == #""a\"b\n"|"\u00e9"|`abc`|    h|   ab"#)
    #expect(printf("%t|%5t|%v|%T|%T", .bool(true), .bool(false), .null, .list([]), .object(TemplateObject(typeName: "x.Y"))) == "true|false|<nil>|[]interface {}|x.Y")
    #expect(printf("%v|%d|%s|%q|%5d", .list([.int(1), .string("a")]), .list([.int(1), .int(2)]), .list([.string("a"), .string("b")]),
      .list([.string("a"), .string("b")]), .list([.int(1), .int(2)])) == "[1 a]|[1 2]|[a b]|[\"a\" \"b\"]|[    1     2]")
    #expect(printf("%v|%d", .map(["b": .int(1), "a": .int(2)]), .map(["a": .int(2)])) == "map[a:2 b:1]|map[%!d(string=a):2]")
    #expect(printf("%v %d %s %.1f", .duration(1_500_000_000), .duration(1_500_000_000), .duration(1_500_000_000), .float(2))
      == "1.5s 1500000000 1.5s 2.0")
    #expect(printf("%s", .time(0)) == "1970-01-01 00:00:00 +0000 UTC")
    #expect(printf("%s", .safeHTML("<b>")) == "<b>")
  }

  @Test("mismatched verbs and arguments are reported inline")
  func complaints() {
    #expect(printf("%d", .string("x")) == "%!d(string=x)")
    #expect(printf("%s|%d|%f|%z|%t", .int(5), .float(1.5), .int(5), .int(5), .int(1)) == "%!s(int=5)|%!d(float64=1.5)|%!f(int=5)|%!z(int=5)|%!t(int=1)")
    #expect(printf("%d", .null) == "%!d(<nil>)")
    #expect(printf("%d", .time(0)) == "%!d(time.Time=1970-01-01 00:00:00 +0000 UTC)")
    #expect(printf("%d %s", .int(1)) == "1 %!s(MISSING)")
    #expect(printf("%d", .int(1), .int(2), .string("x"), .null) == "1%!(EXTRA int=2, string=x, <nil>)")
    #expect(printf("abc%") == "abc%!(NOVERB)")
    #expect(printf("100%% %d", .int(5)) == "100% 5")
    #expect(printf("%5d", .string("ab")) == "%!d(string=   ab)")
    #expect(printf("%é", .int(1)) == "%!é(int=1)")
  }

  @Test("argument indexes and * widths")
  func indexes() {
    #expect(printf("%[2]d %[1]d", .int(1), .int(2)) == "2 1")
    #expect(printf("%[3]d", .int(1)) == "%!d(BADINDEX)")
    #expect(printf("%[1]d %[1]x %d", .int(10), .int(11)) == "10 a 11")
    #expect(printf("%*d|%-*d|%.*f", .int(5), .int(42), .int(4), .int(7), .int(2), .float(3.14159)) == "   42|7   |3.14")
    #expect(printf("%*d|", .int(-4), .int(1)) == "1   |")
    #expect(printf("%*d", .string("x"), .int(1)) == "%!(BADWIDTH)1")
    #expect(printf("%.*d", .string("x"), .int(1)) == "%!(BADPREC)1")
    #expect(printf("%10000000d", .int(1)) == "%!(NOVERB)%!(EXTRA int=1)")
  }

  @Test("sprint and sprintln")
  func sprint() {
    #expect(GoPrintf.sprint([.int(1), .int(2), .string("a"), .string("b"), .int(3)]) == "1 2ab3")
    #expect(GoPrintf.sprintln([.string("a"), .int(1)]) == "a 1\n")
    #expect(GoPrintf.sprint([]) == "")
  }
}
