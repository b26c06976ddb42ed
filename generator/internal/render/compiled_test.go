package render

import (
	"bytes"
	"os"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/synth"
)

// renderAll renders every output of the content folder dir, with the compiled page
// programs or (reference) with html/template alone.
func renderAll(t *testing.T, dir string, reference bool) (map[string][]byte, *Layouts) {
	t.Helper()
	c, diags := content.Load(os.DirFS(dir), "content")
	layouts, ldiags := LoadLayouts(os.DirFS("../../../layouts"), "layouts")
	layouts.reference = reference
	md := markdown.New()
	site, mdiags := model.Build(c, md, layouts.Label, model.Hooks{})
	if all := append(append(diags, ldiags...), mdiags...); len(all) > 0 {
		t.Fatal(all.Err())
	}
	outs, err := Render(site, layouts, md, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]byte{}
	for _, o := range outs {
		pages[o.Path] = o.Bytes
	}
	return pages, layouts
}

// TestCompiledPages renders every page of the real survey, and of a synthetic survey big
// enough for the grouped forms of its pages, with the compiled page programs and with
// html/template alone: the bytes must be the same, and every page kind must have run
// compiled, to the end, on every page.
func TestCompiledPages(t *testing.T) {
	synthetic := t.TempDir()
	if err := synth.Write(synthetic, 320); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../../../content", synthetic} {
		compiled, layouts := renderAll(t, dir, false)
		reference, _ := renderAll(t, dir, true)
		if len(compiled) != len(reference) {
			t.Fatalf("%s: %d outputs compiled, %d with html/template", dir, len(compiled), len(reference))
		}
		for p, want := range reference {
			if have := compiled[p]; !bytes.Equal(have, want) {
				i := 0
				for i < len(have) && i < len(want) && have[i] == want[i] {
					i++
				}
				t.Errorf("%s: %s differs at byte %d:\ncompiled:      %q\nhtml/template: %q", dir, p, i, excerpt(have, i), excerpt(want, i))
			}
		}
		kinds := layouts.Compiled()
		for _, kind := range pageTemplates {
			why, ok := kinds[kind]
			if !ok {
				t.Errorf("%s: no %s page was rendered", dir, kind)
			} else if why != "" {
				t.Errorf("%s: %s pages: %s", dir, kind, why)
			}
		}
	}
}

func excerpt(b []byte, i int) string {
	return string(b[max(0, i-40):min(len(b), i+40)])
}
