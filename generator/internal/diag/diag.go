// Package diag holds positions and diagnostics: every problem the generator reports to
// an editor is a [Diagnostic] at a [Position] (file, line, column in characters), printed
// as "file:line:col: message".
//
// A [List] collects diagnostics from every stage; [List.Sort] orders them by position so
// that output is stable, and [List.Err] turns a non-empty list into one error. This
// package knows nothing about cards, pages or HTML.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Position is a place in a source file. Line and Col are 1-based; Col counts characters
// (runes), not bytes, so that Japanese text before an error does not shift it.
type Position struct {
	File string
	Line int
	Col  int
}

func (p Position) String() string {
	file := printable(p.File)
	switch {
	case p.Line == 0:
		return file
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// Compare orders positions by file, line and column.
func (p Position) Compare(q Position) int {
	return cmp.Or(strings.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// At returns the position of byte offset off in src, a file named file.
// An offset past the end is clamped to the end.
func At(file string, src []byte, off int) Position {
	off = min(max(off, 0), len(src))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return Position{File: file, Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos  Position
	Msg  string // what is wrong
	Hint string // what to do, or "" when the message says it all
	More int    // when not 0, the diagnostic stands for this many problems not listed
}

// PerFile is how many diagnostics of one file a report lists (see [List.Limit]).
const PerFile = 20

// more is the diagnostic standing for n problems of a file from pos on.
func more(pos Position, n int) Diagnostic {
	return Diagnostic{Pos: pos, Msg: fmt.Sprintf("and %d more error(s) in this file, not shown", n), Hint: "fix the ones above first", More: n}
}

func (d Diagnostic) String() string {
	if d.Hint == "" {
		return d.Pos.String() + ": " + printable(d.Msg)
	}
	return d.Pos.String() + ": " + printable(d.Msg) + "; " + printable(d.Hint)
}

// printable escapes what a terminal would act on (control characters, bytes that are
// not UTF-8) in text that may come from a file's name or content: diagnostics are
// printed to terminals.
func printable(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != '\t' }) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !unicode.IsPrint(r) && r != '\t':
			q := strconv.QuoteRuneToGraphic(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(pos Position, hint, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// Sort orders the list by position, then message, and drops exact duplicates.
func (l *List) Sort() {
	slices.SortStableFunc(*l, func(a, b Diagnostic) int {
		return cmp.Or(a.Pos.Compare(b.Pos), cmp.Compare(a.Msg, b.Msg), cmp.Compare(a.Hint, b.Hint))
	})
	*l = slices.CompactFunc(*l, func(a, b Diagnostic) bool { return a == b && a.More == 0 })
}

// Limit keeps the first [PerFile] diagnostics of each file of a sorted list, and puts in
// place of the rest one diagnostic that counts them, at the first one left out: a card
// with thousands of problems gets a readable report.
func (l *List) Limit() {
	out := (*l)[:0]
	for i := 0; i < len(*l); {
		j, count := i, 0
		for ; j < len(*l) && (*l)[j].Pos.File == (*l)[i].Pos.File; j++ {
			count += max((*l)[j].More, 1)
		}
		var rest *Diagnostic
		kept := 0
		for k := i; k < j; k++ {
			d := (*l)[k]
			if d.More == 0 && kept < PerFile {
				out = append(out, d)
				kept++
			} else if rest == nil {
				rest = &Diagnostic{Pos: d.Pos}
			}
		}
		if rest != nil {
			out = append(out, more(rest.Pos, count-kept))
		}
		i = j
	}
	*l = out
}

// Count returns how many problems l holds, with those it does not list.
func (l List) Count() int {
	n := 0
	for _, d := range l {
		n += max(d.More, 1)
	}
	return n
}

// Capped adds the diagnostics of one file to List: the first [PerFile] of them, and only
// the number of the others, which Close adds as one diagnostic. A file with thousands of
// problems costs no more than their count.
type Capped struct {
	List *List
	n    int
	rest Diagnostic
}

// Add adds a diagnostic, or counts it.
func (c *Capped) Add(pos Position, hint, format string, args ...any) {
	if c.n < PerFile {
		c.n++
		c.List.Add(pos, hint, format, args...)
		return
	}
	if c.rest.More == 0 {
		c.rest.Pos = pos
	}
	c.rest.More++
}

// Full reports whether Add only counts: a caller may then skip working out a message.
func (c *Capped) Full() bool { return c.n >= PerFile }

// Skip counts one more problem without its position or message, once the first not
// listed has been added; it reports whether it did.
func (c *Capped) Skip() bool {
	if c.rest.More > 0 {
		c.rest.More++
	}
	return c.rest.More > 0
}

// Close adds the count of the diagnostics not added.
func (c *Capped) Close() {
	if c.rest.More > 0 {
		*c.List = append(*c.List, more(c.rest.Pos, c.rest.More))
		c.rest = Diagnostic{}
	}
}

// Err returns nil for an empty list, or an error whose message is one diagnostic per line.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return Error(l)
}

// Error is the error form of a non-empty [List].
type Error List

func (e Error) Error() string {
	var b strings.Builder
	for i, d := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Suggest returns a hint naming the candidate closest to s, or "" when none is close.
// Candidates are compared case-insensitively by edit distance.
func Suggest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := distance(ls, strings.ToLower(c))
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(2, utf8.RuneCountInString(s)/3) {
		return ""
	}
	return fmt.Sprintf("did you mean %q?", best)
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
