package markdown

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func render(t *testing.T, fields []Field, abbrs []Abbr) (string, *Doc) {
	t.Helper()
	e := New()
	d := e.Parse(fields, "")
	h, err := e.Render(d, func(kind, id string) (string, bool) { return "../" + kind + "/" + id + ".html", true }, NewAbbrs(abbrs), map[string]bool{})
	if err != nil {
		t.Fatal(err)
	}
	return string(h), d
}

func TestHeadingIDs(t *testing.T) {
	h, _ := render(t, []Field{{Key: "body", Text: "## 1.1 本書の主旨\n\n## 概要・特徴\n\n## 概要・特徴\n\n## ISMS との関連性\n"}}, nil)
	for _, want := range []string{`<h2 id="1-1-本書の主旨">`, `<h2 id="概要特徴">`, `<h2 id="概要特徴-1">`, `<h2 id="isms-との関連性">`} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %s in\n%s", want, h)
		}
	}
}

func TestFieldsShareFootnotes(t *testing.T) {
	h, d := render(t, []Field{
		{Key: "ja.overview", Heading: "概要・特徴", HeadingID: "overview", Text: "- 一つ目[^1]\n- 二つ目"},
		{Key: "ja.isms", Heading: "ISMS との関連性", HeadingID: "isms", Text: "関連[^2]。"},
		{Key: "ja.notes", Text: "[^1]: 注一。\n\n[^2]: 注二。", Notes: true},
	}, nil)
	if len(d.Problems) > 0 {
		t.Fatalf("problems: %+v", d.Problems)
	}
	for _, want := range []string{`<h2 id="overview">概要・特徴</h2>`, `<h2 id="isms">ISMS との関連性</h2>`, `href="#fn:2"`, `<li id="fn:1">`, "注二。"} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %s in\n%s", want, h)
		}
	}
	if strings.Index(h, `id="isms"`) > strings.Index(h, `class="footnotes"`) {
		t.Error("the footnotes come before the last field")
	}
}

func TestReferencesAndLinks(t *testing.T) {
	h, d := render(t, []Field{{Key: "body", Text: "前文 [規格](std:iso-iec-27017) と [制度](scheme:ismap)、<https://example.org/a?b=1>、<mail@example.org>"}}, nil)
	if len(d.Refs) != 2 || d.Refs[0].Kind != "standard" || d.Refs[0].ID != "iso-iec-27017" || d.Refs[0].Offset != len("前文 [規格](") {
		t.Errorf("refs: %+v", d.Refs)
	}
	// An autolink, whose text is its URL, is marked so that print does not add the URL again.
	for _, want := range []string{`<a href="../standard/iso-iec-27017.html">規格</a>`, `<a href="../scheme/ismap.html">制度</a>`, `<a href="https://example.org/a?b=1" rel="noopener" class="url">`, `href="mailto:mail@example.org" class="url"`} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %s in\n%s", want, h)
		}
	}
}

func TestAbbreviations(t *testing.T) {
	abbrs := []Abbr{{Abbr: "ISMS", Title: "情報セキュリティマネジメントシステム"}, {Abbr: "ISMS-AC", Title: "情報マネジメントシステム認定センター"}}
	h, _ := render(t, []Field{
		{Key: "a", Heading: "ISMS との関連性", HeadingID: "isms", Text: "ISMS-AC が認定する。ISMS 認証と ISMS。"},
	}, abbrs)
	if n := strings.Count(h, "<abbr"); n != 2 {
		t.Errorf("%d abbreviations marked, want 2 (the first of each):\n%s", n, h)
	}
	if !strings.Contains(h, `<abbr title="情報マネジメントシステム認定センター">ISMS-AC</abbr> が認定する。<abbr title="情報セキュリティマネジメントシステム">ISMS</abbr> 認証と ISMS。`) {
		t.Errorf("abbreviations not marked on first use as whole words:\n%s", h)
	}
	if strings.Contains(h, `<h2 id="isms"><abbr`) {
		t.Error("an abbreviation marked inside a heading")
	}
}

