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

// decodeBoth decodes src into a T with fill and, separately, with the reflective decoder.
// When fill takes the document, both must give the same value. It reports whether fill
// took the document.
func decodeBoth[T any](t *testing.T, name string, src []byte, fill func(table, *T) bool) bool {
	t.Helper()
	var fast, slow T
	target := &typed[T]{card: &fast, fill: fill}
	if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(target); err != nil || !target.ok {
		return false
	}
	if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&slow); err != nil {
		t.Errorf("%s: typed decoding took what the decoder rejects: %v", name, err)
	} else if !reflect.DeepEqual(fast, slow) {
		t.Errorf("%s: typed decoding differs:\n%+v\nreflection:\n%+v", name, fast, slow)
	}
	return true
}

// decodeCardBoth runs decodeBoth with the card type that name (a path in the content
// folder) holds.
func decodeCardBoth(t *testing.T, name string, src []byte) bool {
	switch dir, file := path.Split(name); {
	case dir == "" && file == "site.toml":
		return decodeBoth(t, name, src, fillSite)
	case dir == "" && file == "glossary.toml":
		return decodeBoth(t, name, src, fillGlossary)
	case dir == "schemes/":
		return decodeBoth(t, name, src, fillScheme)
	case dir == "standards/":
		return decodeBoth(t, name, src, fillStandard)
	case dir == "pages/":
		return decodeBoth(t, name, src, fillPage)
	}
	return false
}

// TestTypedDecoding checks the typed decoding of every real card (which must all take
// it: a field missing from a fill function would send every card through reflection)
// and of every card with one line removed, against the reflective decoder.
func TestTypedDecoding(t *testing.T) {
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
		if !decodeCardBoth(t, name, src) {
			t.Errorf("%s: typed decoding did not take a valid card", name)
		}
		lines := strings.SplitAfter(string(src), "\n")
		for i := range lines {
			cut := strings.Join(slices.Delete(slices.Clone(lines), i, i+1), "")
			decodeCardBoth(t, fmt.Sprintf("%s without line %d", name, i+1), []byte(cut))
		}
	}
}

// TestTypedDecodingGivesUp checks that fill leaves to the reflective decoder what only it
// gets right: miscased and unknown keys, and values of another type.
func TestTypedDecodingGivesUp(t *testing.T) {
	for _, src := range []string{
		`ID = "alpha"`,
		`regoin = "domestic"`,
		`section = 2`,
		`targets = "csp"`,
		`targets = [1]`,
		`[JA]` + "\ntitle = \"x\"",
		`ja = "x"`,
		`urls = [{a = 1}]`,
	} {
		var s Scheme
		target := &typed[Scheme]{card: &s, fill: fillScheme}
		if _, err := toml.Decode(src, target); err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if target.ok {
			t.Errorf("%q: typed decoding took it", src)
		}
	}
	for _, src := range []string{
		"[[relations]]\nto = \"x\"\nnote = \"x\"",
		"[[relations]]\nNote = { ja = \"j\" }",
		"relations = [1]",
		"jis = [\"a\", 2]",
	} {
		var s Standard
		target := &typed[Standard]{card: &s, fill: fillStandard}
		if _, err := toml.Decode(src, target); err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if target.ok {
			t.Errorf("%q: typed decoding took it", src)
		}
	}
	var p Page
	target := &typed[Page]{card: &p, fill: fillPage}
	if _, err := toml.Decode("order = 1.5", target); err != nil || target.ok {
		t.Errorf("a float order: err %v, typed decoding took it: %v", err, target.ok)
	}
}

// FuzzTypedDecoding compares typed and reflective decoding of arbitrary scheme and
// standard cards.
func FuzzTypedDecoding(f *testing.F) {
	f.Add([]byte(schemeTOML))
	f.Add([]byte(standardTOML + "[[relations]]\ntype = \"based-on\"\nto = \"iso-2\"\nnote = { ja = \"注\", en = \"Note\" }\n"))
	f.Add([]byte("targets = []\nurls = [\"https://example.org/\"]\n"))
	f.Add([]byte("relations = [{ type = \"extends\", to = \"x\" }]\n"))
	f.Fuzz(func(t *testing.T, card []byte) {
		decodeBoth(t, "scheme", card, fillScheme)
		decodeBoth(t, "standard", card, fillStandard)
		decodeBoth(t, "page", card, fillPage)
	})
}

// oldParts is Section.Parts as it was first written, the reference for ordering.
func oldParts(s Section) []int {
	var out []int
	for _, p := range strings.Split(string(s), ".") {
		n := 0
		fmt.Sscan(p, &n)
		out = append(out, n)
	}
	return out
}

var oddSections = []Section{"2.1.3", "2.1.10", "2.1.9", "2", "2.1", "", ".", "2.", ".2", "2..1", "02.1", "010", "0", "00", "09", "0x10", "0b11", "0o7", "+3", "-1", "2.-1", "1_0", " 2", "2 ", "2.x", "x", "1e3", "２", "99999999999999999999", "999999999999999999", "123456789012345678.1", "1.2.3.4.5.6"}

func TestSectionOrder(t *testing.T) {
	for _, a := range oddSections {
		if have, want := a.Parts(), oldParts(a); !slices.Equal(have, want) {
			t.Errorf("%q.Parts() = %v, want %v", a, have, want)
		}
		for _, b := range oddSections {
			if have, want := CompareSections(a, b), slices.Compare(oldParts(a), oldParts(b)); have != want {
				t.Errorf("CompareSections(%q, %q) = %d, want %d", a, b, have, want)
			}
		}
	}
}

func FuzzSectionOrder(f *testing.F) {
	for _, s := range oddSections {
		f.Add(string(s), "2.1.3")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if have, want := CompareSections(Section(a), Section(b)), slices.Compare(oldParts(Section(a)), oldParts(Section(b))); have != want {
			t.Errorf("CompareSections(%q, %q) = %d, want %d", a, b, have, want)
		}
		if have, want := Section(a).Parts(), oldParts(Section(a)); !slices.Equal(have, want) {
			t.Errorf("%q.Parts() = %v, want %v", a, have, want)
		}
	})
}
