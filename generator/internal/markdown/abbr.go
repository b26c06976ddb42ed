package markdown

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Abbr is an abbreviation to mark up on its first use in a page.
type Abbr struct {
	Abbr   string   // as written in the text, e.g. "ISMS"
	Title  string   // its expansion in the page's language
	ID     string   // its entry in the glossary, which it links to outside links; "" for none
	Except []string // phrases holding Abbr in which it means something else: not marked there
}

// excepted reports whether the occurrence of a at p in s lies inside one of a.Except.
func (a *Abbr) excepted(s []byte, p int) bool {
	for _, e := range a.Except {
		for i := 0; ; {
			j := strings.Index(e[i:], a.Abbr)
			if j < 0 {
				break
			}
			if start := p - (i + j); start >= 0 && bytes.HasPrefix(s[start:], []byte(e)) {
				return true
			}
			i += j + 1
		}
	}
	return false
}

// KindAbbr is the node kind of an abbreviation.
var KindAbbr = ast.NewNodeKind("Abbr")

// abbrNode is an inline <abbr title> around one occurrence of an abbreviation.
type abbrNode struct {
	ast.BaseInline
	text, title, href string
}

func (n *abbrNode) Kind() ast.NodeKind { return KindAbbr }

func (n *abbrNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Text": n.text, "Title": n.title}, nil)
}

type abbrRenderer struct{}

func (abbrRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAbbr, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			a, link, end := n.(*abbrNode), "", ""
			if a.href != "" {
				link, end = `<a class="abbr" href="`+string(util.EscapeHTML(util.URLEscape([]byte(a.href), false)))+`">`, `</a>`
			}
			_, _ = w.WriteString(link + `<abbr title="`)
			_, _ = w.Write(util.EscapeHTML([]byte(a.title)))
			_, _ = w.WriteString(`">`)
			_, _ = w.Write(util.EscapeHTML([]byte(a.text)))
			_, _ = w.WriteString(`</abbr>` + end)
		}
		return ast.WalkSkipChildren, nil
	})
}

// Abbrs is a set of abbreviations made ready to be found in documents (NewAbbrs). A nil
// *Abbrs has none.
type Abbrs struct {
	list []Abbr
	// An abbreviation that starts with a word byte (see isWordByte) matches only where a
	// run of word bytes starts, and only where that run is exactly its own leading run
	// ("FedRAMP" for "FedRAMP PMO"): so each run of a text is looked up here, giving the
	// indexes in list of the abbreviations that start with it, longest first.
	byRun map[string][]int
	// starts holds the bytes that begin some run of byRun: a run that begins otherwise
	// (most words of English, all of Japanese) is not looked up.
	starts [256]bool
	// runLens are the lengths of the runs of byRun, shortest first.
	runLens []int
	// others are the abbreviations that start with another byte, searched for one by one.
	others []int
}

// NewAbbrs makes a set of the abbreviations of list. Where two could match at one
// position, the longer wins ("ISMS-AC" over "ISMS"), then the one earlier in list.
func NewAbbrs(list []Abbr) *Abbrs {
	a := &Abbrs{list: list, byRun: map[string][]int{}}
	for i, ab := range list {
		w := ab.Abbr
		if w == "" {
			continue
		}
		if !isWordByte([]byte(w), 0) {
			a.others = append(a.others, i)
			continue
		}
		n := 1
		for n < len(w) && isWordByte([]byte(w), n) {
			n++
		}
		a.byRun[w[:n]] = append(a.byRun[w[:n]], i)
		a.starts[w[0]] = true
	}
	longestFirst := func(i, j int) int { return len(list[j].Abbr) - len(list[i].Abbr) }
	for run, is := range a.byRun {
		slices.SortStableFunc(is, longestFirst)
		if !slices.Contains(a.runLens, len(run)) {
			a.runLens = append(a.runLens, len(run))
		}
	}
	slices.Sort(a.runLens)
	slices.SortStableFunc(a.others, longestFirst)
	return a
}

