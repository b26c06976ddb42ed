package diagram

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
)

var renderJSON = flag.String("render", "", "comma-separated JSON files, each {\"graph\": Graph, \"options\": Options}, to render next to themselves as .svg (a development aid)")

// TestRenderJSON draws graphs given on the command line, to look at them in a browser:
//
//	go test ./generator/internal/diagram -run RenderJSON -render /tmp/g.json
func TestRenderJSON(t *testing.T) {
	if *renderJSON == "" {
		t.Skip("no -render files")
	}
	for _, name := range strings.Split(*renderJSON, ",") {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var in struct {
			Graph   Graph
			Options Options
		}
		if err := json.Unmarshal(src, &in); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		svg, lay, err := Render(in.Graph, in.Options)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := strings.TrimSuffix(name, ".json") + ".svg"
		if err := os.WriteFile(out, svg, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %gx%g, %d crossings", out, lay.Width, lay.Height, lay.Crossings)
	}
}
