package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMarkdown parses and renders arbitrary Markdown with our reference links: no
// panic; every problem lies inside the field; and when there is no problem the HTML has
// no script, no raw HTML from the input and no link outside the allow-list.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"- [ISO/IEC 27017](std:iso-iec-27017)[^1] に基づく。\n  - 下位\n",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1)) [y](data:text/html,z) <https://example.org/>",
		"| a | b |\n|---|---|\n| [s](scheme:ismap) | ![i](https://x/y.png) |",
		"## 概要・特徴\n\n### ISMS との関連性\n\n[^2]",
		"[^1]: 注記\n",
		"`<b>` **太字** _強調_ ~~取消~~ www.example.org mail@example.org",
	} {
		f.Add(s, "[^1]: 注。")
	}
	e := New()
	f.Fuzz(func(t *testing.T, body, notes string) {
		if !utf8.ValidString(body) || !utf8.ValidString(notes) {
			return // the loader rejects invalid UTF-8 before Markdown sees it
		}
		doc := e.Parse([]Field{
			{Key: "body", Heading: "見出し", HeadingID: "body", Text: body},
			{Key: "notes", Text: notes, Notes: true},
		}, "")
		for _, p := range doc.Problems {
			size := len(body)
			if p.Field == "notes" {
				size = len(notes)
			}
			if p.Offset < 0 || p.Offset > size || p.Msg == "" {
				t.Errorf("problem outside its field: %+v (field size %d)", p, size)
			}
		}
		for _, r := range doc.Refs {
			if r.Offset < 0 || r.Offset > len(body)+len(notes) {
				t.Errorf("reference outside its field: %+v", r)
			}
		}
		html, err := e.Render(doc, func(kind, id string) (string, bool) { return kind + "/" + id + ".html", true }, NewAbbrs([]Abbr{{Abbr: "ISMS", Title: "情報セキュリティ"}}), map[string]bool{})
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Problems) > 0 {
			return
		}
		low := strings.ToLower(string(html))
		for _, bad := range []string{"<script", "javascript:", "data:text", "<iframe", "<img", " onerror="} {
			if strings.Contains(low, bad) {
				t.Errorf("accepted input rendered %q:\n%s", bad, html)
			}
		}
	})
}
