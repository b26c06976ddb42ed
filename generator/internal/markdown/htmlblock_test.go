package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// goldmarkOpensHTMLBlock reports whether goldmark's own HTML block parser opens a block
// on line, at the start of a document and after a paragraph (where type 7 cannot).
func goldmarkOpensHTMLBlock(line string) bool {
	bp := parser.NewHTMLBlockParser()
	for _, last := range []ast.Node{nil, ast.NewParagraph()} {
		pc := parser.NewContext()
		if last != nil {
			pc.SetOpenedBlocks([]parser.Block{{Node: last, Parser: parser.NewParagraphParser()}})
		}
		if n, _ := bp.Open(ast.NewDocument(), text.NewReader([]byte(line)), pc); n != nil {
			return true
		}
	}
	return false
}

var htmlBlockLines = []string{
	"<div>", "<div>\n", "<DIV class=\"x\">\n", "</div>", "</ div>", "<div/>", "<div\tid=a>",
	"   <p>", "    <p>", "\t<p>", "<script", "<script>x</script>", "<pre\n", "<style>",
	"<textarea>", "<!-- c -->", "<!DOCTYPE html>", "<![CDATA[ x ]]>", "<?php", "<?",
	"<a href=\"x\">", "<a href=\"x\">text", "<my-tag>", "<x1>", "<custom attr>\r\n",
	"<https://example.org/>", "<https://example.org/>\n", "<mailto:a@b.c>", "<a@b.c>",
	"<1div>", "<-x>", "< div>", "<", "<\n", "<>", "</>", "</ >", "<div:x>", "<div.x>",
	"<ab_c>", "<br/>", "<br />", "<hr>", "<foo bar=baz>", "<foo bar=baz> trailing",
	"<table><tr><td>", "<https:", "<http//x>", "<div\f>", "<div\v>",
	"<https://docs.example.org/publications/cica-0917/news.html>\n",
}

// TestMayOpenHTMLBlock: a line the quick look rejects is one goldmark's parser would
// not open a block on.
func TestMayOpenHTMLBlock(t *testing.T) {
	rejected := 0
	for _, l := range htmlBlockLines {
		if !mayOpenHTMLBlock([]byte(l)) {
			rejected++
			if goldmarkOpensHTMLBlock(l) {
				t.Errorf("%q: rejected, but goldmark opens an HTML block on it", l)
			}
		}
	}
	for _, l := range []string{"<https://example.org/>\n", "<mailto:a@b.c>", "<a@b.c>", "< div>", "<1div>"} {
		if mayOpenHTMLBlock([]byte(l)) {
			t.Errorf("%q: passed to goldmark's parser; the quick look should reject it", l)
		}
	}
	for _, l := range []string{"<div>", "<!-- c -->", "<?php", "</ div>", "<custom attr>\r\n", "<script"} {
		if !mayOpenHTMLBlock([]byte(l)) {
			t.Errorf("%q: rejected, but it starts an HTML block", l)
		}
	}
	if rejected == 0 || rejected == len(htmlBlockLines) {
		t.Fatalf("the quick look rejected %d of %d lines", rejected, len(htmlBlockLines))
	}
}

// FuzzMayOpenHTMLBlock: the same for any line.
func FuzzMayOpenHTMLBlock(f *testing.F) {
	for _, l := range htmlBlockLines {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1] // one line, as the parser peeks it
		}
		if !mayOpenHTMLBlock([]byte(line)) && goldmarkOpensHTMLBlock(line) {
			t.Errorf("%q: rejected, but goldmark opens an HTML block on it", line)
		}
	})
}

// TestEngineHTMLBlocks: the engine's parser still finds HTML blocks, and an autolink
// alone on a line (a card's related URLs) is still a link.
func TestEngineHTMLBlocks(t *testing.T) {
	wrapped := 0
	for _, v := range blockParsers() {
		if _, ok := v.Value.(htmlBlockParser); ok {
			wrapped++
		}
	}
	if wrapped != 1 {
		t.Fatalf("%d HTML block parsers wrapped, want 1", wrapped)
	}
	e := New()
	d := e.Parse([]Field{{Key: "body", Text: "<div>\nx\n</div>\n\n- <https://example.org/a>\n"}}, "")
	if len(d.Problems) == 0 || !strings.Contains(d.Problems[0].Msg, "HTML") {
		t.Errorf("raw HTML block not reported: %+v", d.Problems)
	}
	d = e.Parse([]Field{{Key: "urls", Text: "- <https://example.org/a>\n- <https://example.org/b>\n"}}, "")
	if len(d.Problems) != 0 {
		t.Fatalf("problems in a list of autolinks: %+v", d.Problems)
	}
	html, err := e.Render(d, func(kind, id string) (string, bool) { return "", false }, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "<ul>\n<li><a href=\"https://example.org/a\" rel=\"noopener\">https://example.org/a</a></li>\n<li><a href=\"https://example.org/b\" rel=\"noopener\">https://example.org/b</a></li>\n</ul>\n"
	if string(html) != want {
		t.Errorf("got\n%s\nwant\n%s", html, want)
	}
}
