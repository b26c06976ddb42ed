package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Abbr is an abbreviation to mark up on its first use in a page.
type Abbr struct {
	Abbr  string // as written in the text, e.g. "ISMS"
	Title string // its expansion in the page's language
}

// KindAbbr is the node kind of an abbreviation.
var KindAbbr = ast.NewNodeKind("Abbr")

// abbrNode is an inline <abbr title> around one occurrence of an abbreviation.
type abbrNode struct {
	ast.BaseInline
	text, title string
}

func (n *abbrNode) Kind() ast.NodeKind { return KindAbbr }

func (n *abbrNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Text": n.text, "Title": n.title}, nil)
}

type abbrRenderer struct{}

func (abbrRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAbbr, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			a := n.(*abbrNode)
			_, _ = w.WriteString(`<abbr title="`)
			_, _ = w.Write(util.EscapeHTML([]byte(a.title)))
			_, _ = w.WriteString(`">`)
			_, _ = w.Write(util.EscapeHTML([]byte(a.text)))
			_, _ = w.WriteString(`</abbr>`)
		}
		return ast.WalkSkipChildren, nil
	})
}

// markAbbrs wraps the first occurrence of each abbreviation in the document, outside
// headings, code and existing abbreviations. An abbreviation matches only as a whole
// word: the characters around it are not ASCII letters, digits or hyphens, so "ISMS"
// is not found inside "ISMS-AC".
//
// It returns a function that takes the markup out again, so that every rendering of a
// document starts from the same tree: which occurrence is first depends on the page.
func (d *Doc) markAbbrs(abbrs []Abbr, used map[string]bool) (undo func()) {
	// Only abbreviations not yet used and found somewhere in the source can match: most
	// documents hold a few of the glossary's, and most text nodes none.
	var sorted []Abbr
	for _, a := range abbrs {
		if !used[a.Abbr] && bytes.Contains(d.src, []byte(a.Abbr)) {
			sorted = append(sorted, a)
		}
	}
	if len(sorted) == 0 {
		return func() {}
	}
	// Longer abbreviations first, so that "ISMS-AC" wins over "ISMS" at one position.
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
		d.splitAbbrs(t, sorted, used, &u)
		if allUsed(sorted, used) {
			break
		}
	}
	return u.run
}

// abbrUndo records what markAbbrs changed.
type abbrUndo struct {
	added []ast.Node
	texts []textState
}

type textState struct {
	t          *ast.Text
	seg        text.Segment
	soft, hard bool
}

func (u *abbrUndo) run() {
	for i := len(u.added) - 1; i >= 0; i-- {
		n := u.added[i]
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, s := range u.texts {
		s.t.Segment = s.seg
		s.t.SetSoftLineBreak(s.soft)
		s.t.SetHardLineBreak(s.hard)
	}
}

func (d *Doc) splitAbbrs(t *ast.Text, abbrs []Abbr, used map[string]bool, u *abbrUndo) {
	saved := false
	for {
		seg := t.Segment
		value := seg.Value(d.src)
		best, at := -1, len(value)
		for i, a := range abbrs {
			if used[a.Abbr] {
				continue
			}
			if j := wordIndex(value, a.Abbr); j >= 0 && j < at {
				best, at = i, j
			}
		}
		if best < 0 {
			return
		}
		a := abbrs[best]
		used[a.Abbr] = true
		if !saved {
			u.texts = append(u.texts, textState{t, t.Segment, t.SoftLineBreak(), t.HardLineBreak()})
			saved = true
		}
		end := at + len(a.Abbr)
		// t keeps the text before the match; the match and the rest follow it.
		rest := ast.NewTextSegment(seg.WithStart(seg.Start + end))
		rest.SetSoftLineBreak(t.SoftLineBreak())
		rest.SetHardLineBreak(t.HardLineBreak())
		t.Segment = seg.WithStop(seg.Start + at)
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		parent := t.Parent()
		node := &abbrNode{text: a.Abbr, title: a.Title}
		parent.InsertAfter(parent, t, node)
		parent.InsertAfter(parent, node, rest)
		u.added = append(u.added, node, rest)
		t = rest
	}
}

// allUsed reports whether every abbreviation of abbrs is in used.
func allUsed(abbrs []Abbr, used map[string]bool) bool {
	for _, a := range abbrs {
		if !used[a.Abbr] {
			return false
		}
	}
	return true
}

func wordIndex(s []byte, word string) int {
	for off := 0; ; {
		i := bytes.Index(s[off:], []byte(word))
		if i < 0 {
			return -1
		}
		i += off
		if !isWordByte(s, i-1) && !isWordByte(s, i+len(word)) {
			return i
		}
		off = i + 1
	}
}

func isWordByte(s []byte, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '-' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
