package build

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
	"github.com/jipdec-survey/cloudsec/generator/internal/synth"
)

// TestFreezeSameSite checks that freezing documents as they are parsed, which a survey
// too big for a full edition does to save memory, and shelving them (parsing them again
// for the pages that render), change no byte of the site.
func TestFreezeSameSite(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a survey of 600 schemes twice")
	}
	dir := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(dir, render.MaxFullCards); err != nil {
		t.Fatal(err)
	}
	c, diags := content.Load(os.DirFS(dir), "content")
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	l, _ := render.LoadLayouts(layouts, "layouts")
	// "frozen" renders every document as it is parsed, "shelved" none (as for cards
	// unchanged since the last build: each page that renders parses its document again),
	// "pipeline" renders the pages of each scheme as soon as it is parsed.
	outputs := func(mode string) map[string][]byte {
		md := markdown.New()
		var f model.Freezer
		if mode != "plain" {
			var settled func(kind, id string) bool
			if mode == "shelved" {
				settled = func(string, string) bool { return true }
			}
			if f = render.Freezer(c, md, settled); f == nil {
				t.Fatal("no freezer for a survey too big for a full edition")
			}
		}
		hooks := model.Hooks{Freeze: f}
		var pipe *render.Pipeline
		if mode == "pipeline" {
			pipe = render.NewPipeline(l, md, nil, "test", nil, render.Reuse{})
			hooks.Parsed = pipe.Scheme
		}
		site, diags := model.Build(c, md, l.Label, hooks)
		if len(diags) > 0 {
			t.Fatal(diags.Err())
		}
		var outs []render.Output
		var err error
		if pipe != nil {
			outs, err = pipe.Finish(site)
		} else {
			outs, err = render.Render(site, l, md, nil, "test")
		}
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for _, o := range outs {
			m[o.Path] = o.Bytes
		}
		return m
	}
	plain := outputs("plain")
	for _, mode := range []string{"frozen", "shelved", "pipeline"} {
		got := outputs(mode)
		if len(got) != len(plain) {
			t.Fatalf("%s: %d files, %d without", mode, len(got), len(plain))
		}
		for p, b := range plain {
			if !bytes.Equal(got[p], b) {
				t.Errorf("%s differs when documents are %s", p, mode)
			}
		}
	}
	if _, ok := plain["ja/full.html"]; ok {
		t.Error("a full edition was built for a survey above MaxFullCards")
	}
}

// bigSurveyFS returns a synthetic survey just big enough to freeze its documents, and the
// file names of its schemes, sorted.
func bigSurveyFS(t *testing.T) (fstest.MapFS, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(dir, render.MaxFullCards); err != nil {
		t.Fatal(err)
	}
	content := mapFS(t, os.DirFS(dir))
	var schemes []string
	for name := range content {
		if strings.HasPrefix(name, "schemes/") {
			schemes = append(schemes, name)
		}
	}
	slices.Sort(schemes)
	return content, schemes
}

// TestPipelineFailureWritesNothing checks that a big survey whose scheme pages are
// written as the schemes are parsed (render.Pipeline) leaves the output folder as it was
// when a card turns out to have an error, or a scheme's template fails: for a folder with
// an earlier build, and for a new one, which is not left behind, nor its parent.
func TestPipelineFailureWritesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes four times")
	}
	content, schemes := bigSurveyFS(t)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "public")
	run(t, content, layouts, out)
	before := snapshot(t, out)
	// Every scheme's pages change, so that the writer has files to take out again.
	bad := mapFS(t, content)
	for _, name := range schemes {
		replace(t, bad, name, "overview = \"\"\"\n", "overview = \"\"\"\n- 追記。\n")
	}
	replace(t, bad, schemes[len(schemes)-1], "](std:", "](std:no-such-")
	fresh := filepath.Join(tmp, "new", "public")
	for _, dir := range []string{out, fresh} {
		if res := run(t, bad, layouts, dir); len(res.Diagnostics) == 0 {
			t.Fatal("no diagnostics for an unknown standard")
		}
	}
	diffSnapshots(t, snapshot(t, out), before)
	lay := mapFS(t, layouts)
	lay["scheme.html"].Data = bytes.Replace(lay["scheme.html"].Data, []byte(`{{define "main"}}`), []byte(`{{define "main"}}{{.NoSuchField}}`), 1)
	for _, dir := range []string{out, fresh} {
		_, err := Run(Options{Content: content, ContentName: "content", Layouts: lay, LayoutsName: "layouts", Out: dir, Version: "test"})
		if err == nil || !strings.Contains(err.Error(), "NoSuchField") {
			t.Fatalf("%s: error %v, want the template's", dir, err)
		}
	}
	diffSnapshots(t, snapshot(t, out), before)
	if _, err := os.Stat(filepath.Dir(fresh)); !os.IsNotExist(err) {
		t.Errorf("a failed build left a new folder behind: %v", err)
	}
}

// TestFreezeIncremental edits cards of a survey big enough to freeze its documents, and
// checks that the incremental build equals a clean one.
func TestFreezeIncremental(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes four times")
	}
	content, names := bigSurveyFS(t)
	out := t.TempDir()
	run(t, content, layouts, out)
	// One card's overview, then another's title (shown on other pages too).
	insert := func(f *fstest.MapFile, after, text string) {
		i := bytes.Index(f.Data, []byte(after))
		if i < 0 {
			t.Fatalf("no %q in a synthetic card", after)
		}
		i += len(after)
		f.Data = slices.Concat(f.Data[:i], []byte(text), f.Data[i:])
	}
	insert(content[names[len(names)/2]], "overview = \"\"\"\n", "- 追記：確認する。\n")
	insert(content[names[7]], `title = "`, "改 ")
	res := run(t, content, layouts, out)
	if len(res.Diagnostics) > 0 {
		t.Fatal(res.Diagnostics)
	}
	t.Logf("the edits re-rendered %d pages", len(res.Rendered))
	if len(res.Rendered) == 0 || len(res.Rendered) > 40 {
		t.Errorf("the edits re-rendered %d pages: %q", len(res.Rendered), res.Rendered)
	}
	clean := t.TempDir()
	run(t, content, layouts, clean)
	have, want := snapshot(t, out), snapshot(t, clean)
	if len(have) != len(want) {
		t.Fatalf("%d files, a clean build has %d", len(have), len(want))
	}
	for p, b := range want {
		if have[p] != b {
			t.Errorf("%s differs from a clean build", p)
		}
	}
}
