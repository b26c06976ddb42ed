package build

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
	"github.com/jipdec-survey/cloudsec/generator/internal/synth"
)

// TestFreezeSameSite checks that freezing documents as they are parsed, which a survey
// too big for a full edition does to save memory, changes no byte of the site.
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
	outputs := func(freeze bool) map[string][]byte {
		md := markdown.New()
		var f model.Freezer
		if freeze {
			if f = render.Freezer(c, md); f == nil {
				t.Fatal("no freezer for a survey too big for a full edition")
			}
		}
		site, diags := model.Build(c, md, l.Label, f)
		if len(diags) > 0 {
			t.Fatal(diags.Err())
		}
		outs, err := render.Render(site, l, md, nil, "test")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for _, o := range outs {
			m[o.Path] = o.Bytes
		}
		return m
	}
	plain, frozen := outputs(false), outputs(true)
	if len(plain) != len(frozen) {
		t.Fatalf("%d files frozen, %d not", len(frozen), len(plain))
	}
	for p, b := range plain {
		if !bytes.Equal(frozen[p], b) {
			t.Errorf("%s differs when documents are frozen", p)
		}
	}
	if _, ok := plain["ja/full.html"]; ok {
		t.Error("a full edition was built for a survey above MaxFullCards")
	}
}