// TestAbbreviationLinks checks that an abbreviation with a glossary entry links to it,
// except inside a link, where it stays a plain abbreviation.
func TestAbbreviationLinks(t *testing.T) {
	abbrs := []Abbr{{Abbr: "ISMS", Title: "x", ID: "isms"}, {Abbr: "CSP", Title: "y", ID: "csp"}, {Abbr: "NIST", Title: "z"}}
	h, _ := render(t, []Field{{Key: "a", Text: "[ISMS の規格](std:iso-iec-27001)、CSP と NIST。"}}, abbrs)
	for _, want := range []string{
		`<a href="../standard/iso-iec-27001.html"><abbr title="x">ISMS</abbr> の規格</a>`,
		`<a class="abbr" href="../page/glossary.html#csp"><abbr title="y">CSP</abbr></a>`,
		`<abbr title="z">NIST</abbr>。`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %s in\n%s", want, h)
		}
	}
}

func TestTextSkipsInsertedHeadings(t *testing.T) {
	_, d := render(t, []Field{{Key: "a", Heading: "見出し", HeadingID: "a", Text: "本文 ISMS。"}}, []Abbr{{Abbr: "ISMS", Title: "x"}})
	if have := strings.TrimSpace(d.Text()); have != "本文 ISMS。" {
		t.Errorf("Text() = %q", have)
	}
}

// TestParts checks that the text is cut per field, under its heading, with the
// footnotes apart, and that the parts together are the text.
func TestParts(t *testing.T) {
	d := New().Parse([]Field{
		{Key: "lead", Text: "前文。"},
		{Key: "empty", Heading: "空", HeadingID: "empty", Text: " "},
		{Key: "a", Heading: "概要", HeadingID: "a", Text: "- 一つ目[^1]\n- 二つ目"},
		{Key: "b", Heading: "ISMS との関連性", HeadingID: "b", Text: "関連する。"},
		{Key: "n", Text: "[^1]: 注の本文。", Notes: true},
	}, "")
	type part struct {
		Heading string
		Notes   bool
		Text    string
	}
	var have []part
	joined := ""
	for _, p := range d.TextParts() {
		have = append(have, part{p.Heading, p.Notes, strings.TrimSpace(p.Text)})
		joined += p.Text
	}
	want := []part{{"", false, "前文。"}, {"概要", false, "一つ目\n\n二つ目"}, {"ISMS との関連性", false, "関連する。"}, {"", true, "注の本文。"}}
	if !slices.Equal(have, want) {
		t.Errorf("TextParts() = %+v\nwant %+v", have, want)
	}
	if strings.TrimSpace(joined) != strings.TrimSpace(d.Text()) {
		t.Errorf("the parts make %q, the text is %q", joined, d.Text())
	}
}

// TestRenderTwice checks that rendering leaves the document as it was: a second page that
// shows it (the full edition) marks the same first occurrences.
func TestRenderTwice(t *testing.T) {
	e := New()
	d := e.Parse([]Field{{Key: "a", Text: "ISMS と ISMS。[^1]"}, {Key: "n", Text: "[^1]: 注。", Notes: true}}, "")
	abbrs := NewAbbrs([]Abbr{{Abbr: "ISMS", Title: "x"}})
	resolve := func(kind, id string) (string, bool) { return "", true }
	first, _ := e.Render(d, resolve, abbrs, map[string]bool{})
	prefixed, _ := e.RenderPrefixed(d, resolve, abbrs, map[string]bool{}, "p")
	again, _ := e.Render(d, resolve, abbrs, map[string]bool{})
	if first != again {
		t.Errorf("rendering changed the document:\n%s\n%s", first, again)
	}
	if strings.Count(string(prefixed), "<abbr") != 1 || !strings.Contains(string(prefixed), `id="p-fn:1"`) {
		t.Errorf("prefixed rendering:\n%s", prefixed)
	}
	if !strings.HasPrefix(d.Text(), "ISMS と ISMS。") {
		t.Errorf("Text() = %q", d.Text())
	}
}

