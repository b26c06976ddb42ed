package synth

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/jipdec-survey/cloudsec/generator/internal/build"
	"github.com/jipdec-survey/cloudsec/generator/internal/content"
)

// TestBuildsClean writes a corpus and checks it through the real pipeline with the
// repository's layouts: no diagnostic at all.
func TestBuildsClean(t *testing.T) {
	for _, n := range []int{0, 1, 25} {
		dir := filepath.Join(t.TempDir(), "content")
		if err := Write(dir, n); err != nil {
			t.Fatal(err)
		}
		res, err := build.Run(build.Options{
			Content:     os.DirFS(dir),
			ContentName: "content",
			Layouts:     os.DirFS("../../../layouts"),
			LayoutsName: "layouts",
			CheckOnly:   true,
		})
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		for _, d := range res.Diagnostics {
			t.Errorf("n=%d: %s", n, d)
		}
		// Per language: one page per scheme, standard and prose page, and more.
		if min := 2 * (n + len(standards) + len(pages)); res.Outputs < min {
			t.Errorf("n=%d: %d outputs, want at least %d", n, res.Outputs, min)
		}
	}
}

// BenchmarkCheck runs the pipeline, all but the writes, over synthetic corpora: a quick
// way to profile the generator at scale without the disk, e.g.
//
//	go test ./generator/internal/synth -run '^$' -bench 'Check/n=3000' -cpuprofile cpu.out
//
// make bench (.ci/bench) measures whole builds through the command instead.
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{100, 1000, 3000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "content")
			if err := Write(dir, n); err != nil {
				b.Fatal(err)
			}
			opts := build.Options{
				Content:     os.DirFS(dir),
				ContentName: "content",
				Layouts:     os.DirFS("../../../layouts"),
				LayoutsName: "layouts",
				CheckOnly:   true,
			}
			for b.Loop() {
				res, err := build.Run(opts)
				if err != nil || len(res.Diagnostics) > 0 {
					b.Fatalf("n=%d: %v %v", n, err, res.Diagnostics)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "schemes/s")
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Files(25), Files(25)
	if len(a) != len(b) {
		t.Fatalf("have %d and %d files", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two calls", p)
		}
	}
	// A smaller corpus is a prefix of a larger one: only site.toml names n.
	big := Files(60)
	for p, data := range a {
		if p != "site.toml" && !bytes.Equal(data, big[p]) {
			t.Errorf("%s differs between Files(25) and Files(60)", p)
		}
	}
}

func TestShape(t *testing.T) {
	files := Files(200)
	var schemes, stds int
	sections := map[string]string{}
	for _, p := range sortedKeys(files) {
		switch {
		case strings.HasPrefix(p, "schemes/"):
			schemes++
			var sc content.Scheme
			decodeStrict(t, p, files[p], &sc)
			if prev, ok := sections[string(sc.Section)]; ok {
				t.Errorf("%s: section %s is also used by %s", p, sc.Section, prev)
			}
			sections[string(sc.Section)] = p
			if len(sc.Standards) < 3 || len(sc.Standards) > 6 {
				t.Errorf("%s: %d standards, want 3 to 6", p, len(sc.Standards))
			}
			for _, lang := range content.Langs {
				tx := sc.Text(lang)
				md := tx.Name + tx.Scope + tx.Overview + tx.ISMS + tx.Notes
				checkMarkdown(t, p+" ["+lang+"]", md, sc.Standards)
				if !strings.Contains(tx.Overview, "\n  - ") {
					t.Errorf("%s [%s]: overview has no nested list item", p, lang)
				}
				checkLanguage(t, p+" ["+lang+"]", lang, md)
			}
		case strings.HasPrefix(p, "standards/"):
			stds++
			var st content.Standard
			decodeStrict(t, p, files[p], &st)
			for _, lang := range content.Langs {
				tx := st.Text(lang)
				md := tx.Description + tx.Notes
				checkMarkdown(t, p+" ["+lang+"]", md, nil)
				checkLanguage(t, p+" ["+lang+"]", lang, md)
			}
		case strings.HasPrefix(p, "pages/"):
			var pg content.Page
			decodeStrict(t, p, files[p], &pg)
			for _, lang := range content.Langs {
				tx := pg.Text(lang)
				md := tx.Body + tx.Notes
				checkMarkdown(t, p+" ["+lang+"]", md, nil)
				checkLanguage(t, p+" ["+lang+"]", lang, md)
			}
		case p == "glossary.toml":
			var g content.Glossary
			decodeStrict(t, p, files[p], &g)
			if len(g.Terms) < 45 || len(g.Terms) > 55 {
				t.Errorf("glossary has %d terms, want about 50", len(g.Terms))
			}
		}
	}
	if schemes != 200 || stds != 40 {
		t.Errorf("have %d schemes and %d standards, want 200 and 40", schemes, stds)
	}
	for _, region := range []string{"2.1.", "2.2.", "2.3."} {
		if !slices.ContainsFunc(sortedKeys(sections), func(s string) bool { return strings.HasPrefix(s, region) }) {
			t.Errorf("no scheme in %s", region)
		}
	}
}

