package stamp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, p, s string, mtime time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

func TestScanSaveLoadMatch(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	write(t, filepath.Join(dir, "c", "b.toml"), "b", old)
	write(t, filepath.Join(dir, "c", "sub", "a.toml"), "aa", old)
	write(t, filepath.Join(dir, "l", "base.html"), "<p>", old)
	write(t, filepath.Join(dir, "o", "index.html"), "x", time.Now())
	if err := os.Symlink("b.toml", filepath.Join(dir, "c", "link.toml")); err != nil {
		t.Fatal(err)
	}
	dirs := map[string]string{"content": filepath.Join(dir, "c"), "layouts": filepath.Join(dir, "l")}
	in, err := Scan(dirs)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range in {
		paths = append(paths, e.Path)
	}
	if got, want := strings.Join(paths, " "), "content/b.toml content/link.toml content/sub/a.toml layouts/base.html"; got != want {
		t.Fatalf("Scan: %s, want %s", got, want)
	}
	if in[0].Size != 1 || in[0].MTime != old.UnixNano() || in[1].Size != -1 {
		t.Errorf("Scan entries: %+v", in)
	}
	out, err := Stat("out", filepath.Join(dir, "o"), []string{"index.html"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "cache", "stamps", "x")
	s := Stamp{Key: "v1 a b", Started: time.Now().UnixNano(), Inputs: in, Outputs: out}
	if err := s.Save(file); err != nil {
		t.Fatal(err)
	}
	got, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if got.Key != s.Key || got.Started != s.Started || len(got.Inputs) != 4 || len(got.Outputs) != 1 || got.OutputNames()[0] != "index.html" {
		t.Fatalf("Load: %+v, want %+v", got, s)
	}
	// The symbolic link keeps the stamp from ever matching: drop it to test the rest.
	os.Remove(filepath.Join(dir, "c", "link.toml"))
	in, _ = Scan(dirs)
	got.Inputs = in
	if !got.Matches(s.Key, in, out) {
		t.Fatal("an unchanged tree does not match its stamp")
	}
	if got.Matches("v2 a b", in, out) {
		t.Error("another key matches")
	}
	edited := append([]Entry(nil), in...)
	edited[0].Size++
	if got.Matches(s.Key, edited, out) {
		t.Error("an edited input matches")
	}
	if got.Matches(s.Key, in[1:], out) {
		t.Error("a removed input matches")
	}
	touched := append([]Entry(nil), out...)
	touched[0].MTime++
	if got.Matches(s.Key, in, touched) {
		t.Error("a touched output matches")
	}
	// An input changed less than Settle before the build began is never trusted.
	racy := got
	racy.Started = in[0].MTime + int64(Settle) - 1
	if racy.Matches(s.Key, in, out) {
		t.Error("an unsettled input is trusted")
	}
}

func TestLoadRejects(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"foreign": "hello\n",
		"no key":  header + "started 1\n",
		"bad num": header + "key k\nstarted 1\nin x 1 content/a\n",
		"kind":    header + "key k\nstarted 1\nsideways 1 1 content/a\n",
		"cut":     header + "key k\nstarted 1\nin 1 2 3 4 content/a.toml\nin 1 2 3 4 content/b.to",
		"no path": header + "key k\nstarted 1\nin 1 2 3 4 \n",
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		os.WriteFile(p, []byte(text), 0o644)
		if _, err := Load(p); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing stamp loaded")
	}
}

// TestScanThroughLink checks that a folder given as a symbolic link (content -> a
// checkout elsewhere) is listed through the link, as the build reads it: listing
// nothing would let a stamp match after a card changed.
func TestScanThroughLink(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	write(t, filepath.Join(dir, "real", "schemes", "a.toml"), "a", old)
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	via, err := Scan(map[string]string{"content": filepath.Join(dir, "content")})
	if err != nil {
		t.Fatal(err)
	}
	direct, _ := Scan(map[string]string{"content": filepath.Join(dir, "real")})
	if len(via) != 1 || via[0].Path != "content/schemes/a.toml" || via[0] != direct[0] {
		t.Errorf("through the link: %v, want %v", via, direct)
	}
}
