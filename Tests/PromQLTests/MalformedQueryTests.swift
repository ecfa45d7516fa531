// Malformed queries and the exact error Prometheus reports for each (`line:column: parse error:
// message`). Most cases and their messages come from Prometheus's own parser tests; the others
// follow the same rules. Every one must fail with a ParseError, never trap.
import PromQL
import Testing

@Suite struct MalformedQueryTests {
  static let longNumber = String(repeating: "9", count: 309)

  static let cases: [(String, String)] = [
    // Empty input, literals, lexing.
    ("", "1:1: parse error: no expression found in input"),
    ("# just a comment\n\n", "1:1: parse error: no expression found in input"),
    ("1+", "1:3: parse error: unexpected end of input"),
    (".", "1:1: parse error: unexpected character: '.'"),
    ("2.5.", "1:1: parse error: bad number or duration syntax: \"2.5.\""),
    ("100..4", "1:1: parse error: bad number or duration syntax: \"100..\""),
    ("0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\""),
    ("1 /", "1:4: parse error: unexpected end of input"),
    ("*1", "1:1: parse error: unexpected <op:*>"),
    ("(1))", "1:5: parse error: unexpected right parenthesis ')'"),
    ("((1)", "1:5: parse error: unclosed left parenthesis"),
    (longNumber, "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"\(longNumber)\": value out of range"),
    ("(", "1:2: parse error: unclosed left parenthesis"),
    ("1 !~ 1", "1:3: parse error: unexpected character after '!': '~'"),
    ("1 =~ 1", "1:3: parse error: unexpected character after '=': '~'"),
    ("*test", "1:1: parse error: unexpected <op:*>"),
    ("@@", "1:1: parse error: unexpected <op:@>"),
    ("-=", "1:2: parse error: unexpected \"=\""),
    ("++-++-+-+-<", "1:11: parse error: unexpected <op:<>"),
    ("e-+=/(0)", "1:4: parse error: unexpected \"=\""),
    ("`\\``", "1:4: parse error: unterminated raw string"),
    ("\"\\", "1:1: parse error: escape sequence not terminated"),
    ("\"\\c\"", "1:1: parse error: unknown escape sequence U+0063 'c'"),
    ("\"\\x.\"", "1:1: parse error: illegal character U+002E '.' in escape sequence"),
    ("foo{a=\"\\q\"}", "1:7: parse error: unknown escape sequence U+0071 'q'"),
    ("'abc", "1:1: parse error: unterminated quoted string"),
    ("\"a\nb\"", "1:1: parse error: unterminated quoted string"),
    ("\"\\uD800\"", "1:1: parse error: escape sequence is an invalid Unicode code point"),
    ("foo bar", "1:5: parse error: unexpected identifier \"bar\""),
    ("foo]", "1:4: parse error: unexpected right bracket ']'"),
    ("foo{a=\"b\"}}", "1:11: parse error: unexpected character: '}'"),
    ("foo == bool", "1:12: parse error: unexpected end of input"),
    ("1 + 2 +", "1:8: parse error: unexpected end of input"),
    ("rate(x[5m]", "1:11: parse error: unclosed left parenthesis"),
    ("foo +\n  bar baz", "2:7: parse error: unexpected identifier \"baz\""),
    ("foo $ bar", "1:5: parse error: unexpected character: '$'"),
    ("foo é", "1:5: parse error: unexpected character: 'é'"),
    // Scalar and set operators, bool, vector matching.
    ("1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
    ("1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier"),
    ("1 or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
    ("1 unless 1", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression"),
    ("foo and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
    ("1 and foo", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
    ("foo or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
    ("1 or foo", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
    ("foo unless 1", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression"),
    ("1 unless foo", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression"),
    ("scalar(x) and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
    ("1 or on(bar) foo", "1:1: parse error: vector matching only allowed between instant vectors"),
    ("foo == on(bar) 10", "1:1: parse error: vector matching only allowed between instant vectors"),
    ("foo + group_left(baz) bar", "1:7: parse error: unexpected <group_left>"),
    ("a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>"),
    ("foo + on(a) bool bar", "1:13: parse error: unexpected <bool>"),
    ("foo and on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"and\" operation"),
    ("foo and on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"and\" operation"),
    ("foo or on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"or\" operation"),
    ("foo or on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"or\" operation"),
    ("foo unless on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"unless\" operation"),
    ("foo unless on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"unless\" operation"),
    ("http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}",
     "1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once"),
    ("foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators"),
    ("foo + bool 10", "1:5: parse error: bool modifier can only be used on comparison operators"),
    ("foo and bool 10", "1:5: parse error: bool modifier can only be used on comparison operators"),
    ("1 + \"a\"", "1:5: parse error: binary expression must contain only scalar and instant vector types"),
    ("\"a\" + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"),
    ("foo[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"),
    ("1 - foo[5m:]", "1:5: parse error: binary expression must contain only scalar and instant vector types"),
    ("-\"string\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
    ("-test[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\""),
    // Selectors.
    ("{", "1:2: parse error: unexpected end of input inside braces"),
    ("}", "1:1: parse error: unexpected character: '}'"),
    ("some{", "1:6: parse error: unexpected end of input inside braces"),
    ("some}", "1:5: parse error: unexpected character: '}'"),
    ("foo{a=\"b\"", "1:10: parse error: unexpected end of input inside braces"),
    ("some_metric{a=b}", "1:15: parse error: unexpected identifier \"b\" in label matching, expected string"),
    ("some_metric{a:b=\"b\"}", "1:14: parse error: unexpected character inside braces: ':'"),
    ("foo{a*\"b\"}", "1:6: parse error: unexpected character inside braces: '*'"),
    ("foo{a>=\"b\"}", "1:6: parse error: unexpected character inside braces: '>'"),
    ("foo{gibberish}", "1:14: parse error: unexpected \"}\" in label matching, expected label matching operator"),
    ("foo{1}", "1:5: parse error: unexpected character inside braces: '1'"),
    ("foo{{a=\"b\"}", "1:5: parse error: unexpected left brace '{'"),
    ("foo{a!\"b\"}", "1:6: parse error: unexpected character after '!' inside braces: '\"'"),
    ("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
    ("{x=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
    ("{x=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
    ("{x!~\".+\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
    ("{x!=\"a\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
    ("{__name__=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
    ("rate({a=\"\"}[5m])", "1:6: parse error: vector selector must contain at least one non-empty matcher"),
    ("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""),
    ("foo{__name__= =}", "1:15: parse error: unexpected \"=\" in label matching, expected string"),
    ("foo{,}", "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\""),
    ("foo{a=\"b\",,}", "1:11: parse error: unexpected \",\" in label matching, expected identifier or \"}\""),
    ("foo{__name__ == \"bar\"}", "1:15: parse error: unexpected \"=\" in label matching, expected string"),
    ("foo{__name__=\"bar\" lol}", "1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\""),
    ("foo{\"a\"=}", "1:9: parse error: unexpected \"}\" in label matching, expected string"),
    ("foo{a=~\"b\" c=\"d\"}", "1:12: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\""),
    // Ranges, offsets and @.
    ("foo[5mm]", "1:5: parse error: bad number or duration syntax: \"5mm\""),
    ("foo[5m1]", "1:5: parse error: bad number or duration syntax: \"5m1\""),
    ("foo[5m:1m1]", "1:8: parse error: bad number or duration syntax: \"1m1\""),
    ("foo[5y1hs]", "1:5: parse error: unknown unit \"hs\" in duration \"5y1hs\""),
    ("foo[5m1h]", "1:5: parse error: not a valid duration string: \"5m1h\""),
    ("foo[5m1m]", "1:5: parse error: not a valid duration string: \"5m1m\""),
    ("foo[0m]", "1:5: parse error: duration must be greater than 0"),
    ("foo[\"5m\"]", "1:5: parse error: unexpected character in duration expression: '\"'"),
    ("foo[]", "1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"),
    ("foo[-1]", "1:5: parse error: duration must be greater than 0"),
    ("foo[5m", "1:7: parse error: unclosed left bracket"),
    ("foo{bar=\"baz\"}[", "1:16: parse error: unexpected end of input in duration expression"),
    ("foo[:5m]", "1:6: parse error: unexpected colon before duration in duration expression"),
    ("foo[5m:1m:]", "1:10: parse error: unexpected colon ':'"),
    ("foo[5s x 5s]", "1:8: parse error: unexpected character: 'x', expected ':'"),
    ("foo[5s s 5s]", "1:8: parse error: unexpected character: 's', expected ':'"),
    ("foo[5m [5m]]", "1:8: parse error: unexpected left bracket '['"),
    ("foo[1m] [1m]", "1:9: parse error: ranges only allowed for vector selectors"),
    ("1[5m] smoothed", "1:2: parse error: ranges only allowed for vector selectors"),
    ("(foo + bar)[5m]", "1:12: parse error: ranges only allowed for vector selectors"),
    ("rate(food[1m])[1h] offset 1h", "1:15: parse error: ranges only allowed for vector selectors"),
    ("rate(food[1m])[1h] @ 100", "1:15: parse error: ranges only allowed for vector selectors"),
    ("some_metric[5m] OFFSET 1mm", "1:24: parse error: bad number or duration syntax: \"1mm\""),
    ("some_metric[5m] OFFSET", "1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()"),
    ("some_metric OFFSET 1m[5m]", "1:22: parse error: no offset modifiers allowed before range"),
    ("some_metric[5m] @", "1:18: parse error: unexpected end of input in @, expected timestamp"),
    ("some_metric @ 1234 [5m]", "1:20: parse error: no @ modifiers allowed before range"),
    ("some_metric @ start() [5m]", "1:23: parse error: no @ modifiers allowed before range"),
    ("some_metric @ end()[5m]", "1:20: parse error: no @ modifiers allowed before range"),
    ("1 offset 1d", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
    ("sum(x) offset 5m", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
    ("vector(1) offset 1m", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
    ("foo offset 1s offset 2s", "1:1: parse error: offset may not be set multiple times"),
    ("foo[5m:1m] offset 1m offset 1m", "1:1: parse error: offset may not be set multiple times"),
    ("time() - foo offset 1s offset 1s", "1:10: parse error: offset may not be set multiple times"),
    ("rate(some_metric[5m]) @ 1234", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
    ("foo offset 5m @ 10 @ 20", "1:1: parse error: @ <timestamp> may not be set multiple times"),
    ("foo @ +Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
    ("foo @ -Inf", "1:1: parse error: timestamp out of bounds for @ modifier: -Inf"),
    ("foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN"),
    ("foo @ 9223372036854775808", "1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000"),
    ("foo @ end", "1:10: parse error: unexpected end of input in @, expected timestamp"),
    ("foo @ bar", "1:7: parse error: unexpected identifier \"bar\" in @, expected timestamp"),
    // Subqueries.
    ("test[5d] OFFSET 10s [10m:5s]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
    ("(foo + bar{nm=\"val\"})[5m:][10m:5s]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
    ("min_over_time(foo[1m:] [1m:])", "1:15: parse error: subquery is only allowed on instant vector, got matrix instead"),
    ("\"a\"[5m:]", "1:1: parse error: subquery is only allowed on instant vector, got string instead"),
    // Aggregations.
    ("sum by (\"foo)(some_metric{})", "1:9: parse error: unterminated quoted string"),
    ("sum without(==)(some_metric)", "1:13: parse error: unexpected <op:==> in grouping opts, expected label"),
    ("sum without(,)(some_metric)", "1:13: parse error: unexpected \",\" in grouping opts, expected label"),
    ("sum without(foo,,)(some_metric)", "1:17: parse error: unexpected \",\" in grouping opts, expected label"),
    ("sum by (\"\") (x)", "1:9: parse error: invalid label name for grouping: \"\""),
    ("sum by (inf) (x)", "1:9: parse error: unexpected number \"inf\" in grouping opts, expected label"),
    ("foo[5m:0s]", "1:8: parse error: duration must be greater than 0"),
    ("foo[5m:-1m]", "1:8: parse error: duration must be greater than 0"),
    ("foo[5m:bar]", "1:8: parse error: unexpected character: 'b', expected ':'"),
    ("foo[5m:1m x]", "1:11: parse error: unexpected character: 'x', expected ':'"),
    ("foo[5m 1m]", "1:8: parse error: unexpected duration \"1m\" in subquery or range, expected \":\" or \"]\""),
    ("foo[5m:1m 1m]", "1:11: parse error: unexpected duration \"1m\" in subquery selector, expected \"]\""),
    ("foo[5m:,]", "1:8: parse error: unexpected \",\" in subquery selector, expected number, duration, step(), range(), or \"]\""),
    ("sum by (a b) (x)", "1:11: parse error: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\""),
    ("sum some_metric by (test)", "1:5: parse error: unexpected identifier \"some_metric\""),
    ("sum (some_metric) by test", "1:22: parse error: unexpected identifier \"test\" in grouping opts, expected \"(\""),
    ("sum () by (test)", "1:1: parse error: no arguments for aggregate expression provided"),
    ("MIN keep_common (some_metric)", "1:5: parse error: unexpected identifier \"keep_common\""),
    ("MIN (some_metric) keep_common", "1:19: parse error: unexpected identifier \"keep_common\""),
    ("sum (some_metric) without (test) by (test)", "1:34: parse error: unexpected <by>"),
    ("sum without (test) (some_metric) by (test)", "1:34: parse error: unexpected <by>"),
    ("sum by (a) x", "1:12: parse error: unexpected identifier \"x\" in aggregation"),
    ("topk(1, x) by", "1:14: parse error: unexpected end of input in grouping opts, expected \"(\""),
    ("topk(some_metric)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
    ("quantile(0.5)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
    ("sum(x, y)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2"),
    ("topk(some_metric,)", "1:17: parse error: trailing commas not allowed in function call args"),
    ("topk(some_metric, other_metric)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"),
    ("count_values(5, other_metric)", "1:14: parse error: expected type string in aggregation parameter, got scalar"),
    ("sum(foo[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector"),
    ("avg(\"a\")", "1:5: parse error: expected type instant vector in aggregation expression, got string"),
    ("sum(1)", "1:5: parse error: expected type instant vector in aggregation expression, got scalar"),
    // Function calls.
    ("floor()", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0"),
    ("floor(some_metric, other_metric)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2"),
    ("floor(some_metric, 1)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2"),
    ("floor(1)", "1:7: parse error: expected type instant vector in call to function \"floor\", got scalar"),
    ("hour(some_metric, some_metric, some_metric)", "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3"),
    ("time(some_metric)", "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"),
    ("non_existent_function_far_bar()", "1:1: parse error: unknown function with name \"non_existent_function_far_bar\""),
    ("rate(some_metric)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
    ("a>b()", "1:3: parse error: unknown function with name \"b\""),
    ("rate(avg)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
    ("abs(foo[5m])", "1:5: parse error: expected type instant vector in call to function \"abs\", got range vector"),
    ("label_replace(x, \"a\")", "1:1: parse error: expected 5 argument(s) in call to \"label_replace\", got 2"),
    ("label_join(x)", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1"),
    ("label_join(x, \"a\", \"b\", 1)", "1:25: parse error: expected type string in call to function \"label_join\", got scalar"),
    ("round(x, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3"),
    ("histogram_quantile(x, 0.9)", "1:20: parse error: expected type scalar in call to function \"histogram_quantile\", got instant vector"),
    ("rate(x y)", "1:8: parse error: unexpected identifier \"y\""),
    ("sum(\nrate(x)\n)", "2:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
    ("info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})",
     "1:46: parse error: expected label selectors only, got vector selector instead"),
    ("info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)", "1:51: parse error: expected label selectors only"),
    ("on(a)", "1:1: parse error: unexpected <on>"),
    ("bool", "1:1: parse error: unexpected <bool>"),
    ("atan2", "1:1: parse error: unexpected <op:atan2>"),
    ("(foo bar)", "1:6: parse error: unexpected identifier \"bar\""),
  ]

  @Test func tableHasEnoughCases() {
    #expect(Self.cases.count >= 120)
  }

  @Test(arguments: cases)
  func reportsPrometheusError(query: String, expected: String) {
    #expect(renderedError(query) == expected, "\(query)")
  }

  @Test func invalidRegexNamesTheMatcher() {
    let message = renderedError("foo{a=~\"(\"}")
    #expect(message?.hasPrefix("1:5: parse error: ") == true)
    #expect(message?.contains("(") == true)
  }

  @Test func limits() {
    let deep = String(repeating: "(", count: PromQLParser.maxDepth + 5) + "1" + String(repeating: ")", count: PromQLParser.maxDepth + 5)
    #expect(renderedError(deep)?.contains("nested too deeply") == true)
    let shallow = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
    #expect(renderedError(shallow) == nil)
    let chain = Array(repeating: "x", count: PromQLParser.maxDepth + 5).joined(separator: " + ")
    #expect(renderedError(chain)?.contains("nested too deeply") == true)
    let unary = String(repeating: "-", count: PromQLParser.maxDepth + 5) + "1"
    #expect(renderedError(unary)?.contains("nested too deeply") == true)
    let subqueries = "x" + String(repeating: "[1m:]", count: PromQLParser.maxDepth + 5)
    #expect(renderedError(subqueries) != nil)
    // Just inside the limit, the deepest trees parse, type-check, print and format.
    let depth = PromQLParser.maxDepth - 10
    for query in [
      String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
      String(repeating: "abs(", count: depth) + "x" + String(repeating: ")", count: depth),
      String(repeating: "sum by (a) (", count: depth / 2) + "-x" + String(repeating: ")", count: depth / 2),
      Array(repeating: "x", count: depth).joined(separator: " + "),
    ] {
      guard case .success(let tree) = parseQuery(query) else {
        Issue.record("deep query did not parse: \(query.prefix(40))...: \(String(describing: renderedError(query)))")
        continue
      }
      #expect(tree.description.utf8.count >= depth)
      #expect(!tree.prettyFormatted().isEmpty)
    }
    let long = "x" + String(repeating: " ", count: PromQLParser.maxQueryBytes)
    #expect(renderedError(long) == "1:1: parse error: query is too long: \(PromQLParser.maxQueryBytes + 1) bytes, the limit is \(PromQLParser.maxQueryBytes) bytes")
  }
}
