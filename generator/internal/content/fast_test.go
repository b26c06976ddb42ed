package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// decodeBoth decodes src into a T on the fast path and, separately, with the reference
// decoder. When the fast path takes the document, the reference decoder must take it too,
// with no key outside the schema, and both must give the same value. It reports whether
// the fast path took the document.
func decodeBoth[T any](t *testing.T, name string, src []byte) bool {
	t.Helper()
	var fast, ref T
	if !fastDecode(src, &fast) {
		if !reflect.ValueOf(fast).IsZero() {
			t.Errorf("%s: the fast path gave up but changed the value: %+v", name, fast)
		}
		return false
	}
	md, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&ref)
	if err != nil {
		t.Errorf("%s: the fast path took what the reference decoder rejects: %v", name, err)
		return true
	}
	for _, key := range md.Keys() {
		if msg, _ := checkKey(keyTree(reflect.TypeFor[T]()), key); msg != "" {
			t.Errorf("%s: the fast path took a key the schema check rejects: %s", name, msg)
		}
	}
	if !reflect.DeepEqual(fast, ref) {
		t.Errorf("%s: the fast path differs:\n%+v\nreference:\n%+v", name, fast, ref)
	}
	return true
}

// decodeCardBoth runs decodeBoth with the card type that name (a path in the content
// folder) holds; what describes the source in messages.
func decodeCardBoth(t *testing.T, name, what string, src []byte) bool {
	switch dir, file := path.Split(name); {
	case dir == "" && file == "site.toml":
		return decodeBoth[Site](t, what, src)
	case dir == "" && file == "glossary.toml":
		return decodeBoth[Glossary](t, what, src)
	case dir == "schemes/":
		return decodeBoth[Scheme](t, what, src)
	case dir == "standards/":
		return decodeBoth[Standard](t, what, src)
	case dir == "pages/":
		return decodeBoth[Page](t, what, src)
	}
	t.Fatalf("%s: not a card", name)
	return false
}

// TestFastDecoding checks the fast path on every real card (which must all take it: a
// card that does not is decoded about eight times slower) and on every card with one
// line removed, against the reference decoder. The same cards with Windows line endings
// must take it too, with the same values.
func TestFastDecoding(t *testing.T) {
	fsys := os.DirFS("../../../content")
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"schemes", "standards", "pages"} {
		more, _ := fs.Glob(fsys, dir+"/*.toml")
		names = append(names, more...)
	}
	if len(names) < 10 {
		t.Fatalf("found only %d cards", len(names))
	}
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		if !decodeCardBoth(t, name, name, src) {
			t.Errorf("%s: the fast path did not take a valid card", name)
		}
		crlf := bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
		if !decodeCardBoth(t, name, name+" with CRLF", crlf) {
			t.Errorf("%s with CRLF: the fast path did not take a valid card", name)
		}
		lines := strings.SplitAfter(string(src), "\n")
		for i := range lines {
			cut := strings.Join(slices.Delete(slices.Clone(lines), i, i+1), "")
			decodeCardBoth(t, name, fmt.Sprintf("%s without line %d", name, i+1), []byte(cut))
		}
	}
}

// refused checks that the fast path does not take src as a T.
func refused[T any](t *testing.T, src string) {
	t.Helper()
	var v T
	if fastDecode([]byte(src), &v) {
		t.Errorf("%q: the fast path took it", src)
	}
}

// TestFastDecodingGivesUp checks that the fast path leaves to the reference decoder what
// only it reports: miscased, unknown and misplaced keys, values of another type, and
// broken TOML.
func TestFastDecodingGivesUp(t *testing.T) {
	for _, src := range []string{
		`ID = "alpha"`,
		`regoin = "domestic"`,
		`section = 2`,
		`targets = "csp"`,
		`targets = [1]`,
		"[JA]\ntitle = \"x\"",
		"[ja]\nTitle = \"x\"",
		"[ja]\ntitle = \"x\"\nTitle = \"y\"",
		"[ja.title]\nx = 1",
		`ja = "x"`,
		`urls = [{a = 1}]`,
		`title = "x"`, // a key of [ja] at the top
		`Src = "x"`,   // a field with no toml tag
		"id = \"a\"\nid = \"b\"",
		"id = \"unterminated",
		"[ja]\ntitle = \"\"\"\nopen",
	} {
		refused[Scheme](t, src)
	}
	for _, src := range []string{
		"[[relations]]\nto = \"x\"\nnote = \"x\"",
		"[[relations]]\nNote = { ja = \"j\" }",
		"[[relations]]\nnote = { JA = \"j\" }",
		"relations = [{ To = \"x\" }]",
		"relations = [1]",
		"jis = [\"a\", 2]",
	} {
		refused[Standard](t, src)
	}
	refused[Page](t, "order = 1.5")
}

