package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes as a scheme card (beside a valid site and standard):
// Load must not panic, and every problem it reports must carry a line and column in the
// card's file.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(schemeTOML))
	f.Add([]byte(strings.Replace(schemeTOML, `region = "domestic"`, `region = "domestc"`, 1)))
	f.Add([]byte(strings.Replace(schemeTOML, `title = "Alpha"`, "title = \"Al\xffpha\"", 1)))
	f.Add([]byte("id = \"alpha\"\n[ja]\ntitle = \"\"\"\n未終了"))
	f.Add([]byte("[[relations]]\nto = [1, {a = 2}]\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, card []byte) {
		fsys := fstest.MapFS{
			"site.toml":            {Data: []byte(siteTOML)},
			"standards/iso-1.toml": {Data: []byte(standardTOML)},
			"schemes/alpha.toml":   {Data: card},
		}
		_, diags := Load(fsys, "content", nil)
		for _, d := range diags {
			if d.Pos.File != "content/schemes/alpha.toml" || d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Errorf("diagnostic without a position in the card: %v", d)
			}
			if d.Msg == "" {
				t.Errorf("diagnostic without a message: %v", d)
			}
		}
	})
}
