package markdown

import (
	"bytes"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark/ast"
)

// TestAbbrsMatchSearch checks the marking of abbreviations (a scan of the words of the
// source, then of the text nodes, looked up by their leading run) against the plain
// search it replaced: every abbreviation searched for in every text node of the tree,
// first position and longest first. Both mark the same occurrences of the same
// abbreviations, leave the same used map, and undo to the same tree, on documents made
// of abbreviations, near-misses and every kind of Markdown that splits text: emphasis,
// escapes (an escaped hyphen too), entities, code, links, autolinks, URLs that linkify
// ends inside a word ("https://www.ipa.go.jpISMS"), footnotes, line breaks, headings,
// lists and tables.
func TestAbbrsMatchSearch(t *testing.T) {
	list := []Abbr{
		{Abbr: "ISMS", Title: "a"}, {Abbr: "ISMS-AC", Title: "b"}, {Abbr: "FedRAMP", Title: "c"}, {Abbr: "FedRAMP PMO", Title: "d"}, {Abbr: "3PAO", Title: "e"},
		{Abbr: "IaaS", Title: "f"}, {Abbr: "SOC", Title: "g"}, {Abbr: "SOC 2", Title: "h"}, {Abbr: "(ISC)2", Title: "i"}, {Abbr: "ISMS", Title: "j"}, {Abbr: "A2LA", Title: "k"},
	}
	frags := []string{
		"ISMS", "ISMS-AC", "FedRAMP", "FedRAMP PMO", "PMO", "3PAO", "IaaS", "SOC", "SOC 2", "(ISC)2",
		"A2LA", "ISMSAC", "xISMS", "ISMS2", "-", "\\-", "\\*", "*", "**", "_", "`", "&amp;", "&#45;",
		"[", "](https://example.com/ISMS)", "](scheme:ismap)", "<", ">", "<https://ISMS.example>",
		"https://example.com/", "https://www.ipa.go.jp", "http://a@b.co", "www.example.com", "www.", "[^1]", "\n\n[^1]: ", "~~", " | ", "\n", "  \n", "\n\n",
		"\n\n# ", "\n\n- ", "\n  - ", " ", " ", " ", "。", "は", "x", "X", "1", "(", ")", ".", "、",
	}
	e := New()
	render := func(d *tree, mark func() func()) string {
		undo := mark()
		var b bytes.Buffer
		if err := e.md.Renderer().Render(&b, d.src, d.root); err != nil {
			t.Fatal(err)
		}
		undo()
		return b.String()
	}
	abbrs := NewAbbrs(list)
	rng := rand.New(rand.NewPCG(3, 4))
	marked := 0
	for range 20000 {
		var src strings.Builder
		for range 1 + rng.IntN(14) {
			src.WriteString(frags[rng.IntN(len(frags))])
		}
		used := map[string]bool{}
		for _, a := range list {
			if rng.IntN(8) == 0 {
				used[a.Abbr] = true
			}
		}
		d := e.parse([]Field{{Key: "a", Text: src.String()}}, "")
		plain := render(d, func() func() { return func() {} })
		wantUsed, gotUsed := maps.Clone(used), maps.Clone(used)
		want := render(d, func() func() { return d.searchAbbrs(list, wantUsed) })
		got := render(d, func() func() { return d.markAbbrs(abbrs, gotUsed, "") })
		if got != want || !maps.Equal(gotUsed, wantUsed) {
			t.Fatalf("%q, used %v:\n got %s (used %v)\nwant %s (used %v)", src.String(), used, got, gotUsed, want, wantUsed)
		}
		if again := render(d, func() func() { return func() {} }); again != plain {
			t.Fatalf("%q: undone, the document renders\n%s\nnot as before\n%s", src.String(), again, plain)
		}
		if strings.Contains(got, "<abbr") {
			marked++
		}
	}
	if marked < 5000 {
		t.Errorf("only %d of 20000 documents had an abbreviation marked", marked)
	}
}