var (
	stdLink = regexp.MustCompile(`\]\(std:([a-z0-9-]+)\)`)
	extURL  = regexp.MustCompile(`https?://`)
)

// checkMarkdown checks a card's Markdown in one language: its size, and that it has
// the features that make the work per page like the survey's.
func checkMarkdown(t *testing.T, name, md string, listed []content.ID) {
	t.Helper()
	if n := len(md); n < 1200 || n > 1800 {
		t.Errorf("%s: %d bytes of Markdown, want 1200 to 1800", name, n)
	}
	for _, want := range []string{"\n- ", "[^1]", "**"} {
		if !strings.Contains(md, want) && !strings.HasPrefix(md, want[1:]) {
			t.Errorf("%s: no %q", name, want)
		}
	}
	if n := len(extURL.FindAllString(md, -1)); n != 1 {
		t.Errorf("%s: %d external URLs, want 1", name, n)
	}
	links := stdLink.FindAllStringSubmatch(md, -1)
	if len(links) < 2 || len(links) > 3 {
		t.Errorf("%s: %d links to standards, want 2 or 3", name, len(links))
	}
	for _, l := range links {
		if listed != nil && !slices.Contains(listed, content.ID(l[1])) {
			t.Errorf("%s: links %s, which the card does not list", name, l[1])
		}
	}
}

// checkLanguage checks that Japanese text is mostly Japanese and English text has none.
func checkLanguage(t *testing.T, name, lang, md string) {
	t.Helper()
	var jp, latin int
	for _, r := range md {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			jp++
		case r < 128 && unicode.IsLetter(r):
			latin++
		}
	}
	if lang == "en" && jp > 0 {
		t.Errorf("%s: %d Japanese characters in English text", name, jp)
	}
	if lang == "ja" && jp < 150 {
		t.Errorf("%s: only %d Japanese characters (and %d Latin letters)", name, jp, latin)
	}
}

func decodeStrict(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	md, err := toml.Decode(string(data), v)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Errorf("%s: undecoded keys %v", name, u)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestWriteRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(mine, []byte("real content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, 3)
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("Write into a foreign folder: have error %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(mine); string(b) != "real content\n" {
		t.Errorf("the foreign file was changed to %q", b)
	}
}

func TestRewrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := Write(dir, 30); err != nil {
		t.Fatal(err)
	}
	user := filepath.Join(dir, "NOTES.txt")
	if err := os.WriteFile(user, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, 10); err != nil {
		t.Fatalf("rewriting its own folder: %v", err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "schemes"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 10 {
		t.Errorf("have %d scheme cards after rewriting with n=10, want 10", len(entries))
	}
	if _, err := os.Stat(user); err != nil {
		t.Errorf("a file synth did not write was removed: %v", err)
	}
	want := Files(10)
	for _, p := range sortedKeys(want) {
		have, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(have, want[p]) {
			t.Errorf("%s: not the bytes of Files(10) (%v)", p, err)
		}
	}
}
