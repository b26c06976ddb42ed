// Package content reads the survey's cards from an [fs.FS] and checks each one on its own.
//
// # Input
//
// The folder holds site.toml, glossary.toml, and one TOML card per file in schemes/,
// standards/ and pages/ (the schema is in README.md at the repository root, and in layouts/schema/ as JSON Schema). Files are
// read in lexical order.
//
// # Strictness
//
// Every file is decoded into typed structs with BurntSushi/toml. A key that the schema
// does not have, or that differs from it only in case, is an error (the decoder matches
// keys case-insensitively and would accept it). Values are then checked by their
// types ([ID.Check], [URL.Check], enums), with positions from a small scanner of our own,
// so that every problem of a file is reported at once, at its line and column (in
// characters). Checks that need other cards (unknown references) belong to package model.
//
// # Output
//
// [Load] returns the cards and a [diag.List]; it never writes anything. Given an earlier
// load of the same folder, it decodes only the files whose bytes changed (the preview
// loads again after every save).
package content

import (
	"bytes"
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/jipdec-survey/cloudsec/generator/internal/diag"
	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

// MaxField is the longest text field accepted, in characters.
const MaxField = 50000

// MaxFile is the largest file accepted, in bytes: room for a card with every text field
// at [MaxField], never a file that would take the decoder minutes or gigabytes.
const MaxFile = 2 << 20

// MaxDepth is how deeply arrays and inline tables may nest in a file, and how many parts
// a dotted key may have. The decoder recurses once per level, so a file of brackets
// alone would overflow its stack; no card needs more than three.
const MaxDepth = 16

// Content is everything in the content folder.
type Content struct {
	Site      *Site
	Glossary  *Glossary
	Schemes   []*Scheme   // in survey order
	Standards []*Standard // by id
	Pages     []*Page     // front pages by order, section cards by section, back pages by order

	// Files are the ids of every card file found, valid or not, by folder ("schemes",
	// "standards", "pages"), so that a broken card does not also break every reference
	// to it.
	Files map[string][]ID

	cards map[string]loaded // by file name, the cards that decoded without a problem
}

// loaded is a card and the file it was decoded from.
type loaded struct {
	card any
	src  *Source
}

// Source is one input file, kept so that later stages can point into it.
type Source struct {
	Path  string // as shown to the editor, e.g. "content/schemes/ismap.toml"
	Bytes []byte

	once    sync.Once
	spans   map[string]span // located on first use: most builds need no position at all
	keyOnce sync.Once
	byKey   map[string][]string // the located paths of each decoder key, in file order

	mu     sync.Mutex
	lines  []int         // byte offsets of the line starts, made on first use
	cur    diag.Position // the last position computed, at byte offset curOff: positions
	curOff int           // asked in file order cost the distance between them
}

func (s *Source) locs() map[string]span {
	s.once.Do(func() { s.spans = locate(s.Bytes) })
	return s.spans
}

// at returns the position of byte offset off. It counts from the last position it
// computed, or from the start of off's line, so that every position of a file together
// costs about the file's size however many there are.
func (s *Source) at(off int) diag.Position {
	off = min(max(off, 0), len(s.Bytes))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur.Line == 0 || off < s.curOff {
		if s.lines == nil {
			s.lines = []int{0}
			for i, b := range s.Bytes {
				if b == '\n' {
					s.lines = append(s.lines, i+1)
				}
			}
		}
		i, found := slices.BinarySearch(s.lines, off)
		if !found {
			i--
		}
		s.cur, s.curOff = diag.Position{File: s.Path, Line: i + 1, Col: 1}, s.lines[i]
	}
	for ; s.curOff < off; s.curOff++ {
		switch b := s.Bytes[s.curOff]; {
		case b == '\n':
			s.cur.Line, s.cur.Col = s.cur.Line+1, 1
		case b&0xC0 != 0x80: // the first byte of a character
			s.cur.Col++
		}
	}
	return s.cur
}

// Pos returns the position of the value at key path (e.g. "ja.overview",
// "standards[2]"). When the key is absent it falls back to its enclosing table, and then
// to the start of the file.
func (s *Source) Pos(keyPath string) diag.Position {
	for p := keyPath; p != ""; p = parent(p) {
		if sp, ok := s.locs()[p]; ok {
			off := sp.val
			if p != keyPath {
				off = sp.key
			}
			return s.at(off)
		}
	}
	return diag.Position{File: s.Path, Line: 1, Col: 1}
}

// TextPos returns the position of byte offset off in the decoded string at key path.
func (s *Source) TextPos(keyPath string, off int) diag.Position {
	sp, ok := s.locs()[keyPath]
	if !ok || sp.str < 0 {
		return s.Pos(keyPath)
	}
	return s.at(rawOffset(s.Bytes, sp, off))
}

func parent(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// Load reads and checks every file under fsys. root is the folder's name as the editor
// knows it ("content"), used in positions. prev, when not nil, is an earlier Load of the
// same folder: a card whose file holds the bytes it held then is taken from prev as it
// is, without decoding and checking it again.
func Load(fsys fs.FS, root string, prev *Content) (*Content, diag.List) {
	c := &Content{Files: map[string][]ID{}, cards: map[string]loaded{}}
	var diags diag.List
	display := func(name string) string { return path.Join(root, name) }

	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		at := diag.Position{File: display(name)}
		card := strings.HasSuffix(strings.ToLower(name), ".toml")
		switch {
		case err != nil:
			diags.Add(at, "", "cannot read: %v", err)
		case name != "." && strings.HasPrefix(path.Base(name), "."):
			// Hidden: .git, .DS_Store, an editor's lock or backup (.#ismap.toml).
			if d.IsDir() {
				return fs.SkipDir
			}
		case d.IsDir() && card:
			diags.Add(at, "rename it: cards are files, in schemes/, standards/ or pages/", "a folder named like a card")
			return fs.SkipDir
		case d.Type()&fs.ModeSymlink != 0 && (card || isDir(fsys, name)):
			diags.Add(at, "put the file or folder itself here", "a symbolic link: the generator reads only the files in this folder")
		case !card || d.IsDir():
		case !strings.HasSuffix(name, ".toml"):
			diags.Add(at, "rename it to end in .toml, in lowercase", "not read: the name of a card ends in .toml")
		case !d.Type().IsRegular():
			diags.Add(at, "put a regular file here", "not a regular file (%s)", d.Type())
		default:
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		diags.Add(diag.Position{File: root}, "", "cannot read the content folder: %v", err)
	}

	// Decode the files in parallel, each into its own slot; assemble them in file order.
	type result struct {
		loaded
		diags diag.List
	}
	results := make([]result, len(names))
	parallel.ForEach(len(names), func(i int) {
		if info, err := fs.Stat(fsys, names[i]); err == nil && info.Size() > MaxFile {
			results[i].diags.Add(diag.Position{File: display(names[i])}, "split it, or shorten its text",
				"file too large (%d bytes; at most %d)", info.Size(), MaxFile)
			return
		}
		src, err := fs.ReadFile(fsys, names[i])
		if err != nil {
			results[i].diags.Add(diag.Position{File: display(names[i])}, "", "cannot read: %v", err)
			return
		}
		// A checkout with Windows line ends gives the same cards, the same site.
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		if old, ok := prev.unchanged(names[i], src); ok {
			results[i].loaded = old
			return
		}
		s := &Source{Path: display(names[i]), Bytes: src}
		results[i].loaded = loaded{decodeFile(names[i], s, &results[i].diags), s}
	})

	for i, name := range names {
		diags = append(diags, results[i].diags...)
		if len(results[i].diags) == 0 && results[i].card != nil {
			c.cards[name] = results[i].loaded
		}
		dir, file := path.Split(name)
		if dir != "" {
			c.Files[strings.TrimSuffix(dir, "/")] = append(c.Files[strings.TrimSuffix(dir, "/")], ID(strings.TrimSuffix(file, ".toml")))
		}
		switch card := results[i].card.(type) {
		case *Site:
			c.Site = card
		case *Glossary:
			c.Glossary = card
		case *Scheme:
			c.Schemes = append(c.Schemes, card)
		case *Standard:
			c.Standards = append(c.Standards, card)
		case *Page:
			c.Pages = append(c.Pages, card)
		}
	}
	if c.Site == nil {
		diags.Add(diag.Position{File: display("site.toml")}, "create it: it holds the document id, titles and revisions (see the content schema in README.md)", "missing file")
	}
	if c.Glossary == nil {
		c.Glossary = &Glossary{}
	}
	sortSchemes(c.Schemes)
	slices.SortStableFunc(c.Standards, func(a, b *Standard) int { return strings.Compare(string(a.ID), string(b.ID)) })
	slices.SortStableFunc(c.Pages, func(a, b *Page) int {
		return cmp.Or(cmp.Compare(pagePlace(a), pagePlace(b)), CompareSections(a.Section, b.Section),
			cmp.Compare(a.Order, b.Order), strings.Compare(string(a.ID), string(b.ID)))
	})
	return c, diags
}

// pagePlace orders front pages, then section cards, then back pages.
func pagePlace(p *Page) int {
	if p.Section != "" {
		return 1
	}
	return 2 * slices.Index(Parts, string(p.Part))
}

// isDir reports whether name, a symbolic link in fsys, leads to a folder.
func isDir(fsys fs.FS, name string) bool {
	info, err := fs.Stat(fsys, name)
	return err == nil && info.IsDir()
}

// unchanged returns what c loaded from the file name, if that file held src and the
// card had no problem of its own. c may be nil.
func (c *Content) unchanged(name string, src []byte) (loaded, bool) {
	if c == nil {
		return loaded{}, false
	}
	old, ok := c.cards[name]
	return old, ok && bytes.Equal(old.src.Bytes, src)
}

// sortSchemes orders schemes by section, then by id, keeping file order among equals.
func sortSchemes(schemes []*Scheme) {
	parts := make(map[*Scheme][]int, len(schemes)) // each section read once
	for _, s := range schemes {
		parts[s] = s.Section.Parts()
	}
	slices.SortStableFunc(schemes, func(a, b *Scheme) int {
		return cmp.Or(slices.Compare(parts[a], parts[b]), strings.Compare(string(a.ID), string(b.ID)))
	})
}

// decodeFile decodes and checks one file, by where it is (name, relative to the
// content folder); it returns nil when the file could not be decoded (the reason is in
// diags).
func decodeFile(name string, s *Source, diags *diag.List) any {
	dir, file := path.Split(name)
	id := ID(strings.TrimSuffix(file, ".toml"))
	switch {
	case dir == "" && file == "site.toml":
		return decode(s, &Site{Src: s}, diags, checkSite)
	case dir == "" && file == "glossary.toml":
		return decode(s, &Glossary{Src: s}, diags, checkGlossary)
	case dir == "schemes/":
		return decode(s, &Scheme{Src: s}, diags, func(v *checker, x *Scheme) { checkScheme(v, x, id) })
	case dir == "standards/":
		return decode(s, &Standard{Src: s}, diags, func(v *checker, x *Standard) { checkStandard(v, x, id) })
	case dir == "pages/":
		return decode(s, &Page{Src: s}, diags, func(v *checker, x *Page) { checkPage(v, x, id) })
	}
	diags.Add(diag.Position{File: s.Path}, "cards go in schemes/, standards/ or pages/", "unexpected file")
	return nil
}

// decode decodes s into v strictly, then runs check. It returns v, or nil when v could
// not be decoded.
func decode[T any](s *Source, v *T, diags *diag.List, check func(*checker, *T)) any {
	if !utf8.Valid(s.Bytes) {
		off := 0
		for off < len(s.Bytes) {
			r, n := utf8.DecodeRune(s.Bytes[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		diags.Add(diag.At(s.Path, s.Bytes, off), "save the file as UTF-8", "invalid UTF-8")
		return nil
	}
	if off := tooDeep(s.Bytes); off >= 0 {
		diags.Add(s.at(off), "a card needs at most three levels: check the brackets and dots here",
			"nested too deeply (more than %d levels of arrays, tables or dotted keys)", MaxDepth)
		return nil
	}
	md, err := toml.NewDecoder(bytes.NewReader(s.Bytes)).Decode(v)
	if err != nil {
		diags.Add(decodeError(s, err), "", "%s", decodeMessage(err))
		return nil
	}
	c := &checker{src: s, diags: &diag.Capped{List: diags}}
	defer c.diags.Close()
	keys := keyTree(reflect.TypeFor[T]())
	seen := map[string]bool{} // the decoder lists a key once per table of an array
	for _, key := range md.Keys() {
		msg, hint, where := checkKey(keys, key)
		if msg == "" || seen[where] {
			continue
		}
		seen[where] = true
		for _, p := range s.pathsOf(where) {
			c.diags.Add(s.at(s.locs()[p].key), hint, "%s", msg)
		}
	}
	// A card with errors of its own is still returned, so that model can check what
	// refers to it and what it refers to; nothing is rendered while any error stands.
	check(c, v)
	return v
}

var lastKey = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): `)

// decodeError positions a decoding error. ParseError is a value type in BurntSushi/toml
// and its Col counts bytes, so the column is recomputed from the byte offset.
func decodeError(s *Source, err error) diag.Position {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return s.at(pe.Position.Start)
	}
	// Type mismatches are plain errors naming a line and the last key.
	if m := lastKey.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		for _, p := range s.pathsOf(m[2]) {
			if p == "" {
				break
			}
			pos := s.at(s.locs()[p].val)
			if line == 0 || pos.Line == line {
				return pos
			}
		}
		if line > 0 {
			return diag.Position{File: s.Path, Line: line, Col: 1}
		}
	}
	return diag.Position{File: s.Path, Line: 1, Col: 1}
}

func decodeMessage(err error) string {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return "invalid TOML: " + pe.Message
	}
	msg := err.Error()
	if m := lastKey.FindStringSubmatch(msg); m != nil {
		return "key " + strconv.Quote(m[2]) + ": " + strings.TrimPrefix(msg, m[0])
	}
	return strings.TrimPrefix(msg, "toml: ")
}

// A keyNode is the schema of one TOML table, taken from the toml tags of a struct type:
// checking a key is then a map lookup per part, with nothing built on the way. A nil
// *keyNode stands for a value that is not a table (a string, a list of strings...): the
// decoder itself reports keys below it as type errors.
type keyNode struct {
	names    []string            // the tags in field order, for messages and hints
	children map[string]*keyNode // by exact tag; the first field wins, as in the decoder
}

var keyTrees sync.Map // reflect.Type -> *keyNode, built once per card type

// keyTree returns the key schema of typ, building it on first use.
func keyTree(typ reflect.Type) *keyNode {
	if n, ok := keyTrees.Load(typ); ok {
		return n.(*keyNode)
	}
	n, _ := keyTrees.LoadOrStore(typ, buildKeyTree(typ, map[reflect.Type]*keyNode{}))
	return n.(*keyNode)
}

// buildKeyTree builds the node of typ; done holds the nodes built so far, so that a type
// met twice (or inside itself) is built once.
func buildKeyTree(typ reflect.Type, done map[reflect.Type]*keyNode) *keyNode {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct {
		return nil
	}
	if n, ok := done[typ]; ok {
		return n
	}
	n := &keyNode{children: map[string]*keyNode{}}
	done[typ] = n
	for f := range typ.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		n.names = append(n.names, tag)
		if _, dup := n.children[tag]; !dup {
			n.children[tag] = buildKeyTree(f.Type, done)
		}
	}
	return n
}

// checkKey walks the key schema along key by exact toml tag names. It returns a message
// and a hint for a key the schema does not have, and the part of key that it does not
// have ("en.extra" for en.extra.x).
func checkKey(node *keyNode, key toml.Key) (msg, hint, where string) {
	for i, part := range key {
		if node == nil {
			return "", "", "" // not a table: the decoder reports type errors
		}
		child, found := node.children[part]
		if found {
			node = child
			continue
		}
		where = strings.Join(key[:i+1], ".")
		for _, n := range node.names {
			if strings.EqualFold(n, part) {
				return "key " + strconv.Quote(where) + " has the wrong case", "keys are case-sensitive: write " + strconv.Quote(n), where
			}
		}
		hint = diag.Suggest(part, node.names)
		if hint == "" {
			hint = "allowed keys here: " + strings.Join(node.names, ", ")
		}
		return "unknown key " + strconv.Quote(where), hint, where
	}
	return "", "", ""
}

// pathsOf returns the located paths (with array indices) of a decoder key such as
// "relations.type", in file order, or [""] when there is none.
func (s *Source) pathsOf(key string) []string {
	s.keyOnce.Do(func() {
		s.byKey = map[string][]string{}
		for _, p := range sortedPaths(s.locs()) {
			k := stripIndex(p)
			s.byKey[k] = append(s.byKey[k], p)
		}
	})
	if out := s.byKey[key]; len(out) > 0 {
		return out
	}
	return []string{""}
}

// stripIndex removes the array indices of a located path: "relations[1].type" is the
// decoder's "relations.type".
func stripIndex(p string) string {
	if strings.IndexByte(p, '[') < 0 {
		return p
	}
	b := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		if p[i] == '[' {
			if j := strings.IndexByte(p[i:], ']'); j > 1 && strings.Trim(p[i+1:i+j], "0123456789") == "" {
				i += j
				continue
			}
		}
		b = append(b, p[i])
	}
	return string(b)
}

// sortedPaths returns the paths of m in file order (by key offset), then by name.
func sortedPaths(m map[string]span) []string {
	return slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		return cmp.Or(cmp.Compare(m[a].key, m[b].key), strings.Compare(a, b))
	})
}

// checker collects the problems of one file.
type checker struct {
	src   *Source
	diags *diag.Capped
}

func (c *checker) errAt(keyPath, hint, format string, args ...any) {
	if c.diags.Full() && c.diags.Skip() {
		return
	}
	c.diags.Add(c.src.Pos(keyPath), hint, format, args...)
}

// check reports err, if any, at keyPath.
func (c *checker) check(keyPath string, err error) {
	if err != nil {
		msg, hint, _ := strings.Cut(err.Error(), ": ")
		c.errAt(keyPath, hint, "%s", msg)
	}
}

func (c *checker) enum(keyPath, what, v string, allowed []string) {
	if v == "" {
		c.errAt(keyPath, "use one of "+strings.Join(quoteAll(allowed), ", "), "missing required field %q", keyPath)
		return
	}
	if !slices.Contains(allowed, v) {
		hint := diag.Suggest(v, allowed)
		if hint == "" {
			hint = "use one of " + strings.Join(quoteAll(allowed), ", ")
		}
		c.errAt(keyPath, hint, "unknown %s %q", what, v)
	}
}

// enums checks a list of values from allowed, none of them twice.
func enums[T ~string](c *checker, keyPath, what string, vs []T, allowed []string) {
	seen := map[T]bool{}
	for i, v := range vs {
		p := keyPath + "[" + strconv.Itoa(i) + "]"
		if seen[v] {
			c.errAt(p, "remove the repeated entry", "%q is listed twice", string(v))
		}
		seen[v] = true
		c.enum(p, what, string(v), allowed)
	}
}

// text checks a text field: required (or optional), not too long, single-line for plain
// text. Both languages are checked by the caller.
func (c *checker) text(keyPath, v string, required, plain bool) {
	switch {
	case strings.TrimSpace(v) == "":
		if required {
			hint := "add it (see the content schema in README.md)"
			if strings.HasPrefix(keyPath, "ja.") || strings.HasPrefix(keyPath, "en.") || strings.Contains(keyPath, ".ja.") || strings.Contains(keyPath, ".en.") || strings.HasSuffix(keyPath, ".ja") || strings.HasSuffix(keyPath, ".en") {
				hint = "every card needs it in both languages ([ja] and [en])"
			}
			c.errAt(keyPath, hint, "missing required field %q", keyPath)
		}
	case len(v) > MaxField && utf8.RuneCountInString(v) > MaxField: // no rune is under a byte
		c.errAt(keyPath, "split the text or shorten it", "field %q is too long (%d characters; at most %d)", keyPath, utf8.RuneCountInString(v), MaxField)
	case plain && strings.ContainsAny(v, "\n\r"):
		c.errAt(keyPath, "plain-text fields are one line", "field %q has a line break", keyPath)
	default:
		if i := strings.IndexFunc(v, isControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(v[i:])
			c.diags.Add(c.src.TextPos(keyPath, i), "remove it; only tabs and line breaks may be written",
				"field %q contains the control character %U", keyPath, r)
		}
	}
}

// isControl reports whether r is a control character other than a tab or a line break,
// which would reach the pages, the exports and terminals as it is.
func isControl(r rune) bool {
	return r != '\t' && r != '\n' && (r < 0x20 || r >= 0x7f && r < 0xa0)
}

// pair checks that an optional field is given in both languages or in neither; at is
// the table holding the [ja] and [en] tables ("" for the card's own).
func (c *checker) pair(at, field, ja, en string) {
	if (strings.TrimSpace(ja) == "") != (strings.TrimSpace(en) == "") {
		lang := "en"
		if strings.TrimSpace(ja) == "" {
			lang = "ja"
		}
		missing := strings.TrimPrefix(at+"."+lang+"."+field, ".")
		c.errAt(missing, "give the field in both languages, or in neither", "missing translation %q", missing)
	}
}

func (c *checker) id(keyPath string, id ID, file ID) {
	if id == "" {
		c.errAt(keyPath, "add id = \""+string(file)+"\"", "missing required field %q", keyPath)
		return
	}
	if err := id.Check(); err != nil {
		c.errAt(keyPath, "use lowercase ASCII letters, digits and hyphens", "invalid id %q", string(id))
		return
	}
	if file != "" && id != file {
		c.errAt(keyPath, "the id must equal the file name: rename the file or write id = \""+string(file)+"\"", "id %q differs from its file name %q", string(id), string(file)+".toml")
	}
}

func (c *checker) ids(keyPath string, ids []ID) {
	seen := map[ID]bool{}
	for i, id := range ids {
		p := keyPath + "[" + strconv.Itoa(i) + "]"
		if err := id.Check(); err != nil {
			c.errAt(p, "use lowercase ASCII letters, digits and hyphens", "invalid id %q", string(id))
		} else if seen[id] {
			c.errAt(p, "remove the repeated entry", "%q is listed twice", string(id))
		}
		seen[id] = true
	}
}

func (c *checker) urls(keyPath string, urls []URL) {
	for i, u := range urls {
		if err := u.Check(); err != nil {
			c.errAt(keyPath+"["+strconv.Itoa(i)+"]", "only absolute http:// and https:// URLs are allowed", "invalid URL %q", string(u))
		}
	}
}

func checkSite(c *checker, s *Site) {
	c.text("document", s.Document, true, true)
	if s.BaseURL != "" {
		if err := URL(s.BaseURL).Check(); err != nil || !strings.HasPrefix(s.BaseURL, "https://") || !strings.HasSuffix(s.BaseURL, "/") {
			c.errAt("base_url", "write the absolute https:// URL of the published site, ending in \"/\"", "invalid base_url %q", s.BaseURL)
		}
	}
	for _, lang := range Langs {
		t := s.Text(lang)
		c.text(lang+".title", t.Title, true, true)
		c.text(lang+".publisher", t.Publisher, true, true)
		c.text(lang+".description", t.Description, true, true)
	}
	if len(s.Revisions) == 0 {
		c.errAt("revisions", "add at least one [[revisions]] table", "missing revisions")
	}
	seen := map[string]bool{}
	for i := range s.Revisions {
		r := &s.Revisions[i]
		p := "revisions[" + strconv.Itoa(i) + "]"
		c.text(p+".id", r.ID, true, true)
		if seen[r.ID] {
			c.errAt(p+".id", "each revision needs its own id", "duplicate revision id %q", r.ID)
		}
		seen[r.ID] = true
		if r.Date != "" && !regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`).MatchString(r.Date) {
			c.errAt(p+".date", "write the month as YYYY-MM", "invalid date %q", r.Date)
		}
		for _, lang := range Langs {
			c.text(p+"."+lang+".title", r.Text(lang).Title, true, true)
			c.text(p+"."+lang+".summary", r.Text(lang).Summary, true, false)
		}
	}
	for i, x := range s.Corrections {
		p := "corrections[" + strconv.Itoa(i) + "]"
		if !cardRef.MatchString(x.Card) {
			c.errAt(p+".card", "write the corrected card as scheme:<id>, std:<id> or page:<id>", "invalid card reference %q", x.Card)
		}
		c.text(p+".original", x.Original, true, true)
		c.text(p+".corrected", x.Corrected, true, true)
		if x.Original == x.Corrected && x.Original != "" {
			c.errAt(p+".corrected", "write the text as the cards have it, or remove the entry", "the correction is the original")
		}
	}
}

// cardRef is a reference to a card outside Markdown: the link syntax without brackets.
var cardRef = regexp.MustCompile(`^(scheme|std|page):[a-z0-9][a-z0-9-]*$`)

func checkScheme(c *checker, s *Scheme, file ID) {
	c.id("id", s.ID, file)
	if s.Section == "" {
		c.errAt("section", "add section = \"2.x.y\" (its number in the survey)", "missing required field \"section\"")
	} else {
		c.check("section", s.Section.Check())
	}
	c.enum("region", "region", string(s.Region), Regions)
	c.enum("kind", "kind", string(s.Kind), Kinds)
	c.enum("org_role", "org_role", string(s.OrgRole), OrgRoles)
	c.enum("scope_label", "scope_label", string(s.ScopeLabel), ScopeLabels)
	if len(s.Targets) == 0 {
		c.errAt("targets", "list who the scheme addresses, e.g. [\"csp\"]", "missing required field \"targets\"")
	}
	enums(c, "targets", "target", s.Targets, Targets)
	c.ids("standards", s.Standards)
	c.ids("schemes", s.Schemes)
	if len(s.URLs) == 0 {
		c.errAt("urls", "list the section's related URLs (関連 URL)", "missing required field \"urls\"")
	}
	c.urls("urls", s.URLs)
	for _, lang := range Langs {
		t := s.Text(lang)
		c.text(lang+".title", t.Title, true, true)
		c.text(lang+".heading", t.Heading, false, true)
		if t.Heading != "" && noteMarker.ReplaceAllString(t.Heading, "") != t.Title {
			c.errAt(lang+".heading", "write the title with the note markers the survey's heading carries, e.g. \"…HORIZON 2020[^1] における…\"", "heading without its note markers differs from the title")
		}
		c.text(lang+".label", t.Label, true, true)
		c.text(lang+".name", t.Name, true, false)
		c.text(lang+".scope", t.Scope, true, false)
		c.text(lang+".overview", t.Overview, true, false)
		c.text(lang+".isms", t.ISMS, true, false)
		c.text(lang+".notes", t.Notes, false, false)
	}
	c.pair("", "notes", s.Ja.Notes, s.En.Notes)
	c.pair("", "heading", s.Ja.Heading, s.En.Heading)
	labelled := map[URL]bool{}
	for i, l := range s.URLLabels {
		p := "url_labels[" + strconv.Itoa(i) + "]"
		if !slices.Contains(s.URLs, l.URL) {
			c.errAt(p+".url", "label a URL of the card's urls list, written exactly as there", "no related URL %q to label", string(l.URL))
		} else if labelled[l.URL] {
			c.errAt(p+".url", "give each URL one label", "URL %q labelled twice", string(l.URL))
		}
		labelled[l.URL] = true
		c.text(p+".ja", l.Ja, true, true)
		c.text(p+".en", l.En, true, true)
	}
}

// noteMarker is a footnote marker, [^label], in a heading.
var noteMarker = regexp.MustCompile(`\[\^[^\]\s]+\]`)

func checkStandard(c *checker, s *Standard, file ID) {
	c.id("id", s.ID, file)
	c.text("designation", s.Designation, true, true)
	if s.Section != "" {
		c.check("section", s.Section.Check())
	}
	c.text("edition", s.Edition, false, true)
	if s.Status != "" {
		c.enum("status", "status", string(s.Status), Statuses)
	}
	if len(s.Groups) == 0 {
		c.errAt("groups", "list the groups it belongs to, e.g. [\"cloud\"]", "missing required field \"groups\"")
	}
	enums(c, "groups", "group", s.Groups, Groups)
	for i, j := range s.JIS {
		c.text("jis["+strconv.Itoa(i)+"]", j, true, true)
	}
	c.urls("urls", s.URLs)
	related := map[Relation]bool{}
	for i, r := range s.Relations {
		p := "relations[" + strconv.Itoa(i) + "]"
		if key := (Relation{Type: r.Type, To: r.To}); related[key] {
			c.errAt(p+".to", "remove the repeated [[relations]] table", "relation %s %q is listed twice", r.Type, string(r.To))
		} else {
			related[key] = true
		}
		c.enum(p+".type", "relation type", string(r.Type), RelTypes)
		if r.To == "" {
			c.errAt(p, "add to = \"<standard id>\"", "missing required field \"to\"")
		} else if err := r.To.Check(); err != nil {
			c.errAt(p+".to", "use lowercase ASCII letters, digits and hyphens", "invalid id %q", string(r.To))
		} else if r.To == s.ID {
			c.errAt(p+".to", "", "a standard cannot relate to itself")
		}
		if r.Note != nil {
			c.text(p+".note.ja", r.Note.Ja, true, true)
			c.text(p+".note.en", r.Note.En, true, true)
		}
	}
	for _, lang := range Langs {
		t := s.Text(lang)
		c.text(lang+".title", t.Title, true, true)
		c.text(lang+".description", t.Description, false, false)
		c.text(lang+".notes", t.Notes, false, false)
	}
	c.pair("", "description", s.Ja.Description, s.En.Description)
	c.pair("", "notes", s.Ja.Notes, s.En.Notes)
}

func checkPage(c *checker, p *Page, file ID) {
	c.id("id", p.ID, file)
	section := p.Section != ""
	switch {
	case section:
		c.check("section", p.Section.Check())
		if key := "order"; p.Part != "" || p.Order != 0 {
			if p.Part != "" {
				key = "part"
			}
			c.errAt(key, "a section card is placed by its section number: remove part and order", "a section card has no part or order")
		}
	case p.Order <= 0:
		c.errAt("order", "give its position in the contents, starting at 1", "missing or invalid \"order\"")
	}
	if !section {
		c.enum("part", "part", string(p.Part), Parts)
		if len(p.Members) > 0 {
			c.errAt("members", "give the page a section number, or remove members", "only a section card has members")
		}
	}
	c.ids("members", p.Members)
	for _, lang := range Langs {
		t := p.Text(lang)
		c.text(lang+".title", t.Title, true, true)
		c.text(lang+".body", t.Body, !section, false)
		c.text(lang+".after", t.After, false, false)
		if t.After != "" && !section {
			c.errAt(lang+".after", "move the text into body: only a section card has text after its cards", "only a section card has \"after\"")
		}
		c.text(lang+".notes", t.Notes, false, false)
	}
	c.pair("", "body", p.Ja.Body, p.En.Body)
	c.pair("", "after", p.Ja.After, p.En.After)
	c.pair("", "notes", p.Ja.Notes, p.En.Notes)
}

func checkGlossary(c *checker, g *Glossary) {
	seen := map[ID]bool{}
	for i := range g.Terms {
		t := &g.Terms[i]
		p := "terms[" + strconv.Itoa(i) + "]"
		c.id(p+".id", t.ID, "")
		if seen[t.ID] {
			c.errAt(p+".id", "each term needs its own id", "duplicate term id %q", string(t.ID))
		}
		seen[t.ID] = true
		c.text(p+".abbr", t.Abbr, false, true)
		for j, e := range t.Except {
			q := p + ".except[" + strconv.Itoa(j) + "]"
			c.text(q, e, true, true)
			if t.Abbr != "" && !strings.Contains(e, t.Abbr) {
				c.errAt(q, "write the phrase with the abbreviation in it, e.g. \""+t.Abbr+" Group\"", "phrase %q does not contain the abbreviation %q", e, t.Abbr)
			}
		}
		for _, lang := range Langs {
			c.text(p+"."+lang+".term", t.Text(lang).Term, true, true)
			c.text(p+"."+lang+".description", t.Text(lang).Description, false, false)
		}
		c.pair(p, "description", t.Ja.Description, t.En.Description)
	}
}
