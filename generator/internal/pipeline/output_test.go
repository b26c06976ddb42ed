package pipeline

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// badSite is the basic test site with an error in its cards.
func badSite(t *testing.T) fstest.MapFS {
	fsys := readSite(t, "testdata/sites/basic.txtar")
	a, err := txtar.ParseFile("testdata/bad/empty-file.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		if f.Name != "want" {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return fsys
}

// TestErrorsWriteNothing checks that a build with errors in its cards, which looks at the
// output folder while the cards load, changes nothing there: it makes no folder (not even
// the parent of a nested one) and leaves a killed build's temporary files to the next
// build that writes.
func TestErrorsWriteNothing(t *testing.T) {
	tmp := t.TempDir()
	nested := filepath.Join(tmp, "build", "site")
	if res := buildTo(t, badSite(t), nested); len(res.Diagnostics) == 0 {
		t.Fatal("no errors")
	}
	if _, err := os.Stat(filepath.Join(tmp, "build")); err == nil {
		t.Error("a build with errors made the output folder's parent")
	}
	out := filepath.Join(tmp, "public")
	buildTo(t, readSite(t, "testdata/sites/basic.txtar"), out)
	temp := filepath.Join(out, ".tmp-123-4-index.html")
	os.WriteFile(temp, []byte("x"), 0o644)
	if res := buildTo(t, badSite(t), out); len(res.Diagnostics) == 0 {
		t.Fatal("no errors")
	}
	if _, err := os.Stat(temp); err != nil {
		t.Errorf("a build with errors removed a file: %v", err)
	}
}
