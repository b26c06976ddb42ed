package build

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/publish"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
	"github.com/jipdec-survey/cloudsec/generator/internal/stamp"
	"github.com/jipdec-survey/cloudsec/generator/internal/synth"
)

// benchN is the size of the synthetic survey the stage benchmarks run on.
var benchN = flag.Int("bench.n", 1000, "schemes in the synthetic corpus of the benchmarks")

// corpus writes the synthetic survey once per run and returns its folder.
func corpus(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "survey-bench", "content-"+itoa(*benchN))
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err != nil {
		if err := synth.Write(dir, *benchN); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var s []byte
	for ; n > 0; n /= 10 {
		s = append([]byte{byte('0' + n%10)}, s...)
	}
	return string(s)
}

type stages struct {
	c       *content.Content
	layouts *render.Layouts
	md      *markdown.Engine
	site    *model.Site
	outs    []render.Output
}

func prepare(b *testing.B, upTo string) stages {
	b.Helper()
	var s stages
	dir := corpus(b)
	s.c, _ = content.Load(os.DirFS(dir), "content")
	if upTo == "load" {
		return s
	}
	s.layouts, _ = render.LoadLayouts(layouts, "layouts")
	s.md = markdown.New()
	s.site, _ = model.Build(s.c, s.md, s.layouts.Label, model.Hooks{})
	if upTo == "model" {
		return s
	}
	var err error
	s.outs, err = render.Render(s.site, s.layouts, s.md, nil, "bench")
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkLoad(b *testing.B) {
	dir := corpus(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := content.Load(os.DirFS(dir), "content"); len(diags) > 0 {
			b.Fatal(diags.Err())
		}
	}
}

func BenchmarkModel(b *testing.B) {
	s := prepare(b, "load")
	layouts, _ := render.LoadLayouts(layouts, "layouts")
	b.ReportAllocs()
	for b.Loop() {
		// model.Build parses Markdown and links cards; it does not change the cards.
		if _, diags := model.Build(s.c, markdown.New(), layouts.Label, model.Hooks{}); len(diags) > 0 {
			b.Fatal(diags.Err())
		}
	}
}

func BenchmarkRender(b *testing.B) {
	s := prepare(b, "model")
	b.ReportAllocs()
	for b.Loop() {
		// Each iteration needs freshly parsed documents: rendering marks abbreviations.
		b.StopTimer()
		site, _ := model.Build(s.c, s.md, s.layouts.Label, model.Hooks{})
		b.StartTimer()
		if _, err := render.Render(site, s.layouts, s.md, nil, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPublish(b *testing.B) {
	s := prepare(b, "render")
	files := make([]publish.File, len(s.outs))
	for i, o := range s.outs {
		files[i] = publish.File{Path: o.Path, Bytes: o.Bytes, Fingerprint: o.Fingerprint}
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		if _, err := publish.Publish(out, files); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	dir := corpus(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		res, err := Run(Options{Content: os.DirFS(dir), ContentName: "content", Layouts: layouts, LayoutsName: "layouts", Out: out, Version: "bench"})
		if err != nil || len(res.Diagnostics) > 0 {
			b.Fatal(err, res.Diagnostics)
		}
	}
}

// BenchmarkNoop rebuilds a site whose output is already there and current.
func BenchmarkNoop(b *testing.B) {
	dir := corpus(b)
	out := b.TempDir()
	opts := Options{Content: os.DirFS(dir), ContentName: "content", Layouts: layouts, LayoutsName: "layouts", Out: out, Version: "bench"}
	if _, err := Run(opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(opts)
		if err != nil || len(res.Rendered) > 0 {
			b.Fatal(err, res.Rendered)
		}
	}
}

// BenchmarkCardCache reads and writes the card cache of the synthetic survey (which
// must be big enough to freeze its documents: -bench.n above render.MaxFullCards),
// taking every card.
func BenchmarkCardCache(b *testing.B) {
	dir := corpus(b)
	tmp := b.TempDir()
	opts := Options{
		Content: os.DirFS(dir), ContentName: "content", Layouts: layouts, LayoutsName: "layouts", Out: filepath.Join(tmp, "public"),
		Version: "bench", Stamp: filepath.Join(tmp, "stamp"), ContentDir: dir, LayoutsDir: "../../../layouts",
	}
	if _, err := Run(opts); err != nil {
		b.Fatal(err)
	}
	old, err := stamp.Load(opts.Stamp)
	if err != nil {
		b.Skip("no stamp: the survey is too small to cache its cards")
	}
	settled := map[string]bool{}
	inputs := slices.Clone(old.Inputs)
	for i := range inputs {
		settled[inputs[i].Path] = true
		inputs[i].MTime = 0 // settled long ago
	}
	read := func(b *testing.B) *cardCache {
		c := loadCards(opts.Stamp, old, settled, inputs)
		if c == nil {
			b.Fatal("no cache")
		}
		if len(c.cards) < *benchN {
			b.Fatalf("the cache gave %d cards of %d", len(c.cards), len(c.identities))
		}
		return c
	}
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			read(b).close()
		}
	})
	b.Run("write", func(b *testing.B) {
		c, _ := content.Load(os.DirFS(dir), "content")
		l, _ := render.LoadLayouts(layouts, "layouts")
		site, _ := model.Build(c, markdown.New(), l.Label, model.Hooks{})
		b.ReportAllocs()
		for b.Loop() {
			w := writeCards(opts.Stamp, old.Key, old.Started, site, nil)
			if w.err != nil {
				b.Fatal(w.err)
			}
			os.Remove(w.tmp)
		}
	})
}