// FuzzFastDecoding compares the fast path with the reference decoder on arbitrary
// scheme, standard, page, site and glossary files.
func FuzzFastDecoding(f *testing.F) {
	f.Add([]byte(schemeTOML))
	f.Add([]byte(siteTOML))
	f.Add([]byte(standardTOML + "[[relations]]\ntype = \"based-on\"\nto = \"iso-2\"\nnote = { ja = \"注\", en = \"Note\" }\n"))
	f.Add([]byte("targets = []\nurls = [\"https://example.org/\"]\n"))
	f.Add([]byte("relations = [{ type = \"extends\", to = \"x\" }]\n"))
	f.Add([]byte("[ja]\nname = \"\"\"\r\na \\\r\n  b\\tc\\u00e9\\U0001F600\r\n\"\"\"\nscope = '''\nraw \\n'''\n"))
	f.Add([]byte("ja.title = \"x\"\nja . label = 'y'\n\"id\" = \"a\"\n"))
	f.Fuzz(func(t *testing.T, card []byte) {
		decodeBoth[Scheme](t, "scheme", card)
		decodeBoth[Standard](t, "standard", card)
		decodeBoth[Page](t, "page", card)
		decodeBoth[Site](t, "site", card)
		decodeBoth[Glossary](t, "glossary", card)
	})
}

