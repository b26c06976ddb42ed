package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"
)

// repoRoot is the repository, from this folder (.ci/bench/synth).
const repoRoot = "../../.."

// TestBuildsClean writes corpora and checks them with the generator itself (its `check`
// command, with the repository's layouts): no diagnostic at all. The generator is built
// from the repository, or taken from $SYNTH_GENERATOR when that names a binary. This
// program does not import the generator, so this is where a change of the card schema
// that synth has not followed shows. Skipped with -short.
func TestBuildsClean(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	gen := os.Getenv("SYNTH_GENERATOR")
	if gen == "" {
		gen = filepath.Join(t.TempDir(), "generator")
		cmd := exec.Command("go", "build", "-o", gen, "./generator")
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build ./generator: %v\n%s", err, out)
		}
	}
	okLine := regexp.MustCompile(`(\d+) files`)
	for _, n := range []int{0, 1, 25} {
		dir := filepath.Join(t.TempDir(), "content")
		if err := Write(dir, n); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(gen, "check", "-content", dir, "-layouts", filepath.Join(repoRoot, "layouts"))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("n=%d: generator check: %v\n%s", n, err, stderr.Bytes())
			continue
		}
		// Per language: one page per scheme, standard and prose page, and more. (Only
		// when the summary line still gives the count.)
		if m := okLine.FindSubmatch(stdout.Bytes()); m != nil {
			outputs, _ := strconv.Atoi(string(m[1]))
			if min := 2 * (n + len(standards) + len(pages)); outputs < min {
				t.Errorf("n=%d: %d outputs, want at least %d (%s)", n, outputs, min, bytes.TrimSpace(stdout.Bytes()))
			}
		}
	}
}

// TestCommand runs the command as make bench does, and checks its summary line and that
// it wrote Files(n).
func TestCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-n", "7", "-out", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr.Bytes())
	}
	if want := "wrote a synthetic survey of 7 schemes into " + dir + "\n"; stdout.String() != want {
		t.Errorf("printed %q, want %q", stdout.String(), want)
	}
	want := Files(7)
	for _, p := range sortedKeys(want) {
		have, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(have, want[p]) {
			t.Errorf("%s: not the bytes of Files(7) (%v)", p, err)
		}
	}
	for _, args := range [][]string{{}, {"-n", "-1", "-out", dir}, {"-n", "3"}, {"-out", dir, "extra"}, {"-x"}} {
		stdout.Reset()
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%q: exit status %d, stderr %q; want 2 and a message", args, code, stderr.String())
		}
	}
}

// The cards as the generator's schema has them (README.md, "Content schema"), for
// decoding strictly: a key that synth writes and the schema lacks is an error.
type (
	schemeCard struct {
		ID         string         `toml:"id"`
		Section    string         `toml:"section"`
		Region     string         `toml:"region"`
		Kind       string         `toml:"kind"`
		OrgRole    string         `toml:"org_role"`
		ScopeLabel string         `toml:"scope_label"`
		Targets    []string       `toml:"targets"`
		AddedIn    string         `toml:"added_in"`
		Standards  []string       `toml:"standards"`
		Schemes    []string       `toml:"schemes"`
		URLs       []string       `toml:"urls"`
		Ja         schemeCardText `toml:"ja"`
		En         schemeCardText `toml:"en"`
	}
	schemeCardText struct {
		Title    string `toml:"title"`
		Label    string `toml:"label"`
		Name     string `toml:"name"`
		Scope    string `toml:"scope"`
		Overview string `toml:"overview"`
		ISMS     string `toml:"isms"`
		Notes    string `toml:"notes"`
	}
	standardCard struct {
		ID          string   `toml:"id"`
		Designation string   `toml:"designation"`
		Section     string   `toml:"section"`
		Edition     string   `toml:"edition"`
		Status      string   `toml:"status"`
		Groups      []string `toml:"groups"`
		JIS         []string `toml:"jis"`
		URLs        []string `toml:"urls"`
		Relations   []struct {
			Type string `toml:"type"`
			To   string `toml:"to"`
			Note *struct {
				Ja string `toml:"ja"`
				En string `toml:"en"`
			} `toml:"note"`
		} `toml:"relations"`
		Ja standardCardText `toml:"ja"`
		En standardCardText `toml:"en"`
	}
	standardCardText struct {
		Title       string `toml:"title"`
		Description string `toml:"description"`
		Notes       string `toml:"notes"`
	}
	pageCard struct {
		ID    string       `toml:"id"`
		Order int          `toml:"order"`
		Part  string       `toml:"part"`
		Ja    pageCardText `toml:"ja"`
		En    pageCardText `toml:"en"`
	}
	pageCardText struct {
		Title string `toml:"title"`
		Body  string `toml:"body"`
		Notes string `toml:"notes"`
	}
	glossaryFile struct {
		Terms []struct {
			ID   string   `toml:"id"`
			Abbr string   `toml:"abbr"`
			Ja   termText `toml:"ja"`
			En   termText `toml:"en"`
		} `toml:"terms"`
	}
	termText struct {
		Term        string `toml:"term"`
		Description string `toml:"description"`
	}
)

// inLang is the [ja] or the [en] table.
func inLang[T any](lang string, ja, en *T) *T {
	if lang == "ja" {
		return ja
	}
	return en
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
			var sc schemeCard
			decodeStrict(t, p, files[p], &sc)
			if prev, ok := sections[string(sc.Section)]; ok {
				t.Errorf("%s: section %s is also used by %s", p, sc.Section, prev)
			}
			sections[string(sc.Section)] = p
			if len(sc.Standards) < 3 || len(sc.Standards) > 6 {
				t.Errorf("%s: %d standards, want 3 to 6", p, len(sc.Standards))
			}
			for _, lang := range langs {
				tx := inLang(lang, &sc.Ja, &sc.En)
				md := tx.Name + tx.Scope + tx.Overview + tx.ISMS + tx.Notes
				checkMarkdown(t, p+" ["+lang+"]", md, sc.Standards)
				if !strings.Contains(tx.Overview, "\n  - ") {
					t.Errorf("%s [%s]: overview has no nested list item", p, lang)
				}
				checkLanguage(t, p+" ["+lang+"]", lang, md)
			}
		case strings.HasPrefix(p, "standards/"):
			stds++
			var st standardCard
			decodeStrict(t, p, files[p], &st)
			for _, lang := range langs {
				tx := inLang(lang, &st.Ja, &st.En)
				md := tx.Description + tx.Notes
				checkMarkdown(t, p+" ["+lang+"]", md, nil)
				checkLanguage(t, p+" ["+lang+"]", lang, md)
			}
		case strings.HasPrefix(p, "pages/"):
			var pg pageCard
			decodeStrict(t, p, files[p], &pg)
			for _, lang := range langs {
				tx := inLang(lang, &pg.Ja, &pg.En)
				md := tx.Body + tx.Notes
				checkMarkdown(t, p+" ["+lang+"]", md, nil)
				checkLanguage(t, p+" ["+lang+"]", lang, md)
			}
		case p == "glossary.toml":
			var g glossaryFile
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
func checkMarkdown(t *testing.T, name, md string, listed []string) {
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
		if listed != nil && !slices.Contains(listed, l[1]) {
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