// List returns the abbreviations the set was made of.
func (a *Abbrs) List() []Abbr {
	if a == nil {
		return nil
	}
	return a.list
}

// find returns the index in a.list of the abbreviation not in used that occurs first in
// s[from:] as a whole word of s (the longest, at one position), and where in s; -1 if
// there is none. An occurrence for which excepted reports true is passed over.
func (a *Abbrs) find(s []byte, from int, used map[string]bool, excepted func(i, p int) bool) (best, at int) {
	best, at = -1, len(s)
	for _, i := range a.others {
		if w := a.list[i].Abbr; !used[w] {
			j := wordIndex(s, w, from)
			for j >= 0 && excepted(i, j) {
				j = wordIndex(s, w, j+1)
			}
			if j >= 0 && j < at {
				best, at = i, j
			}
		}
	}
	a.wordsAt(s, from, func(i, p int) bool {
		if p >= at {
			return false
		}
		if used[a.list[i].Abbr] || excepted(i, p) {
			return true
		}
		best, at = i, p
		return false
	})
	return best, at
}

// wordsAt calls f with each abbreviation of byRun that occurs in s as a whole word, by
// its index in a.list and its position, in the order of the positions (from from on),
// the longest first at one position, until f returns false.
func (a *Abbrs) wordsAt(s []byte, from int, f func(i, p int) bool) {
	p := from
	for p > 0 && p < len(s) && wordBytes[s[p-1]] && wordBytes[s[p]] {
		p++ // the rest of a word that starts before from
	}
	for p, q := nextWord(s, p); p < len(s); p, q = nextWord(s, q) {
		for _, i := range a.runAt(s, p, q) {
			if wholeAt(s, p, a.list[i].Abbr) && !f(i, p) {
				return
			}
		}
	}
}

// runAt returns the abbreviations (by index in a.list) whose leading run is s[p:q], the
// longest first.
func (a *Abbrs) runAt(s []byte, p, q int) []int {
	if !a.starts[s[p]] {
		return nil
	}
	return a.byRun[string(s[p:q])]
}

// wholeAt reports whether w occurs in s at p, followed by no word byte.
func wholeAt(s []byte, p int, w string) bool {
	return bytes.HasPrefix(s[p:], []byte(w)) && !isWordByte(s, p+len(w))
}

// nextWord returns where the first word of s at or after p (a longest run of word
// bytes) starts and ends; len(s) twice if there is none.
func nextWord(s []byte, p int) (start, end int) {
	for p < len(s) && !wordBytes[s[p]] {
		p++
	}
	q := p
	for q < len(s) && wordBytes[s[q]] {
		q++
	}
	return p, q
}

// in returns the abbreviations not in used that may occur as whole words in the text
// nodes of a document whose source is s: those that occur in s as whole words, and
// those that would if a text node began inside a word of s. (goldmark's linkify ends a
// link where a domain name seems to end, so "https://example.jpISMS" is a link and the
// text "ISMS".) Any abbreviation Render can mark is among them.
func (a *Abbrs) in(s []byte, used map[string]bool) []string {
	var present []string
	add := func(w string) {
		if !used[w] && !slices.Contains(present, w) {
			present = append(present, w)
		}
	}
	for _, i := range a.others {
		// A text node may begin with the punctuation such an abbreviation begins with
		// (goldmark splits text at "(", say), and there a whole word is matched that is
		// not one in s: so it is looked for anywhere.
		if w := a.list[i].Abbr; bytes.Contains(s, []byte(w)) {
			add(w)
		}
	}
	// A text node ends where a word of s ends, so an abbreviation's leading run ends
	// with a word of s: each word's ends of the lengths of leading runs are looked up.
	for p, q := nextWord(s, 0); p < len(s); p, q = nextWord(s, q) {
		for _, n := range a.runLens {
			if n > q-p {
				break
			}
			for _, i := range a.runAt(s, q-n, q) {
				if w := a.list[i].Abbr; wholeAt(s, q-n, w) {
					add(w)
				}
			}
		}
	}
	return present
}