// TestFootnoteRefs checks the footnote scanner against the regular expressions it
// replaced, on every string of up to 7 bytes over an alphabet of the bytes that matter,
// and on longer random ones.
func TestFootnoteRefs(t *testing.T) {
	marker := regexp.MustCompile(`\[\^([^\]\s]+)\]`)
	def := regexp.MustCompile(`(?m)^\[\^([^\]\s]+)\]:`)
	alphabet := []string{"[", "^", "]", ":", "\n", " ", "a", "\t", "\v", "\r", "あ", "\xff"}
	check := func(s string) {
		t.Helper()
		for _, c := range []struct {
			re   *regexp.Regexp
			defs bool
		}{{marker, false}, {def, true}} {
			var want [][3]int
			for _, m := range c.re.FindAllStringSubmatchIndex(s, -1) {
				want = append(want, [3]int{m[0], m[2], m[3]})
			}
			if got := footnoteRefs([]byte(s), c.defs); !slices.Equal(got, want) {
				t.Fatalf("footnoteRefs(%q, %v) = %v, want %v", s, c.defs, got, want)
			}
		}
	}
	var walk func(prefix string, n int)
	walk = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for _, a := range alphabet[:7] {
			walk(prefix+a, n-1)
		}
	}
	walk("", 7)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		check(b.String())
	}
}

// TestFigureParts checks that a figure reference alone in its paragraph cuts the text
// for the figure, with its text as the caption, that rendered whole it is a link, and
// that a figure reference inside a sentence is a problem.
func TestFigureParts(t *testing.T) {
	e := New()
	resolve := func(kind, id string) (string, bool) { return "../" + kind + "/" + id + ".html", true }
	d := e.Parse([]Field{{Key: "body", Text: "前の段落[^1]。\n\n[図 1-1 *制度*と規格](figure:figure-1-1)\n\n後の段落。"}, {Key: "notes", Text: "[^1]: 注。", Notes: true}}, "")
	if len(d.Problems) > 0 || len(d.Refs) != 1 || d.Refs[0].Kind != "figure" {
		t.Fatalf("problems %+v, refs %+v", d.Problems, d.Refs)
	}
	parts, err := e.RenderParts(d, resolve, NewAbbrs(nil), map[string]bool{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 2 || parts[0].Figure != "figure-1-1" || parts[0].Caption != "図 1-1 制度と規格" || parts[1].Figure != "" {
		t.Fatalf("parts: %+v", parts)
	}
	if !strings.Contains(string(parts[0].HTML), "前の段落") || strings.Contains(string(parts[0].HTML), "図 1-1") ||
		!strings.Contains(string(parts[1].HTML), "後の段落") || !strings.Contains(string(parts[1].HTML), `class="footnotes"`) {
		t.Errorf("parts: %+v", parts)
	}
	whole, err := e.Render(d, resolve, NewAbbrs(nil), map[string]bool{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(whole), `<a href="../figure/figure-1-1.html">図 1-1 <em>制度</em>と規格</a>`) {
		t.Errorf("rendered whole, the figure is not a link:\n%s", whole)
	}
	bad := e.Parse([]Field{{Key: "body", Text: "See [Figure 1-1](figure:figure-1-1) here."}}, "")
	if len(bad.Problems) != 1 || !strings.Contains(bad.Problems[0].Msg, "must stand alone") || bad.Problems[0].Offset != len("See [Figure 1-1](") {
		t.Errorf("problems: %+v", bad.Problems)
	}
}

// TestRefNotes checks which footnote speaks of a card reference: the one whose marker
// follows it, or whose text holds it; and that Note gives that footnote's text, its
// continuation paragraph unindented.
func TestRefNotes(t *testing.T) {
	doc := New().Parse([]Field{
		{Key: "ja.overview", Text: "[A](std:a)[^x] と [B](std:b)、[C](std:c) [^x][^y]。"},
		{Key: "ja.notes", Notes: true, Text: "[^x]: 注。\n\n    続き、[D](std:d)。\n\n[^y]: 別。[E](std:e)"},
	}, "")
	notes := map[string]string{}
	for _, r := range doc.Refs {
		notes[r.ID] = r.Note
	}
	want := map[string]string{"a": "x", "b": "", "c": "", "d": "x", "e": "y"}
	if !reflect.DeepEqual(notes, want) {
		t.Errorf("notes of the references: %v, want %v", notes, want)
	}
	if have, want := doc.Note("x"), "注。\n\n続き、[D](std:d)。"; have != want {
		t.Errorf("Note(x) = %q, want %q", have, want)
	}
	if have := doc.Note("z"); have != "" {
		t.Errorf("Note(z) = %q, want none", have)
	}
}
