// Package markdown is the one goldmark setup of the generator.
//
// A card's Markdown fields in one language are parsed together, as one document, so that
// the survey's footnotes (※1 ...) can be used from any field and are numbered per page. The
// generator inserts a level-2 heading with a fixed, language-neutral id before each field
// that has one (so "#overview" works in both languages). [Engine.Parse] returns the AST,
// every reference to another card with its position in its field, and every problem:
// raw HTML, images, link schemes outside the allow-list (http, https, mailto and our
// card references std:, scheme:, page:), footnote markers without a definition and
// definitions without a marker. [Doc.Render] rewrites card references to URLs given by
// the caller and renders HTML. Raw HTML is never rendered.
//
// This package knows nothing of cards, pages or files: callers give it fields and a
// resolver function.
package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// RefSchemes are the link schemes that point at other cards ([text](std:iso-iec-27017)),
// and the kind of card each points at.
var RefSchemes = map[string]string{"std": "standard", "scheme": "scheme", "page": "page", "figure": "figure"}

// Field is one Markdown field of a card.
type Field struct {
	Key       string // the field's key path in its file, e.g. "ja.overview"
	Heading   string // heading to insert before it, or "" for none
	HeadingID string // the heading's id
	Text      string // the Markdown
	Notes     bool   // the field holds footnote definitions only
	// Title: the field is one line that the page shows as its heading, with the note
	// markers the survey puts on it; RenderTitle renders it, the other renderings leave it
	// out. It comes first.
	Title bool
}

// Ref is a link to another card.
type Ref struct {
	Kind   string // the kind of card: a value of RefSchemes
	ID     string
	Field  string // key of the field holding it
	Offset int    // byte offset in that field
	// Note is the label of the footnote that speaks of the link: the one whose text holds
	// it, or whose marker follows it ([text](std:id)[^label]); "" for none.
	Note      string
	noteIndex int // the index goldmark gave the marker that follows it
}

// Problem is something wrong in a field.
type Problem struct {
	Field  string
	Offset int
	Msg    string
	Hint   string
}

// Doc is a document parsed and checked: its references to other cards, its problems and
// its plain text. It keeps its fields, not its syntax tree, which is most of a parsed
// document's memory: every rendering parses them again, into a tree of its own, so a
// document may be rendered for several pages at once.
type Doc struct {
	Refs     []Ref
	Problems []Problem
	fields   []Field
	prefix   string
	text     string     // see Text
	parts    []TextPart // see TextParts
}

// TextPart is a piece of a document's plain text: the text of one field, under the
// heading Parse inserted before it, or the footnotes.
type TextPart struct {
	Heading string // "" for a field without one
	Notes   bool   // the footnotes, which end the document
	Text    string
}

// tree is a document's syntax tree, with what inspect found in it.
type tree struct {
	src      []byte
	root     ast.Node
	segs     []segment
	links    []link
	headings map[ast.Node]string // the headings parse inserted before fields, and their text
	refs     []Ref
	problems []Problem
}

type segment struct {
	field      Field
	start, end int // of the field's text in src
}

type link struct {
	node ast.Node
	dest string // as written
}

// Engine parses and renders Markdown; it is safe for concurrent use.
type Engine struct {
	md goldmark.Markdown
}

// New returns the engine: CommonMark with GFM (tables, strikethrough, autolinks, task
// lists), footnotes, CJK line breaks, automatic Unicode heading ids, and no raw HTML.
func New() *Engine {
	return &Engine{md: goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(footnotePrefix)),
			extension.NewCJK(extension.WithEastAsianLineBreaks()),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(abbrRenderer{}, 500))),
	)}
}

// footnotePrefix reads the prefix that Parse stores on the document, so that several
// documents can share one HTML page without clashing ids.
func footnotePrefix(n ast.Node) []byte {
	if v, ok := n.OwnerDocument().AttributeString("fnprefix"); ok {
		return v.([]byte)
	}
	return nil
}

