package pipeline

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/publish"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
)

// benchContent is the content folder the stage benchmarks build: the real survey, or a
// synthetic one of any size made by go run ./.ci/bench/synth -n N -out DIR.
var benchContent = flag.String("bench.content", "../../../content", "content folder of the benchmarks")

func corpus(b *testing.B) string {
	b.Helper()
	if _, err := os.Stat(filepath.Join(*benchContent, "site.toml")); err != nil {
		b.Fatalf("-bench.content: %v", err)
	}
	return *benchContent
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
	s.c, _ = content.Load(os.DirFS(dir), "content", nil)
	if upTo == "load" {
		return s
	}
	s.layouts, _ = render.LoadLayouts(layouts, "layouts")
	s.md = markdown.New()
	s.site, _ = model.Build(s.c, s.md, s.layouts.Label, nil)
	if upTo == "model" {
		return s
	}
	var err error
	s.outs, err = render.Render(s.site, s.layouts, s.md, nil)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkLoad(b *testing.B) {
	dir := corpus(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := content.Load(os.DirFS(dir), "content", nil); len(diags) > 0 {
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
		if _, diags := model.Build(s.c, markdown.New(), layouts.Label, nil); len(diags) > 0 {
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
		site, _ := model.Build(s.c, s.md, s.layouts.Label, nil)
		b.StartTimer()
		if _, err := render.Render(site, s.layouts, s.md, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPublish(b *testing.B) {
	s := prepare(b, "render")
	outs := func(yield func(render.Output, error) bool) {
		for _, o := range s.outs {
			if !yield(o, nil) {
				return
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		if _, err := publish.Publish(out, outs); err != nil {
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
		res, err := Run(context.Background(), Options{Content: os.DirFS(dir), ContentName: "content", Layouts: layouts, LayoutsName: "layouts", Out: out})
		if err != nil || len(res.Diagnostics) > 0 {
			b.Fatal(err, res.Diagnostics)
		}
	}
}

// BenchmarkNoop rebuilds a site whose output is already there and current.
func BenchmarkNoop(b *testing.B) {
	dir := corpus(b)
	out := b.TempDir()
	opts := Options{Content: os.DirFS(dir), ContentName: "content", Layouts: layouts, LayoutsName: "layouts", Out: out}
	if _, err := Run(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(context.Background(), opts)
		if err != nil || res.Written > 0 {
			b.Fatal(err, res.Written)
		}
	}
}
