package diagram_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/diagram"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
)

// maxCrossings are the most crossing pairs of edges the large figures may have, counted
// from their geometry.
var maxCrossings = map[string]int{"#figure-1-1": 30, "#families": 10}

// TestSiteDiagrams draws every diagram of the real site, in both languages, and checks
// its geometry with Check: no two boxes intersect, every label fits its box, every edge
// ends on its nodes' borders and passes through no other box. A drawing wider than a
// phone's column is checked in its narrow form too, which must fit the column. Every
// scheme that references anything has a neighbourhood diagram.
func TestSiteDiagrams(t *testing.T) {
	c, diags := content.Load(os.DirFS("../../../content"), "content", nil)
	layouts, ldiags := render.LoadLayouts(os.DirFS("../../../layouts"), "layouts")
	site, mdiags := model.Build(c, markdown.New(), layouts.Label, nil)
	if all := append(append(diags, ldiags...), mdiags...); len(all) > 0 {
		t.Fatal(all.Err())
	}
	for _, lang := range content.Langs {
		drawings := render.Drawings(site, layouts, lang)
		for _, sc := range site.Schemes {
			if path := model.Path(lang, content.SchemeCard, string(sc.ID)); drawings[path] == nil && (len(sc.Standards) > 0 || len(sc.Related) > 0) {
				t.Errorf("%s: no neighbourhood diagram", path)
			}
		}
		names := make([]string, 0, len(drawings))
		for name := range drawings {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			d := drawings[name]
			if d == nil {
				continue
			}
			lay := checkDrawing(t, name, d)
			if strings.HasSuffix(name, "#families") {
				for _, problem := range diagram.ThroughBands(d.Graph, lay) {
					t.Errorf("%s: %s", name, problem)
				}
			}
			for suffix, most := range maxCrossings {
				if c := diagram.Crossings(lay); strings.HasSuffix(name, suffix) && c > most {
					t.Errorf("%s: %d pairs of edges cross; at most %d may", name, c, most)
				}
			}
			if lay.Width <= render.PhoneWidth {
				continue
			}
			if small := checkDrawing(t, name+" (narrow)", d.Narrow()); small.Width > render.PhoneWidth {
				t.Errorf("%s: the narrow form is %g px wide; a phone's column takes %d", name, small.Width, render.PhoneWidth)
			}
		}
	}
}

func checkDrawing(t *testing.T, name string, d *render.Drawing) diagram.Layout {
	t.Helper()
	_, lay, err := diagram.Render(d.Graph, d.Options)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, problem := range diagram.Check(d.Graph, d.Options, lay) {
		t.Errorf("%s: %s", name, problem)
	}
	return lay
}