// BenchmarkDecode decodes every real scheme and standard card on the fast path and with
// the reference decoder, side by side.
func BenchmarkDecode(b *testing.B) {
	fsys := os.DirFS("../../../content")
	var schemes, standards [][]byte
	for _, dir := range []string{"schemes", "standards"} {
		names, _ := fs.Glob(fsys, dir+"/*.toml")
		for _, name := range names {
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				b.Fatal(err)
			}
			if dir == "schemes" {
				schemes = append(schemes, src)
			} else {
				standards = append(standards, src)
			}
		}
	}
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			for _, src := range schemes {
				var s Scheme
				if !fastDecode(src, &s) {
					b.Fatal("the fast path gave up")
				}
			}
			for _, src := range standards {
				var s Standard
				if !fastDecode(src, &s) {
					b.Fatal("the fast path gave up")
				}
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		for b.Loop() {
			for _, src := range schemes {
				var s Scheme
				if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&s); err != nil {
					b.Fatal(err)
				}
			}
			for _, src := range standards {
				var s Standard
				if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&s); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

type nestedLeafC struct {
	Y string `toml:"y"`
}
type nestedLeaf struct {
	X string      `toml:"x"`
	C nestedLeafC `toml:"c"`
}
type nestedMid struct {
	B []nestedLeaf `toml:"b"`
}
type nestedOuter struct {
	A []nestedMid `toml:"a"`
}

// TestFastDecodingNestedLists: a new [[a]] element has no b yet, even when an earlier
// one had a [[a.b]]: [a.b.c] then makes b a plain table, which the reference decoder
// refuses for a list (found in review; the card types have no such nesting yet).
func TestFastDecodingNestedLists(t *testing.T) {
	decodeBoth[nestedOuter](t, "nested", []byte("[[a]]\n[[a.b]]\nx = \"1\"\n[[a]]\n[a.b.c]\ny = \"2\"\n"))
	if !decodeBoth[nestedOuter](t, "nested", []byte("[[a]]\n[[a.b]]\nx = \"1\"\n[a.b.c]\ny = \"2\"\n[[a]]\n[[a.b]]\nx = \"3\"\n")) {
		t.Error("the fast path refused nested lists of tables")
	}
}

type upper string

func (u *upper) UnmarshalText(b []byte) error { *u = upper("T:" + string(b)); return nil }

type withText struct {
	V upper `toml:"v"`
}

// TestFastDecodingUnmarshalers: a field whose type decodes itself (UnmarshalText) is
// left to the reference decoder, which calls it and go-toml/v2 would not.
func TestFastDecodingUnmarshalers(t *testing.T) {
	for _, s := range []string{`v = "x"`, `v = 1979-05-27`, `v = 1`, `v = 1.5`, `v = true`} {
		if decodeBoth[withText](t, s, []byte(s)) {
			t.Errorf("%s: the fast path took a field with UnmarshalText", s)
		}
	}
}

// TestDirectDecoding checks that the real cards are decoded as they are parsed (shape.decode), with the values of the reference decoder, but for
// what decode leaves to the decoders: the standards' relation notes (inline tables)
// and the pages' order (an integer). And that it leaves what it should.
func TestDirectDecoding(t *testing.T) {
	files := map[string][]byte{}
	fsys := os.DirFS("../../../content")
	real, _ := fs.Glob(fsys, "*/*.toml")
	for _, name := range append(real, "site.toml", "glossary.toml") {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		files["real/"+name] = b
	}
	direct := 0
	for name, src := range files {
		card := strings.TrimPrefix(name, "real/")
		if !strings.HasSuffix(card, ".toml") {
			continue
		}
		var took bool
		switch dir, file := path.Split(card); {
		case dir == "" && file == "site.toml":
			took = directBoth[Site](t, name, src)
		case dir == "" && file == "glossary.toml":
			took = directBoth[Glossary](t, name, src)
		case dir == "schemes/":
			took = directBoth[Scheme](t, name, src)
		case dir == "standards/":
			took = directBoth[Standard](t, name, src)
			took = took || bytes.Contains(src, []byte("note = {"))
		case dir == "pages/":
			took = directBoth[Page](t, name, src) || bytes.Contains(src, []byte("\norder = "))
		default:
			continue
		}
		if !took {
			t.Errorf("%s: not decoded as parsed", name)
		}
		direct++
	}
	if direct < 40 {
		t.Errorf("only %d cards", direct)
	}
	for _, src := range []string{
		"ja.title = \"x\"",                         // a dotted key
		"id = \"a\"\nid = \"a\"",                   // a key twice
		"[ja]\ntitle = \"x\"\n[ja]\nlabel = \"y\"", // a table twice
		"targets = []",                             // an empty list
		"targets = [\"csp\", [\"x\"]]",             // a list in the list
		"urls = [\"a\"]\n[ja]\ntitle = 1",          // not a string
		"[ja]\ntitle = \"unterminated",             // a syntax error
		"[ja.x]\ny = \"z\"",                        // no such field
	} {
		var s Scheme
		if shapeOf(reflect.TypeFor[Scheme]()).decode([]byte(src), reflect.ValueOf(&s).Elem()) {
			t.Errorf("%q: decoded as parsed", src)
		}
	}
	for _, src := range []string{
		"[revisions.ja]\ntitle = \"x\"", // before any [[revisions]]
		"[[revisions]]\nid = \"a\"\n[revisions.ja]\ntitle = \"x\"\n[revisions.ja]\ntitle = \"y\"",
		"[[revisions]]\n[revisions]\nid = \"a\"",
	} {
		var s Site
		if shapeOf(reflect.TypeFor[Site]()).decode([]byte(src), reflect.ValueOf(&s).Elem()) {
			t.Errorf("%q: decoded as parsed", src)
		}
	}
	if !decodeBoth[Site](t, "two revisions", []byte("[[revisions]]\nid = \"a\"\n[revisions.ja]\ntitle = \"x\"\n[[revisions]]\nid = \"b\"\n[revisions.ja]\ntitle = \"y\"\n")) {
		t.Error("two revisions, each with its [revisions.ja], not taken")
	}
}

// directBoth decodes src as it is parsed and with the reference decoder, checks that
// they agree when the first took it, and reports whether it did.
func directBoth[T any](t *testing.T, name string, src []byte) bool {
	t.Helper()
	var direct, ref T
	if !shapeOf(reflect.TypeFor[T]()).decode(src, reflect.ValueOf(&direct).Elem()) {
		return false
	}
	if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&ref); err != nil {
		t.Errorf("%s: decoded as parsed, but the reference decoder rejects it: %v", name, err)
	} else if !reflect.DeepEqual(direct, ref) {
		t.Errorf("%s: decoded as parsed:\n%+v\nreference:\n%+v", name, direct, ref)
	}
	return true
}
