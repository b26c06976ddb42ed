package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// layouts are the repository's own templates: the golden site shows what editors get.
var layouts = os.DirFS("../../../layouts")

// readSite returns the files of a txtar fixture as an fs.FS.
func readSite(t testing.TB, name string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

func buildTo(t testing.TB, content fs.FS, out string) Result {
	t.Helper()
	res, err := Run(context.Background(), Options{Content: content, ContentName: "content", Layouts: layouts, LayoutsName: "layouts", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// snapshot reads every file under dir.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func diffSnapshots(t *testing.T, have, want map[string]string) {
	t.Helper()
	var names []string
	for n := range have {
		names = append(names, n)
	}
	for n := range want {
		if _, ok := have[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range slices.Compact(names) {
		h, hok := have[n]
		w, wok := want[n]
		switch {
		case !hok:
			t.Errorf("%s: missing from the build", n)
		case !wok:
			t.Errorf("%s: built but not expected", n)
		case h != w:
			t.Errorf("%s: differs from golden:\n%s", n, firstDiff(h, w))
		}
	}
}

func firstDiff(have, want string) string {
	hl, wl := strings.Split(have, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(hl), len(wl)); i++ {
		var h, w string
		if i < len(hl) {
			h = hl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if h != w {
			return "line " + strconv.Itoa(i+1) + "\nhave: " + h + "\nwant: " + w
		}
	}
	return ""
}

// TestGolden builds the fixture site and compares it file by file with golden/basic/.
// Run with -update after an intended change to layouts or the generator.
func TestGolden(t *testing.T) {
	out := t.TempDir()
	res := buildTo(t, readSite(t, "testdata/sites/basic.txtar"), out)
	if len(res.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	golden := "testdata/golden/basic"
	// The assets are copied verbatim from layouts/, and the manifest lists their hashes:
	// neither says anything about the generator, so a CSS edit needs no golden update.
	for _, p := range []string{"assets", ".manifest"} {
		if err := os.RemoveAll(filepath.Join(out, p)); err != nil {
			t.Fatal(err)
		}
	}
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(golden, os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
		return
	}
	diffSnapshots(t, snapshot(t, out), snapshot(t, golden))
}

// TestDeterministic builds the real content twice, into two folders, and once more into
// the first: the bytes are identical and the rebuild writes nothing.
func TestDeterministic(t *testing.T) {
	content := os.DirFS("../../../content")
	a, b := t.TempDir(), t.TempDir()
	buildTo(t, content, a)
	buildTo(t, content, b)
	diffSnapshots(t, snapshot(t, a), snapshot(t, b))
	res := buildTo(t, content, a)
	if res.Written != 0 || res.Removed != 0 || res.Unchanged != res.Outputs {
		t.Errorf("rebuild of unchanged input: %+v, want nothing written", res.Stats)
	}
}

// TestBadContent builds each fixture of testdata/bad/ (files that replace those of the
// basic site; a file whose content is "-delete-" removes it) and compares the
// diagnostics with the archive's "want" section. The output folder must be untouched.
func TestBadContent(t *testing.T) {
	names, _ := filepath.Glob("testdata/bad/*.txtar")
	if len(names) == 0 {
		t.Fatal("no fixtures")
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			fsys := readSite(t, "testdata/sites/basic.txtar")
			a, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var want string
			for _, f := range a.Files {
				switch {
				case f.Name == "want":
					want = string(f.Data)
				case string(f.Data) == "-delete-\n":
					delete(fsys, f.Name)
				default:
					fsys[f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			out := t.TempDir()
			buildTo(t, readSite(t, "testdata/sites/basic.txtar"), out)
			if err := os.WriteFile(filepath.Join(out, "CNAME"), []byte("example.org\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			res := buildTo(t, fsys, out)
			var have bytes.Buffer
			for _, d := range res.Diagnostics {
				have.WriteString(d.String() + "\n")
			}
			if *update {
				for i := range a.Files {
					if a.Files[i].Name == "want" {
						a.Files[i].Data = have.Bytes()
					}
				}
				if err := os.WriteFile(name, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if have.String() != want {
				t.Errorf("diagnostics:\nhave:\n%swant:\n%s", have.String(), want)
			}
			if len(res.Diagnostics) == 0 {
				t.Errorf("no diagnostics for bad content")
			}
			diffSnapshots(t, snapshot(t, out), before)
		})
	}
}

// TestForeignFilesSurvive checks that files the generator did not create survive builds
// and card deletions, while a deleted card's pages go.
func TestForeignFilesSurvive(t *testing.T) {
	out := t.TempDir()
	fsys := readSite(t, "testdata/sites/basic.txtar")
	buildTo(t, fsys, out)
	foreign := map[string]string{"CNAME": "example.org\n", ".git/HEAD": "ref: refs/heads/gh-pages\n", "ja/schemes/mine.html": "mine"}
	for p, data := range foreign {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(out, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, p), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	delete(fsys, "schemes/beta.toml")
	fsys["site.toml"].Data = bytes.ReplaceAll(fsys["site.toml"].Data, []byte("(scheme:beta)"), []byte("(scheme:alpha)"))
	res := buildTo(t, fsys, out)
	if len(res.Diagnostics) > 0 {
		t.Fatal(res.Diagnostics)
	}
	if res.Removed != 2 {
		t.Errorf("removed %d files, want 2 (beta's two pages)", res.Removed)
	}
	have := snapshot(t, out)
	for p, data := range foreign {
		if have[p] != data {
			t.Errorf("%s: foreign file changed or lost", p)
		}
	}
	for _, p := range []string{"ja/schemes/beta.html", "en/schemes/beta.html"} {
		if _, ok := have[p]; ok {
			t.Errorf("%s: a deleted card's page was kept", p)
		}
	}
}

// TestSitemap checks that a base URL gives a sitemap with absolute URLs and hreflang
// alternates, named in robots.txt, and that without one there is no sitemap at all.
func TestSitemap(t *testing.T) {
	fsys := readSite(t, "testdata/sites/basic.txtar")
	out := t.TempDir()
	buildTo(t, fsys, out)
	if _, err := os.Stat(filepath.Join(out, "sitemap.xml")); !os.IsNotExist(err) {
		t.Error("a sitemap without a base URL")
	}
	fsys["site.toml"].Data = append([]byte("base_url = \"https://example.org/survey/\"\n"), fsys["site.toml"].Data...)
	res := buildTo(t, fsys, out)
	if len(res.Diagnostics) > 0 {
		t.Fatal(res.Diagnostics)
	}
	files := snapshot(t, out)
	sm := files["sitemap.xml"]
	for _, want := range []string{
		"<loc>https://example.org/survey/ja/schemes/alpha.html</loc>",
		"<loc>https://example.org/survey/en/schemes/alpha.html</loc>",
		`<xhtml:link rel="alternate" hreflang="en" href="https://example.org/survey/en/schemes/alpha.html"/>`,
	} {
		if !strings.Contains(sm, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if nf := files["404.html"]; !strings.Contains(nf, `href="https://example.org/survey/assets/style.css"`) || !strings.Contains(nf, `href="https://example.org/survey/en/index.html"`) {
		t.Errorf("404.html does not use the base URL:\n%s", nf)
	}
	if !strings.Contains(files["robots.txt"], "Sitemap: https://example.org/survey/sitemap.xml") {
		t.Errorf("robots.txt: %q", files["robots.txt"])
	}
}

// TestTemplateFailureWritesNothing makes a template fail while the site renders, after
// other pages were already handed to the writer, and checks that the output folder is
// exactly as it was: for a folder with an earlier build, and for one that did not exist.
func TestTemplateFailureWritesNothing(t *testing.T) {
	content := readSite(t, "testdata/sites/basic.txtar")
	lay := mapFS(t, layouts)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "public")
	run(t, content, lay, out)
	before := snapshot(t, out)
	// Only pages of standards fail; the others render, and are put, first or meanwhile.
	lay["standard.html"].Data = bytes.Replace(lay["standard.html"].Data, []byte(`{{define "main"}}`), []byte(`{{define "main"}}{{.NoSuchField}}`), 1)
	// Every page changes, so that the writer has temporary files when the failure comes.
	lay["base.html"].Data = append(lay["base.html"].Data, "<!-- changed -->\n"...)
	for _, dir := range []string{out, filepath.Join(tmp, "fresh")} {
		_, err := Run(context.Background(), Options{Content: content, ContentName: "content", Layouts: lay, LayoutsName: "layouts", Out: dir})
		if err == nil || !strings.Contains(err.Error(), "NoSuchField") {
			t.Fatalf("%s: error %v, want the template's", dir, err)
		}
	}
	if after := snapshot(t, out); !maps.Equal(after, before) {
		t.Errorf("a failed build changed the output folder: %d files, had %d", len(after), len(before))
	}
	if _, err := os.Stat(filepath.Join(tmp, "fresh")); !os.IsNotExist(err) {
		t.Errorf("a failed build left the new output folder behind: %v", err)
	}
}

// TestTemplateErrorIsPositioned makes a page template fail as it runs (a label missing
// from i18n.toml): the error the build reports is html/template's, positioned in the
// template.
func TestTemplateErrorIsPositioned(t *testing.T) {
	content := readSite(t, "testdata/sites/basic.txtar")
	lay := mapFS(t, layouts)
	lay["standard.html"].Data = bytes.Replace(lay["standard.html"].Data, []byte(`{{define "main"}}`), []byte(`{{define "main"}}{{.T "no.such.label"}}`), 1)
	_, err := Run(context.Background(), Options{Content: content, ContentName: "content", Layouts: lay, LayoutsName: "layouts", Out: filepath.Join(t.TempDir(), "public")})
	if err == nil || !strings.Contains(err.Error(), `template: layouts/standard.html:1:`) || !strings.Contains(err.Error(), `no label "no.such.label"`) {
		t.Fatalf("error %v, want html/template's, positioned in layouts/standard.html", err)
	}
}

// stopAfter is a context cancelled once its Err has been asked n times: the pipeline
// asks before each output it hands to publish, so a build stops after n files.
type stopAfter struct {
	context.Context
	n int
}

func (c *stopAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

// TestCancelledBuild stops builds at the end of the model stage and after 0, 1, 9 and 29 of their files (Ctrl-C, or the
// preview's next save): the output folder is exactly as it was, and the Builder's next
// build is complete and equals a clean one.
func TestCancelledBuild(t *testing.T) {
	content := readSite(t, "testdata/sites/basic.txtar")
	lay := mapFS(t, layouts)
	out := filepath.Join(t.TempDir(), "public")
	run(t, content, lay, out)
	before := snapshot(t, out)
	lay["base.html"].Data = append(lay["base.html"].Data, "<!-- changed -->\n"...)
	var b Builder
	for _, n := range []int{0, 1, 2, 10, 30} {
		_, err := b.Build(&stopAfter{context.Background(), n}, Options{Content: content, ContentName: "content", Layouts: lay, LayoutsName: "layouts", Out: out})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stopped after %d: error %v, want context.Canceled", n, err)
		}
		if after := snapshot(t, out); !maps.Equal(after, before) {
			t.Fatalf("stopped after %d: the output folder changed", n)
		}
	}
	rebuild(t, &b, content, lay, out)
	clean := filepath.Join(t.TempDir(), "clean")
	run(t, content, lay, clean)
	diffSnapshots(t, snapshot(t, out), snapshot(t, clean))
}

// TestMissingLabel removes a label from both tables of i18n.toml: each language's error
// points at its table. With an error in a card as well, only the card's is reported:
// a label asked for because of a broken card (a heading for an org_role not set) would
// only mislead.
func TestMissingLabel(t *testing.T) {
	lay := mapFS(t, layouts)
	lay["i18n.toml"].Data = regexp.MustCompile(`(?m)^"field\.isms" = .*\n`).ReplaceAll(lay["i18n.toml"].Data, nil)
	var want []string
	for _, lang := range []string{"ja", "en"} {
		line := 1 + bytes.Count(lay["i18n.toml"].Data[:bytes.Index(lay["i18n.toml"].Data, []byte("\n["+lang+"]"))+1], []byte("\n"))
		want = append(want, fmt.Sprintf(`layouts/i18n.toml:%d:1: no label "field.isms"; add it to the [%s] table`, line, lang))
	}
	for _, broken := range []bool{false, true} {
		content := readSite(t, "testdata/sites/basic.txtar")
		if broken {
			replace(t, content, "schemes/alpha.toml", `region = "domestic"`, `region = "domestik"`)
		}
		res, err := Run(context.Background(), Options{Content: content, ContentName: "content", Layouts: lay, LayoutsName: "layouts"})
		if err != nil {
			t.Fatal(err)
		}
		var have []string
		for _, d := range res.Diagnostics {
			if strings.Contains(d.String(), "i18n.toml") {
				have = append(have, d.String())
			}
		}
		if broken && len(have) > 0 || !broken && !slices.Equal(have, want) {
			t.Errorf("with a broken card %v: %q, want %q", broken, have, want)
		}
	}
}

// TestCSVFormulas gives scheme titles and a designation that a spreadsheet would run as
// formulas: data/matrix.csv holds each as text (a leading apostrophe, OWASP's advice
// against CSV injection), and a title that merely contains such a character unchanged.
func TestCSVFormulas(t *testing.T) {
	content := readSite(t, "testdata/sites/basic.txtar")
	replace(t, content, "schemes/alpha.toml", `title = "Alpha Certification"`, `title = "=HYPERLINK(\"https://evil.example\",\"click\")"`)
	replace(t, content, "schemes/alpha.toml", `title = "アルファ認証"`, `title = "@SUM(1+1)"`)
	replace(t, content, "schemes/beta.toml", `title = "Beta (abroad)"`, `title = "-2+3"`)
	replace(t, content, "schemes/beta.toml", `heading = "Beta[^2] (abroad)"`, `heading = "-2+3[^2]"`)
	replace(t, content, "standards/std-a.toml", `designation = "STD A"`, `designation = "+STD A"`)
	out := t.TempDir()
	if res := buildTo(t, content, out); len(res.Diagnostics) > 0 {
		t.Fatal(res.Diagnostics)
	}
	b, err := os.ReadFile(filepath.Join(out, "data", "matrix.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, row := range rows {
		cells = append(cells, row...)
	}
	for _, want := range []string{`'=HYPERLINK("https://evil.example","click")`, `'@SUM(1+1)`, `'-2+3`, `'+STD A`} {
		if !slices.Contains(cells, want) {
			t.Errorf("no cell %q in:\n%s", want, b)
		}
	}
	for _, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			t.Errorf("cell %q would be a formula", c)
		}
	}
}

// TestCRLF builds the fixture site from a checkout with Windows line ends (every card,
// template, label and asset in CRLF, as git's core.autocrlf makes them): the site is
// byte for byte the one built from LF.
func TestCRLF(t *testing.T) {
	content, lay := readSite(t, "testdata/sites/basic.txtar"), mapFS(t, layouts)
	lf := t.TempDir()
	run(t, content, lay, lf)
	for _, fsys := range []fstest.MapFS{content, lay} {
		for _, f := range fsys {
			f.Data = bytes.ReplaceAll(f.Data, []byte("\n"), []byte("\r\n"))
		}
	}
	crlf := t.TempDir()
	if res := run(t, content, lay, crlf); len(res.Diagnostics) > 0 {
		t.Fatal(res.Diagnostics)
	}
	diffSnapshots(t, snapshot(t, crlf), snapshot(t, lf))
}