// footnoteRefs returns the footnote markers "[^label]" in s, leftmost first and not
// overlapping, each as its offset and its label's bounds. With defs it returns only the
// definitions: markers at the start of a line, followed by a colon. A label is one or
// more bytes other than "]" and ASCII white space (as the regular expression
// `\[\^([^\]\s]+)\]`, or `(?m)^\[\^([^\]\s]+)\]:`, would find them).
func footnoteRefs(s []byte, defs bool) [][3]int {
	var out [][3]int
	for i := 0; ; {
		k := bytes.Index(s[i:], []byte("[^"))
		if k < 0 {
			return out
		}
		k += i
		j := k + 2
		for j < len(s) && s[j] != ']' && !isSpace(s[j]) {
			j++
		}
		end := j + 1 // past the "]"
		if defs {
			end++ // and the ":"
		}
		switch {
		case j == k+2 || j >= len(s) || s[j] != ']':
		case defs && (end > len(s) || s[j+1] != ':' || k > 0 && s[k-1] != '\n'):
		default:
			out = append(out, [3]int{k, k + 2, j})
			i = end
			continue
		}
		i = k + 1
	}
}

// isSpace reports whether c is white space as \s is in a regular expression.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// Parse builds one document from fields, and checks it. prefix makes its footnote ids
// unique on a page that shows several documents ("" for none).
func (e *Engine) Parse(fields []Field, prefix string) *Doc {
	t := e.parse(fields, prefix)
	text, parts := t.text()
	return &Doc{Refs: t.refs, Problems: t.problems, fields: fields, prefix: prefix, text: text, parts: parts}
}

// parse builds the syntax tree of fields.
func (e *Engine) parse(fields []Field, prefix string) *tree {
	var b bytes.Buffer
	size := 0
	for _, f := range fields {
		size += len(f.Heading)*2 + len(f.Text) + 8 // escaping at most doubles a heading
	}
	b.Grow(size)
	d := &tree{}
	headingIDs := ids{}
	for _, f := range fields {
		if strings.TrimSpace(f.Text) == "" {
			f.Heading = "" // no heading over an empty field
		}
		if f.Heading != "" {
			b.WriteString("## ")
			b.WriteString(Escape(f.Heading))
			b.WriteString("\n\n")
			headingIDs.Put([]byte(f.HeadingID))
		}
		start := b.Len()
		b.WriteString(f.Text)
		d.segs = append(d.segs, segment{field: f, start: start, end: b.Len()})
		b.WriteString("\n\n")
	}
	d.src = b.Bytes()
	ctx := parser.NewContext(parser.WithIDs(headingIDs))
	d.root = e.md.Parser().Parse(text.NewReader(d.src), parser.WithContext(ctx))
	if prefix != "" {
		d.root.SetAttributeString("fnprefix", []byte(prefix+"-"))
	}
	d.inspect()
	return d
}

// Escape returns s as Markdown text that renders as s: every ASCII punctuation mark
// escaped, so that nothing in it is taken for markup.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && unicode.IsPunct(r) || r == '`' || r == '<' || r == '>' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// locate maps an offset in the combined source to a field and an offset in it.
func (d *tree) locate(off int) (segment, int, bool) {
	for _, s := range d.segs {
		if off >= s.start && off <= s.end {
			return s, off - s.start, true
		}
	}
	return segment{}, 0, false
}

