package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jipdec-survey/cloudsec/generator/internal/publish"
)

func mapFS(t testing.TB, fsys fs.FS) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func clone(m fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = &fstest.MapFile{Data: slices.Clone(v.Data)}
	}
	return out
}

func run(t testing.TB, content, layouts fs.FS, out string) Result {
	t.Helper()
	res, err := Run(context.Background(), Options{Content: content, ContentName: "content", Layouts: layouts, LayoutsName: "layouts", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// rebuild builds with b, which keeps what its last build made (as the preview does).
func rebuild(t testing.TB, b *Builder, content, layouts fs.FS, out string) Result {
	t.Helper()
	res, err := b.Build(context.Background(), Options{Content: content, ContentName: "content", Layouts: layouts, LayoutsName: "layouts", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func replace(t testing.TB, m fstest.MapFS, name, old, new string) {
	t.Helper()
	f := m[name]
	if f == nil || !bytes.Contains(f.Data, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	f.Data = bytes.Replace(f.Data, []byte(old), []byte(new), 1)
}

// TestRenderCounts proves, with the render counter, that a Builder's build after an
// edit re-renders exactly the pages that show what changed, and that a build with
// nothing changed writes nothing.
func TestRenderCounts(t *testing.T) {
	content := readSite(t, "testdata/sites/basic.txtar")
	lay := mapFS(t, layouts)
	out := t.TempDir()
	var b Builder
	first := rebuild(t, &b, content, lay, out)
	if len(first.Rendered) == 0 || first.Written != first.Outputs {
		t.Fatalf("first build: %+v", first)
	}

	steps := []struct {
		name string
		edit func(c, l fstest.MapFS)
		want []string
	}{
		{"nothing", func(c, l fstest.MapFS) {}, nil},
		{"overview in Japanese", func(c, l fstest.MapFS) {
			replace(t, c, "schemes/alpha.toml", "有効期間は 3 年。", "有効期間は 3 年間。")
		}, []string{"ja/full.html", "ja/schemes/alpha.html"}},
		{"title in English", func(c, l fstest.MapFS) {
			replace(t, c, "schemes/alpha.toml", `title = "Alpha Certification"`, `title = "Alpha Certification Scheme"`)
		}, nil},
		{"a label", func(c, l fstest.MapFS) {
			replace(t, l, "i18n.toml", `"nav.next" = "Next"`, `"nav.next" = "Next page"`)
		}, nil},
	}
	for _, step := range steps {
		step.edit(content, lay)
		res := rebuild(t, &b, content, lay, out)
		want := step.want
		if step.name == "a label" || step.name == "title in English" {
			// An English label is on every English page, and only there; so is alpha's
			// English title, in the side navigation's contents.
			want = nil
			for _, p := range first.Rendered {
				if strings.HasPrefix(p, "en/") {
					want = append(want, p)
				}
			}
		}
		if !slices.Equal(res.Rendered, want) {
			t.Errorf("%s: rendered %q, want %q", step.name, res.Rendered, want)
		}
		if step.name == "nothing" && (res.Written != 0 || res.Removed != 0) {
			t.Errorf("nothing changed, yet %d written, %d removed", res.Written, res.Removed)
		}
	}
}

// TestIncrementalEqualsClean applies a long random sequence of edits (change a field,
// add a card, delete a card, change a reference, edit a template, change the base URL)
// and checks after each step that a Builder's build, which reuses what it can, equals a
// clean build of the same input, byte for byte.
func TestIncrementalEqualsClean(t *testing.T) {
	steps := 80
	if testing.Short() {
		steps = 15
	}
	rng := rand.New(rand.NewPCG(1, 2))
	content := readSite(t, "testdata/sites/basic.txtar")
	// With a base URL, for the sitemap, which lists every page.
	content["site.toml"].Data = append([]byte("base_url = \"https://example.org/survey/\"\n"), content["site.toml"].Data...)
	lay := mapFS(t, layouts)
	out := t.TempDir()
	var b Builder
	rebuild(t, &b, content, lay, out)
	added := []string{}
	for i := range steps {
		var what string
		switch rng.IntN(9) {
		case 0: // change a field of a random card
			names := []string{"schemes/alpha.toml", "schemes/beta.toml", "standards/std-a.toml", "standards/std-b.toml", "pages/intro.toml"}
			name := names[rng.IntN(len(names))]
			f := content[name]
			last := rng.IntN(2) == 0
			// the title, in one language, and the heading that repeats it with notes
			for _, key := range []string{`title = "`, `heading = "`} {
				idx := bytes.Index(f.Data, []byte(key))
				if last {
					idx = bytes.LastIndex(f.Data, []byte(key))
				}
				if idx >= 0 {
					f.Data = slices.Concat(f.Data[:idx+len(key)], []byte(fmt.Sprintf("改%d ", i)), f.Data[idx+len(key):])
				}
			}
			what = "edit " + name
		case 1: // add a scheme
			id := fmt.Sprintf("gamma-%d", i)
			c := strings.ReplaceAll(string(content["schemes/alpha.toml"].Data), `id = "alpha"`, `id = "`+id+`"`)
			c = strings.Replace(c, `section = "2.1.1"`, fmt.Sprintf(`section = "2.1.%d"`, 10+i), 1)
			content["schemes/"+id+".toml"] = &fstest.MapFile{Data: []byte(c)}
			added = append(added, id)
			what = "add " + id
		case 2: // delete an added scheme
			if len(added) == 0 {
				continue
			}
			j := rng.IntN(len(added))
			delete(content, "schemes/"+added[j]+".toml")
			what = "delete " + added[j]
			added = slices.Delete(added, j, j+1)
		case 3: // change a reference
			f := content["schemes/beta.toml"]
			if bytes.Contains(f.Data, []byte(`standards = ["std-a", "std-b"]`)) {
				f.Data = bytes.Replace(f.Data, []byte(`standards = ["std-a", "std-b"]`), []byte(`standards = ["std-b"]`), 1)
			} else {
				f.Data = bytes.Replace(f.Data, []byte(`standards = ["std-b"]`), []byte(`standards = ["std-a", "std-b"]`), 1)
			}
			what = "rereference beta"
		case 4: // edit a template
			names := []string{"scheme.html", "standard.html", "base.html", "home.html"}
			name := names[rng.IntN(len(names))]
			lay[name].Data = append(lay[name].Data, []byte(fmt.Sprintf("{{/* edit %d */}}<!-- %d -->\n", i, i))...)
			what = "template " + name
		case 6: // a heading of a scheme's document changes with its org_role or scope_label
			f := content["schemes/alpha.toml"]
			swaps := [][2]string{{`org_role = "operator"`, `org_role = "author"`}, {`scope_label = "scope"`, `scope_label = "target"`}}
			sw := swaps[rng.IntN(len(swaps))]
			if bytes.Contains(f.Data, []byte(sw[0])) {
				f.Data = bytes.Replace(f.Data, []byte(sw[0]), []byte(sw[1]), 1)
			} else {
				f.Data = bytes.Replace(f.Data, []byte(sw[1]), []byte(sw[0]), 1)
			}
			what = "headings of alpha"
		case 5: // a glossary abbreviation appears or changes
			f := content["glossary.toml"]
			f.Data = bytes.Replace(f.Data, []byte(`abbr = "`), []byte(fmt.Sprintf(`abbr = "X%d`, i)), 1)
			what = "glossary"
		case 8: // the Markdown of a standard or a prose page
			edits := [][2]string{{"standards/std-a.toml", `description = "`}, {"pages/intro.toml", `body = """` + "\n"}}
			e := edits[rng.IntN(len(edits))]
			f := content[e[0]]
			idx := bytes.Index(f.Data, []byte(e[1]))
			if idx < 0 {
				t.Fatalf("%s has no %q", e[0], e[1])
			}
			idx += len(e[1])
			f.Data = slices.Concat(f.Data[:idx], []byte(fmt.Sprintf("追記%d ", i)), f.Data[idx:])
			what = "markdown of " + e[0]
		case 7: // the base URL changes
			f := content["site.toml"]
			f.Data = bytes.Replace(f.Data, []byte(`base_url = "https://example.org/`), []byte(fmt.Sprintf(`base_url = "https://example.org/%d/`, i)), 1)
			what = "base URL"
		}
		inc := rebuild(t, &b, content, lay, out)
		if len(inc.Diagnostics) > 0 {
			t.Fatalf("step %d (%s): %v", i, what, inc.Diagnostics)
		}
		clean := t.TempDir()
		run(t, clone(content), clone(lay), clean)
		have, want := snapshot(t, out), snapshot(t, clean)
		if len(have) != len(want) {
			t.Errorf("step %d (%s): %d files, clean build has %d", i, what, len(have), len(want))
		}
		for p, w := range want {
			if have[p] != w {
				t.Fatalf("step %d (%s): %s differs from a clean build", i, what, p)
			}
		}
	}
}

// TestFailedBuildTouchesNothing checks that a build with a content error leaves the
// output folder byte for byte as it was, manifest included.
func TestFailedBuildTouchesNothing(t *testing.T) {
	content := readSite(t, "testdata/sites/basic.txtar")
	out := t.TempDir()
	run(t, content, layouts, out)
	before := snapshot(t, out)
	replace(t, content, "schemes/alpha.toml", "std:std-a", "std:std-x")
	if res := run(t, content, layouts, out); len(res.Diagnostics) == 0 {
		t.Fatal("no diagnostics")
	}
	diffSnapshots(t, snapshot(t, out), before)
}

// TestLock checks that a second build into the same folder is refused with a clear message.
func TestLock(t *testing.T) {
	out := t.TempDir()
	unlock, err := publish.Lock(out)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	_, err = Run(context.Background(), Options{Content: readSite(t, "testdata/sites/basic.txtar"), Layouts: layouts, Out: out})
	if err == nil || !strings.Contains(err.Error(), "wait for it to finish") {
		t.Fatalf("second build: %v", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 || entries[0].Name() != publish.LockName {
		t.Errorf("a refused build wrote files: %v", entries)
	}
}