// searchAbbrs is the marking of abbreviations as it was before Abbrs: each abbreviation
// searched for in the source, then in every text node, one by one. (It searched the rest
// of a text after a match as if it began a text, so that "(ISC)2" was found right after
// "IaaS" in "IaaS(ISC)2", against the rule of whole words; that is mended here too.)
func (d *tree) searchAbbrs(abbrs []Abbr, used map[string]bool) (undo func()) {
	var sorted []Abbr
	for _, a := range abbrs {
		if !used[a.Abbr] && bytes.Contains(d.src, []byte(a.Abbr)) {
			sorted = append(sorted, a)
		}
	}
	if len(sorted) == 0 {
		return func() {}
	}
	slices.SortStableFunc(sorted, func(a, b Abbr) int { return len(b.Abbr) - len(a.Abbr) })
	var texts []*ast.Text
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindHeading, ast.KindCodeSpan, ast.KindCodeBlock, ast.KindFencedCodeBlock, KindAbbr:
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			texts = append(texts, n.(*ast.Text))
		}
		return ast.WalkContinue, nil
	})
	var u abbrUndo
	for _, t := range texts {
		seg := t.Segment
		value := seg.Value(d.src)
		for from := 0; ; {
			best, at := -1, len(value)
			for i, a := range sorted {
				if used[a.Abbr] {
					continue
				}
				if j := wordIndex(value, a.Abbr, from); j >= 0 && j < at {
					best, at = i, j
				}
			}
			if best < 0 {
				break
			}
			a := sorted[best]
			used[a.Abbr] = true
			u.texts = append(u.texts, textState{t, t.Segment, t.SoftLineBreak(), t.HardLineBreak()})
			from = at + len(a.Abbr)
			rest := ast.NewTextSegment(seg.WithStart(seg.Start + from))
			rest.SetSoftLineBreak(t.SoftLineBreak())
			rest.SetHardLineBreak(t.HardLineBreak())
			t.Segment = t.Segment.WithStop(seg.Start + at)
			t.SetSoftLineBreak(false)
			t.SetHardLineBreak(false)
			node := &abbrNode{text: a.Abbr, title: a.Title}
			t.Parent().InsertAfter(t.Parent(), t, node)
			t.Parent().InsertAfter(t.Parent(), node, rest)
			u.added = append(u.added, node, rest)
			t = rest
		}
	}
	return u.run
}

// BenchmarkMarkAbbrs marks the glossary's abbreviations in the survey's scheme
// documents in both languages, by the scan of Abbrs and by the search it replaced
// (searchAbbrs), side by side.
func BenchmarkMarkAbbrs(b *testing.B) {
	files := map[string][]byte{}
	content := os.DirFS("../../../content")
	names, _ := fs.Glob(content, "schemes/*.toml")
	for _, name := range append(names, "glossary.toml") {
		src, err := fs.ReadFile(content, name)
		if err != nil {
			b.Fatal(err)
		}
		files[name] = src
	}
	var glossary struct {
		Terms []struct {
			Abbr string
			Ja   struct{ Term string }
			En   struct{ Term string }
		}
	}
	if err := toml.Unmarshal(files["glossary.toml"], &glossary); err != nil {
		b.Fatal(err)
	}
	var list []Abbr
	for _, t := range glossary.Terms {
		if t.Abbr != "" {
			list = append(list, Abbr{Abbr: t.Abbr, Title: t.En.Term})
		}
	}
	e := New()
	var docs []*tree
	for name, src := range files {
		if !strings.HasPrefix(name, "schemes/") {
			continue
		}
		var card map[string]map[string]any
		if err := toml.Unmarshal(src, &card); err != nil {
			b.Fatal(err)
		}
		for _, lang := range []string{"ja", "en"} {
			var fields []Field
			for _, k := range []string{"name", "scope", "overview", "isms", "notes"} {
				if s, ok := card[lang][k].(string); ok {
					fields = append(fields, Field{Key: k, Text: s, Notes: k == "notes"})
				}
			}
			docs = append(docs, e.parse(fields, ""))
		}
	}
	abbrs := NewAbbrs(list)
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				d.markAbbrs(abbrs, map[string]bool{}, "")()
			}
		}
	})
	b.Run("search", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				d.searchAbbrs(list, map[string]bool{})()
			}
		}
	})
}

// TestAbbrExcept checks that an abbreviation inside a phrase where it stands for something
// else is not marked up, and that its first use outside one is.
func TestAbbrExcept(t *testing.T) {
	list := []Abbr{{Abbr: "BSI", Title: "Federal Office for Information Security", Except: []string{"BSI Group", "BSI グループ"}}}
	for _, tt := range []struct{ text, want string }{
		{"BSI Group Japan と BSI グループジャパン。", "BSI Group Japan と BSI グループジャパン。"},
		{"BSI Group Singapore; the BSI publishes C5.", `BSI Group Singapore; the <abbr title="Federal Office for Information Security">BSI</abbr> publishes C5.`},
		{"The BSI and BSI Group.", `The <abbr title="Federal Office for Information Security">BSI</abbr> and BSI Group.`},
	} {
		h, _ := render(t, []Field{{Key: "a", Text: tt.text}}, list)
		if !strings.Contains(h, tt.want) {
			t.Errorf("%q renders\n%s\nwant %s", tt.text, h, tt.want)
		}
	}
}