func (d *tree) problem(off int, hint, format string, args ...any) {
	s, o, ok := d.locate(off)
	if !ok && len(d.segs) > 0 {
		s, o = d.segs[0], 0
	}
	d.problems = append(d.problems, Problem{Field: s.field.Key, Offset: o, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// offset finds the source offset of n, looking at its lines, its position, its text or
// its first child.
func (d *tree) offset(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if c.Type() == ast.TypeBlock {
			if l := c.Lines(); l != nil && l.Len() > 0 {
				return l.At(0).Start
			}
		}
		if p := c.Pos(); p >= 0 {
			return p
		}
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	if p := n.Parent(); p != nil && p.Kind() != ast.KindDocument {
		return d.offset(p)
	}
	return 0
}

// inspect collects references, generated heading ids and problems.
func (d *tree) inspect() {
	used, labels := map[string]bool{}, map[int]string{}
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			off := d.offset(n)
			if _, _, inField := d.locate(off); !inField {
				for _, s := range d.segs {
					if s.start > off && s.field.Heading != "" {
						n.SetAttributeString("id", []byte(s.field.HeadingID))
						if d.headings == nil {
							d.headings = map[ast.Node]string{}
						}
						d.headings[n] = s.field.Heading
						break
					}
				}
			}
		case *ast.HTMLBlock, *ast.RawHTML:
			d.problem(d.offset(n), "write Markdown instead; content is data, never markup", "raw HTML is not allowed")
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			d.problem(d.offset(n), "images are not supported in card text", "image not allowed")
		case *ast.Link:
			d.checkLink(n, string(n.Destination), d.linkOffset(n))
		case *ast.AutoLink:
			dest := string(n.URL(d.src))
			if n.AutoLinkType == ast.AutoLinkEmail {
				dest = "mailto:" + dest
			} else if !strings.Contains(dest, ":") {
				dest = "http://" + dest
			}
			d.checkLink(n, dest, d.offset(n))
		case *east.Footnote:
			used[string(n.Ref)] = true
			labels[n.Index] = string(n.Ref)
		}
		return ast.WalkContinue, nil
	})
	for i, r := range d.refs {
		if r.Note == "" && r.noteIndex > 0 {
			d.refs[i].Note = labels[r.noteIndex]
		}
	}
	defined := map[string]bool{}
	for _, s := range d.segs {
		if !s.field.Notes {
			continue
		}
		for _, m := range footnoteRefs(d.src[s.start:s.end], true) {
			label := string(d.src[s.start+m[1] : s.start+m[2]])
			defined[label] = true
			if !used[label] {
				d.problem(s.start+m[0], "add the marker [^"+label+"] where the note applies, or remove the note", "footnote [^%s] is never used", label)
			}
		}
	}
	for _, s := range d.segs {
		if s.field.Notes {
			continue
		}
		for _, m := range footnoteRefs(d.src[s.start:s.end], false) {
			if label := string(d.src[s.start+m[1] : s.start+m[2]]); !defined[label] {
				d.problem(s.start+m[0], "add its definition to the notes field, e.g. \"[^"+label+"]: ...\"", "footnote [^%s] has no definition", label)
			}
		}
	}
	// Only footnote definitions may stand in a notes field.
	for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == east.KindFootnoteList {
			continue
		}
		if s, o, ok := d.locate(d.offset(n)); ok && s.field.Notes && strings.TrimSpace(string(d.src[s.start+o:s.end])) != "" {
			d.problem(d.offset(n), "move the text to another field, or start it with a marker like \"[^1]: \"", "the notes field holds footnote definitions only")
		}
	}
	slices.SortStableFunc(d.problems, func(a, b Problem) int { return cmp.Or(strings.Compare(a.Field, b.Field), a.Offset-b.Offset) })
}

// linkOffset is the offset of a link's destination: the source between its text and
// its closing parenthesis.
func (d *tree) linkOffset(n *ast.Link) int {
	start := d.offset(n)
	if i := bytes.Index(d.src[start:], append([]byte("]("), n.Destination...)); i >= 0 {
		return start + i + 2
	}
	return start
}

func (d *tree) checkLink(n ast.Node, dest string, off int) {
	scheme, rest, hasScheme := strings.Cut(dest, ":")
	switch {
	case hasScheme && scheme == "figure" && !alone(n):
		d.problem(off, "write the figure reference on a line of its own, as a paragraph: [caption](figure:id)", "a figure reference must stand alone in its paragraph")
	case hasScheme && RefSchemes[scheme] != "":
		s, o, _ := d.locate(off)
		r := Ref{Kind: RefSchemes[scheme], ID: rest, Field: s.field.Key, Offset: o}
		for p := n.Parent(); p != nil; p = p.Parent() {
			if fn, ok := p.(*east.Footnote); ok {
				r.Note = string(fn.Ref)
			}
		}
		if fl, ok := n.NextSibling().(*east.FootnoteLink); ok {
			r.noteIndex = fl.Index
		}
		d.refs = append(d.refs, r)
		d.links = append(d.links, link{node: n, dest: dest})
	case hasScheme && (scheme == "http" || scheme == "https" || scheme == "mailto"):
		if scheme != "mailto" {
			n.SetAttributeString("rel", []byte("noopener"))
		}
		if _, ok := n.(*ast.AutoLink); ok {
			n.SetAttributeString("class", []byte("url")) // its text is its URL: print it once
		}
		d.links = append(d.links, link{node: n, dest: dest})
	default:
		hint := "link cards with std:<id>, scheme:<id> or page:<id>, and the web with https://"
		d.problem(off, hint, "link %q is not allowed", dest)
	}
}

// alone reports whether n is the only thing in a paragraph of the document's top level.
func alone(n ast.Node) bool {
	p, ok := n.Parent().(*ast.Paragraph)
	return ok && p.ChildCount() == 1 && p.Parent() != nil && p.Parent().Kind() == ast.KindDocument
}

// Part is a piece of a rendered document: HTML, then the figure that a reference
// [caption](figure:<id>) standing alone in its paragraph places after it, if any.
type Part struct {
	HTML    template.HTML
	Figure  string // the figure's id, or ""
	Caption string // the reference's text, as plain text
}

