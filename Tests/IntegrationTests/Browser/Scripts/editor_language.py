"""The query editor's language code, run in the browser as the UI runs it: the tokenizer colours
PromQL and LogQL as expected, the completion context at a caret (marked § in each case) is the
right one, and LogQL line filters become the highlighter used on result lines."""
import json

from wardenbrowser import run

TOKENS = [
    ("promql", 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m] offset 1h)) / 2 # note',
     "aggregation:sum keyword:by punct:( label:job punct:) punct:( function:rate punct:( metric:http_requests_total "
     "punct:{ label:code operator:=~ string:\"5..\" punct:} punct:[ duration:5m punct:] keyword:offset duration:1h "
     "punct:) punct:) operator:/ number:2 comment:# note"),
    ("promql", "histogram_quantile(0.9, x_bucket[$__rate_interval]) > bool 1e3",
     "function:histogram_quantile punct:( number:0.9 operator:, metric:x_bucket punct:[ variable:$__rate_interval "
     "punct:] punct:) operator:> keyword:bool number:1e3"),
    ("logql", '{job="x"} |= "a" or "b" != `c` | json | status >= 400 | line_format "{{.msg}}"',
     "punct:{ label:job operator:= string:\"x\" punct:} operator:|= string:\"a\" keyword:or string:\"b\" operator:!= "
     "string:`c` operator:| stage:json operator:| label:status operator:>= number:400 operator:| stage:line_format "
     "string:\"{{.msg}}\""),
]

CONTEXTS = [
    ("promql", "rat§", "top"), ("promql", "foo{§", "label"), ("promql", 'foo{a="b", j§ob="x"}', "label"),
    ("promql", "foo{job=§}", "value"), ("promql", 'foo{job="w§', "value"), ("promql", "sum by (§) (foo)", "grouping"),
    ("promql", "sum(foo) by (a, §)", "grouping"), ("promql", "rate(foo[§", "duration"), ("promql", "foo §", "top"),
    ("logql", "{§", "label"), ("logql", '{job="x"} | §', "stage"), ("logql", '{job="x"} | js§', "stage"),
    ("logql", '{job="x"} |= "§', "none"), ("logql", '{job="x"} | drop §', "pipeline-label"),
]


def scenario(s):
    s.open("/explore")
    result = s.driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const [tokens, contexts, cases] = [arguments[0], arguments[1], null];
        Promise.all([import('/ui/js/editor/tokenizer.js'), import('/ui/js/editor/completions.js'), import('/ui/js/editor/log-filters.js')])
          .then(([t, c, f]) => {
            const out = {tokens: [], contexts: [], marks: null, offset: null};
            for (const [lang, text] of tokens)
              out.tokens.push(t.tokenize(text, lang).filter(x => x.type !== 'space').map(x => x.type + ':' + x.text).join(' '));
            for (const [lang, marked] of contexts) {
              const at = marked.indexOf('§');
              out.contexts.push(c.contextAt(marked.replace('§', ''), at, lang).kind);
            }
            out.marks = f.markMatches('An Error <b> x ERRR', f.highlighter('{a="b"} |~ "(?i)er+" |= "<b>" != "x"'));
            out.offset = t.offsetOf('ab\\ncde\\nf', 2, 3);
            done(out);
          }, (e) => done({error: String(e)}));
    """, [[l, t] for l, t, _ in TOKENS], [[l, t] for l, t, _ in CONTEXTS])
    s.check("the modules load", "error" not in result, result.get("error"))
    for (lang, text, want), got in zip(TOKENS, result.get("tokens", [])):
        s.check(f"{lang} tokens of {text!r}", got == want, got)
    for (lang, text, want), got in zip(CONTEXTS, result.get("contexts", [])):
        s.check(f"{lang} completion context at {text!r} is {want}", got == want, got)
    s.check("line filters mark their matches (case-insensitive regex, literal with HTML, not the negative one)",
            result.get("marks") == "An <mark>Err</mark>or <mark>&lt;b&gt;</mark> x <mark>ERRR</mark>", result.get("marks"))
    s.check("a server's line:column becomes an offset", result.get("offset") == 5, result.get("offset"))


run(scenario)
