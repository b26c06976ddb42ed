package publish

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			if d.IsDir() {
				rel += "/"
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	return out
}

// TestWriterAbort checks that a build that fails after it started writing leaves the
// output folder exactly as it was.
func TestWriterAbort(t *testing.T) {
	dir := t.TempDir()
	if _, err := Publish(dir, []File{{Path: "a.html", Bytes: []byte("a"), Fingerprint: 1}}); err != nil {
		t.Fatal(err)
	}
	before := files(t, dir)
	manifest, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []File{{Path: "a.html", Bytes: []byte("changed")}, {Path: "new/deep/b.html", Bytes: []byte("b")}} {
		if err := w.Put(f); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.html")); string(b) != "a" {
		t.Errorf("Put changed a file before Commit: %q", b)
	}
	w.Abort()
	if after := files(t, dir); !slices.Equal(after, before) {
		t.Errorf("after Abort: %v, want %v", after, before)
	}
	if m, _ := os.ReadFile(filepath.Join(dir, ManifestName)); string(m) != string(manifest) {
		t.Error("Abort changed the manifest")
	}
}

func TestWriterCommit(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "CNAME"), []byte("example.org"), 0o644)
	st, err := Publish(dir, []File{
		{Path: "a.html", Bytes: []byte("a"), Fingerprint: 1},
		{Path: "old/x.html", Bytes: []byte("x"), Fingerprint: 2},
	})
	if err != nil || st.Written != 2 {
		t.Fatalf("first publish: %+v %v", st, err)
	}
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []File{
		{Path: "a.html", Fingerprint: 1, Reused: true},
		{Path: "b/c.html", Bytes: []byte("c"), Fingerprint: 3},
	} {
		if err := w.Put(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Put(File{Path: "b/c.html", Bytes: []byte("c")}); err == nil {
		t.Error("a path put twice was accepted")
	}
	st, err = w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 1, Unchanged: 1, Removed: 1}) {
		t.Errorf("stats %+v", st)
	}
	want := []string{".manifest", "CNAME", "a.html", "b/", "b/c.html"}
	if got := files(t, dir); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if prev := Previous(dir); prev["a.html"] != 1 || prev["b/c.html"] != 3 || len(prev) != 2 {
		t.Errorf("Previous: %v", prev)
	}
}

// TestPreviousMissingFolder checks that a folder of the previous build that was deleted
// by hand only makes its files count as gone.
func TestPreviousMissingFolder(t *testing.T) {
	dir := t.TempDir()
	if _, err := Publish(dir, []File{
		{Path: "a.html", Bytes: []byte("a"), Fingerprint: 1},
		{Path: "en/b.html", Bytes: []byte("b"), Fingerprint: 2},
	}); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "en"))
	if prev := Previous(dir); len(prev) != 1 || prev["a.html"] != 1 {
		t.Errorf("Previous: %v", prev)
	}
}