// RenderParts is RenderPrefixed with the document cut where a figure reference stands
// alone in its paragraph: that paragraph is not rendered, and the part before it names
// the figure, for the caller to draw there. The last part names none.
func (e *Engine) RenderParts(doc *Doc, resolve Resolver, abbrs *Abbrs, used map[string]bool, prefix string) ([]Part, error) {
	d, err := e.ready(doc, resolve, abbrs, used, prefix)
	if err != nil {
		return nil, err
	}
	var parts []Part
	var b bytes.Buffer
	d.dropTitle()
	for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
		if l, ok := n.FirstChild().(*ast.Link); ok && n.Kind() == ast.KindParagraph && alone(l) && strings.HasPrefix(string(l.Destination), figureMark) {
			id, _, _ := strings.Cut(strings.TrimPrefix(string(l.Destination), figureMark), "\x00")
			parts = append(parts, Part{HTML: template.HTML(b.String()), Figure: id, Caption: plain(l, d.src)})
			b.Reset()
			continue
		}
		if err := e.md.Renderer().Render(&b, d.src, n); err != nil {
			return nil, err
		}
	}
	return append(parts, Part{HTML: template.HTML(b.String())}), nil // goldmark escapes text and renders no raw HTML here
}

// figureMark marks the destination of a figure reference until RenderParts takes it out:
// the resolver's URL for it follows.
const figureMark = "\x00figure:"

// plain is the text of n's descendants.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// dropTitle takes the Title field's paragraph out of the document: RenderTitle renders it.
func (d *tree) dropTitle() {
	if n := d.title(); n != nil {
		d.root.RemoveChild(d.root, n)
	}
}

// title returns the paragraph of the document's Title field, if it has one.
func (d *tree) title() ast.Node {
	n := d.root.FirstChild()
	if n == nil {
		return nil
	}
	if s, _, ok := d.locate(d.offset(n)); ok && s.field.Title {
		return n
	}
	return nil
}

// RenderTitle returns the inline HTML of the document's Title field, its note markers
// linked to the notes that the document's other renderings list; "" if it has none.
func (e *Engine) RenderTitle(doc *Doc, resolve Resolver, prefix string) (template.HTML, error) {
	d, err := e.ready(doc, resolve, nil, nil, prefix)
	n := d.title()
	if err != nil || n == nil {
		return "", err
	}
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if err := e.md.Renderer().Render(&b, d.src, c); err != nil {
			return "", err
		}
	}
	return template.HTML(b.String()), nil
}

// Resolver returns the URL of a referenced card, relative to the page being rendered.
type Resolver func(kind, id string) (url string, ok bool)

// Render returns the document's HTML, with card references resolved by resolve, and
// the first use of each abbreviation not yet in used marked up with <abbr title> (used
// is updated, so that one map serves a page of several documents). A reference that
// does not resolve is an error: Parse's Refs must be checked first.
func (e *Engine) Render(d *Doc, resolve Resolver, abbrs *Abbrs, used map[string]bool) (template.HTML, error) {
	return e.RenderPrefixed(d, resolve, abbrs, used, "")
}

// RenderPrefixed is Render with every heading id and footnote id of the document
// prefixed, for a page that shows many documents (the full edition).
func (e *Engine) RenderPrefixed(doc *Doc, resolve Resolver, abbrs *Abbrs, used map[string]bool, prefix string) (template.HTML, error) {
	d, err := e.ready(doc, resolve, abbrs, used, prefix)
	if err != nil {
		return "", err
	}
	for _, l := range d.links {
		// A figure rendered in place of its paragraph is a link to it.
		if n, ok := l.node.(*ast.Link); ok && strings.HasPrefix(string(n.Destination), figureMark) {
			_, n.Destination, _ = bytes.Cut(n.Destination, []byte("\x00url:"))
		}
	}
	var b bytes.Buffer
	d.dropTitle()
	if err := e.md.Renderer().Render(&b, d.src, d.root); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // goldmark escapes text and renders no raw HTML here
}

// ready parses doc into a tree of its own for one rendering: ids prefixed (if prefix is
// not ""), abbreviations marked, references resolved.
func (e *Engine) ready(doc *Doc, resolve Resolver, abbrs *Abbrs, used map[string]bool, prefix string) (*tree, error) {
	d := e.parse(doc.fields, doc.prefix)
	if prefix != "" {
		d.prefixIDs(prefix)
	}
	glossary, _ := resolve("page", "glossary")
	d.markAbbrs(abbrs, used, glossary)
	return d, d.resolve(resolve)
}