// markAbbrs wraps the first occurrence of each abbreviation in the document, outside
// headings, code and existing abbreviations. An abbreviation matches only as a whole
// word: the characters around it are not ASCII letters, digits or hyphens, so "ISMS"
// is not found inside "ISMS-AC".
//
// An abbreviation with an ID links to its entry on the page glossary (a URL, or "" for
// no links), unless it stands in a link already.
//
// It returns a function that takes the markup out again, so that every rendering of a
// document starts from the same tree: which occurrence is first depends on the page.
func (d *tree) markAbbrs(abbrs *Abbrs, used map[string]bool, glossary string) (undo func()) {
	// Most documents hold a few of the abbreviations, and most text nodes none: the
	// tree is walked only if the source holds one, and only until those the source
	// holds (or may hold: see in) are all used.
	if abbrs == nil {
		return func() {}
	}
	present := abbrs.in(d.src, used)
	if len(present) == 0 {
		return func() {}
	}
	u := abbrUndo{glossary: glossary}
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Kind() == ast.KindLink {
			u.inLink = entering
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindHeading, ast.KindCodeSpan, ast.KindCodeBlock, ast.KindFencedCodeBlock, KindAbbr:
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			if slices.Contains(u.added, n) {
				return ast.WalkContinue, nil // the rest of a text already marked
			}
			if d.splitAbbrs(n.(*ast.Text), abbrs, used, &u) && allUsed(present, used) {
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return u.run
}

// abbrUndo records what markAbbrs changed.
type abbrUndo struct {
	added    []ast.Node
	texts    []textState
	glossary string // the glossary's URL, or ""
	inLink   bool   // the walk is inside a link
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

// splitAbbrs marks the abbreviations in t and what follows it in the same text, and
// reports whether it marked any.
func (d *tree) splitAbbrs(t *ast.Text, abbrs *Abbrs, used map[string]bool, u *abbrUndo) bool {
	seg := t.Segment
	value := seg.Value(d.src)
	// A phrase of Except may go on past the text node (goldmark splits texts where the
	// script changes): it is looked for in the source, where the texts are one.
	excepted := func(i, p int) bool { return abbrs.list[i].excepted(d.src, seg.Start+p) }
	for from := 0; ; {
		best, at := abbrs.find(value, from, used, excepted)
		if best < 0 {
			return from > 0
		}
		a := abbrs.list[best]
		used[a.Abbr] = true
		if from == 0 {
			u.texts = append(u.texts, textState{t, t.Segment, t.SoftLineBreak(), t.HardLineBreak()})
		}
		from = at + len(a.Abbr)
		// t keeps the text before the match; the match and the rest follow it.
		rest := ast.NewTextSegment(seg.WithStart(seg.Start + from))
		rest.SetSoftLineBreak(t.SoftLineBreak())
		rest.SetHardLineBreak(t.HardLineBreak())
		t.Segment = t.Segment.WithStop(seg.Start + at)
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		parent := t.Parent()
		node := &abbrNode{text: a.Abbr, title: a.Title}
		if a.ID != "" && u.glossary != "" && !u.inLink {
			node.href = u.glossary + "#" + a.ID
		}
		parent.InsertAfter(parent, t, node)
		parent.InsertAfter(parent, node, rest)
		u.added = append(u.added, node, rest)
		t = rest
	}
}

// allUsed reports whether every abbreviation of words is in used.
func allUsed(words []string, used map[string]bool) bool {
	for _, w := range words {
		if !used[w] {
			return false
		}
	}
	return true
}

// wordIndex returns the first position at or after from where word occurs in s as a
// whole word of s, or -1.
func wordIndex(s []byte, word string, from int) int {
	for off := from; ; {
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
	return i >= 0 && i < len(s) && wordBytes[s[i]]
}

// wordBytes holds the bytes of words: ASCII letters, digits and the hyphen.
var wordBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '-' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
	}
	return t
}()