// resolve sets the destination of every card reference to the URL resolve gives; that of
// a figure reference standing alone to figureMark, its id, "\x00url:" and the URL.
func (d *tree) resolve(resolve Resolver) error {
	for _, l := range d.links {
		scheme, rest, _ := strings.Cut(l.dest, ":")
		kind := RefSchemes[scheme]
		if kind == "" {
			continue
		}
		u, ok := resolve(kind, rest)
		if !ok {
			return fmt.Errorf("unresolved reference %q", l.dest)
		}
		if kind == "figure" {
			u = figureMark + rest + "\x00url:" + u
		}
		l.node.(*ast.Link).Destination = []byte(u)
	}
	return nil
}

// prefixIDs prefixes the heading and footnote ids.
func (d *tree) prefixIDs(prefix string) {
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if v, ok := h.AttributeString("id"); ok {
				h.SetAttributeString("id", append([]byte(prefix+"-"), v.([]byte)...))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	fn := []byte(prefix + "-")
	if old, ok := d.root.AttributeString("fnprefix"); ok {
		fn = append(fn, old.([]byte)...)
	}
	d.root.SetAttributeString("fnprefix", fn)
}

// Note returns the Markdown of the footnote defined with label in the document's notes
// field, its continuation lines unindented; "" if there is none.
func (d *Doc) Note(label string) string {
	for _, f := range d.fields {
		if !f.Notes {
			continue
		}
		src := []byte(f.Text)
		defs := append(footnoteRefs(src, true), [3]int{len(src)})
		for i, m := range defs[:len(defs)-1] {
			if string(src[m[1]:m[2]]) == label {
				lines := strings.Split(string(src[m[2]+2:defs[i+1][0]]), "\n")
				for j, l := range lines {
					lines[j] = l[min(len(l)-len(strings.TrimLeft(l, " ")), 4):]
				}
				return strings.TrimSpace(strings.Join(lines, "\n"))
			}
		}
	}
	return ""
}

// Fields returns the fields the document was parsed from: what its HTML is made of.
func (d *Doc) Fields() []Field { return d.fields }

// Text returns the plain text of the document, without the headings Parse inserted, for
// search and descriptions.
func (d *Doc) Text() string { return d.text }

// TextParts returns Text cut where Parse inserted a heading and where the footnotes start,
// leaving out the pieces that are only white space: search shows a snippet from one
// field under its heading, not text running from one field into the next.
func (d *Doc) TextParts() []TextPart { return d.parts }

func (d *tree) text() (string, []TextPart) {
	var b strings.Builder
	b.Grow(len(d.src)) // the text is the source less its markup, give or take a space
	type cut struct {
		part  TextPart // without its text
		start int      // of its text in b
	}
	cuts := []cut{{}}
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := d.headings[n]; ok {
			if entering {
				cuts = append(cuts, cut{TextPart{Heading: h}, b.Len()})
			}
			return ast.WalkSkipChildren, nil
		}
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(d.src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *abbrNode:
			b.WriteString(n.text) // Render may have split a text here
		case *ast.AutoLink:
			b.Write(n.Label(d.src))
		case *east.FootnoteList:
			cuts = append(cuts, cut{TextPart{Notes: true}, b.Len()})
		}
		return ast.WalkContinue, nil
	})
	text := strings.Clone(b.String()) // kept for the whole build: without the builder's spare room
	var parts []TextPart
	for i, c := range cuts {
		end := len(text)
		if i+1 < len(cuts) {
			end = cuts[i+1].start
		}
		if c.part.Text = text[c.start:end]; strings.TrimSpace(c.part.Text) != "" {
			parts = append(parts, c.part) // sharing the text's memory
		}
	}
	return text, parts
}

// ids generates heading ids that keep letters and digits of every script, so that
// Japanese headings get meaningful ids, and makes them unique within a document: it
// holds the ids used so far. Each parse has its own.
type ids map[string]bool

func (s ids) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(string(value)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case r == ' ' || r == '-' || r == '_' || r == '.' || r == '\u3000':
			dash = true
		}
	}
	id := cmp.Or(b.String(), "section")
	unique := id
	for i := 1; s[unique]; i++ {
		unique = fmt.Sprintf("%s-%d", id, i)
	}
	s[unique] = true
	return []byte(unique)
}

func (s ids) Put(value []byte) { s[string(value)] = true }
