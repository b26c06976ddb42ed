package publish

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
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
	putAll(t, w, []File{{Path: "a.html", Bytes: []byte("changed")}, {Path: "new/deep/b.html", Bytes: []byte("b")}})
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
	putAll(t, w, []File{
		{Path: "a.html", Fingerprint: 1, Reused: true},
		{Path: "b/c.html", Bytes: []byte("c"), Fingerprint: 3},
	})
	for _, f := range []File{
		{Path: "b/c.html", Bytes: []byte("c")},
		{Path: "a.html", Fingerprint: 1, Reused: true},
		{Path: "a.html", Bytes: []byte("a")},
	} {
		if err := w.Put(f); err == nil {
			t.Errorf("%s put twice (reused: %v) was accepted", f.Path, f.Reused)
		}
	}
	if err := w.Put(File{Path: "new.html", Reused: true}); err == nil {
		t.Error("a file reused but not in the manifest was accepted")
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

// TestKilledBuildTemps checks that the temporary files of a killed build are removed by
// the next one, in folders the manifest knows and in folders it does not (the killed
// build made them), and that nothing else is: not a file of the site, not a user's file
// whose name only looks like one, not a .git folder.
func TestKilledBuildTemps(t *testing.T) {
	dir := t.TempDir()
	if _, err := Publish(dir, []File{{Path: "a.html", Bytes: []byte("a"), Fingerprint: 1}, {Path: "ja/b.html", Bytes: []byte("b"), Fingerprint: 2}}); err != nil {
		t.Fatal(err)
	}
	write := func(rel string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	temps := []string{".tmp-12-3-a.html", "ja/.tmp-12-4-b.html", "new/deep/.tmp-12-5-c.html", "ja/.tmp-12-7-schemes/x.html", "ja/.tmp-12-7-schemes/"}
	kept := []string{".tmp-notes.txt", "ja/.tmp-x-1-b.html", ".git/.tmp-12-6-x", ".tmp-notes/y.txt"}
	for _, p := range append(slices.Clone(temps), kept...) {
		write(p)
	}
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Abort()
	have := files(t, dir)
	for _, p := range temps {
		if slices.Contains(have, p) {
			t.Errorf("%s was left", p)
		}
	}
	for _, p := range append(kept, "a.html", "ja/b.html") {
		if !slices.Contains(have, p) {
			t.Errorf("%s was removed", p)
		}
	}
}

// TestNewFolders checks that the files of folders a build creates appear all at once, at
// Commit: until then the folders exist only under a temporary name, and only the
// outermost of them has one.
func TestNewFolders(t *testing.T) {
	dir := t.TempDir()
	if _, err := Publish(dir, []File{{Path: "ja/a.html", Bytes: []byte("a"), Fingerprint: 1}}); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, w, []File{
		{Path: "ja/a.html", Fingerprint: 1, Reused: true},
		{Path: "ja/schemes/x.html", Bytes: []byte("x")},
		{Path: "ja/schemes/deep/y.html", Bytes: []byte("y")},
		{Path: "en/z.html", Bytes: []byte("z")},
	})
	var tmps []string
	for _, p := range files(t, dir) {
		switch {
		case strings.HasPrefix(p, "en/") || strings.HasPrefix(p, "ja/schemes"):
			t.Errorf("%s is visible before Commit", p)
		case strings.Contains(p, ".tmp-"):
			tmps = append(tmps, p)
		}
	}
	if len(tmps) != 6 { // two folders, one folder inside, their three files
		t.Errorf("before Commit: %v", tmps)
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 3, Unchanged: 1}) {
		t.Errorf("stats %+v", st)
	}
	want := []string{".manifest", "en/", "en/z.html", "ja/", "ja/a.html", "ja/schemes/", "ja/schemes/deep/", "ja/schemes/deep/y.html", "ja/schemes/x.html"}
	if got := files(t, dir); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if prev := Previous(dir); len(prev) != 1 || prev["ja/a.html"] != 1 {
		t.Errorf("Previous: %v", prev) // files with no fingerprint are not kept
	}
	if st, err := Publish(dir, []File{{Path: "ja/schemes/x.html", Bytes: []byte("x")}}); err != nil || st != (Stats{Unchanged: 1, Removed: 3}) {
		t.Errorf("second publish: %+v %v", st, err)
	}
}

// TestNewFolderTaken checks that a build whose new folder was made meanwhile by someone
// else fails at Commit before any file of the output changes: a changed file keeps its
// bytes, the other new folders are taken out again, nothing temporary is left, and the
// other's folder is as they made it. The manifest on disk is then the one Commit writes
// first, which has forgotten the fingerprints of every file it was about to change,
// those written into new folders included (a file whose folder someone removed).
func TestNewFolderTaken(t *testing.T) {
	dir := t.TempDir()
	if _, err := Publish(dir, []File{
		{Path: "keep.html", Bytes: []byte("v1"), Fingerprint: 1},
		{Path: "gone/b.html", Bytes: []byte("old"), Fingerprint: 2},
	}); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "gone"))
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, w, []File{
		{Path: "keep.html", Bytes: []byte("v2"), Fingerprint: 3},
		{Path: "gone/b.html", Bytes: []byte("new"), Fingerprint: 4},
		{Path: "en/a.html", Bytes: []byte("a")},
	})
	os.MkdirAll(filepath.Join(dir, "en"), 0o755)
	os.WriteFile(filepath.Join(dir, "en", "mine.txt"), []byte("mine"), 0o644)
	if _, err := w.Commit(); err == nil {
		t.Fatal("Commit over a folder made meanwhile succeeded")
	}
	if got, want := files(t, dir), []string{".manifest", "en/", "en/mine.txt", "keep.html"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "keep.html")); string(b) != "v1" {
		t.Errorf("a failed Commit changed keep.html to %q", b)
	}
	m, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	for _, p := range []string{"keep.html", "gone/b.html"} {
		if !regexp.MustCompile(`(?m)^[0-9a-f]{16} 0000000000000000 \d+ ` + regexp.QuoteMeta(p) + `$`).Match(m) {
			t.Errorf("the manifest still trusts the fingerprint of %s:\n%s", p, m)
		}
	}
}

// TestSeen checks that after Commit, Seen describes the files the build left alone and
// none that it wrote or removed.
func TestSeen(t *testing.T) {
	dir := t.TempDir()
	if _, err := Publish(dir, []File{
		{Path: "same.html", Bytes: []byte("s"), Fingerprint: 1},
		{Path: "changed.html", Bytes: []byte("c"), Fingerprint: 2},
		{Path: "gone.html", Bytes: []byte("g"), Fingerprint: 3},
	}); err != nil {
		t.Fatal(err)
	}
	p, w := lookAndBegin(t, dir)
	if prev := p.Fingerprints(); len(prev) != 3 {
		t.Fatalf("Previous: %v", prev)
	}
	putAll(t, w, []File{{Path: "same.html", Fingerprint: 1, Reused: true}, {Path: "changed.html", Bytes: []byte("changed"), Fingerprint: 4}})
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if info, ok := w.Seen("same.html"); !ok || info.Size() != 1 {
		t.Errorf("Seen(same.html) = %v, %v; want the file as it is", info, ok)
	}
	for _, p := range []string{"changed.html", "gone.html", "never.html"} {
		if _, ok := w.Seen(p); ok {
			t.Errorf("Seen(%s): the build wrote or removed it, or it never was", p)
		}
	}
}

// TestOlderManifest checks that a manifest an older generator wrote, with SHA-256 sums,
// still names the files it made: their fingerprints count, and a file the build no
// longer makes is removed, not taken for a user's.
func TestOlderManifest(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "old.html"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "kept.html"), []byte("kept"), 0o644)
	sum := strings.Repeat("ab", 32)
	os.WriteFile(filepath.Join(dir, ManifestName), []byte("# an older header\n"+
		sum+" 0000000000000005 3 old.html\n"+sum+" 0000000000000007 4 kept.html\n"), 0o644)
	p, w := lookAndBegin(t, dir)
	if prev := p.Fingerprints(); prev["old.html"] != 5 || prev["kept.html"] != 7 {
		t.Fatalf("Previous: %v", prev)
	}
	if err := w.Put(File{Path: "kept.html", Fingerprint: 7, Reused: true}); err != nil {
		t.Fatal(err)
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if have := files(t, dir); st.Removed != 1 || slices.Contains(have, "old.html") || !slices.Contains(have, "kept.html") {
		t.Errorf("removed %d; files %v", st.Removed, have)
	}
}

// TestManifestOrder checks that the manifest lists its files sorted by path, whether the
// previous one did or not, and whether the build makes the same files or others.
func TestManifestOrder(t *testing.T) {
	dir := t.TempDir()
	line := func(p string, n int) string { return fmt.Sprintf("0000000000000000 0000000000000009 %d %s\n", n, p) }
	for _, p := range []string{"c.html", "a.html", "b/x.html"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(p), 0o644)
	}
	os.WriteFile(filepath.Join(dir, ManifestName), []byte(manifestHeader+line("c.html", 6)+line("a.html", 6)+line("b/x.html", 8)), 0o644)
	paths := func() []string {
		m, _ := os.ReadFile(filepath.Join(dir, ManifestName))
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(string(m)), "\n")[1:] {
			out = append(out, l[strings.LastIndexByte(l, ' ')+1:])
		}
		return out
	}
	for _, step := range []struct {
		reuse []string
		write []string
		want  []string
	}{
		{reuse: []string{"c.html", "a.html", "b/x.html"}, want: []string{"a.html", "b/x.html", "c.html"}},
		{reuse: []string{"a.html"}, write: []string{"0.html", "b/x.html"}, want: []string{"0.html", "a.html", "b/x.html"}},
		{write: []string{"a.html", "0.html", "b/x.html"}, want: []string{"0.html", "a.html", "b/x.html"}},
	} {
		var files []File
		for _, f := range step.reuse {
			files = append(files, File{Path: f, Fingerprint: 9, Reused: true})
		}
		for _, f := range step.write {
			files = append(files, File{Path: f, Bytes: []byte("new " + f), Fingerprint: 9})
		}
		_, w := lookAndBegin(t, dir)
		putAll(t, w, files)
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := paths(); !slices.Equal(got, step.want) {
			t.Errorf("manifest lists %v, want %v", got, step.want)
		}
	}
}

// TestParts checks a file made of its own bytes and ranges of the file it replaces, which
// stays as it was until Commit; a range beyond that file's end, or a file whose folder
// is new, fails the Put.
func TestParts(t *testing.T) {
	dir := t.TempDir()
	if _, err := Publish(dir, []File{{Path: "data/a.json", Bytes: []byte("0123456789")}}); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	parts := []Part{{Bytes: []byte("ab")}, {Off: 2, Len: 3}, {Bytes: []byte("-")}, {Off: 8, Len: 2}}
	if err := w.Put(File{Path: "data/a.json", Parts: parts}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "data", "a.json")); string(b) != "0123456789" {
		t.Errorf("before Commit: %q", b)
	}
	for _, f := range []File{
		{Path: "data/b.json", Parts: []Part{{Off: 0, Len: 1}}},    // no previous file
		{Path: "new/c.json", Parts: []Part{{Bytes: []byte("c")}}}, // a new folder
	} {
		if err := w.Put(f); err == nil {
			t.Errorf("%s: Put succeeded", f.Path)
		}
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "data", "a.json")); string(b) != "ab234-89" {
		t.Errorf("after Commit: %q, want %q", b, "ab234-89")
	}
	if m, _ := os.ReadFile(filepath.Join(dir, ManifestName)); !strings.Contains(string(m), "0000000000000000 0000000000000000 8 data/a.json\n") {
		t.Errorf("manifest:\n%s\nwant data/a.json without a hash, of 8 bytes", m)
	}
	w, _ = Begin(dir)
	if err := w.Put(File{Path: "data/a.json", Parts: []Part{{Off: 4, Len: 5}}}); err == nil || !strings.Contains(err.Error(), "shorter") {
		t.Errorf("a range beyond the end: %v", err)
	}
	w.Abort()
	w, _ = Begin(dir)
	if err := w.Put(File{Path: "data/a.json", Parts: []Part{{Bytes: []byte("[")}, {Off: 0, Len: -5}}}); err == nil {
		t.Error("a range of negative length was taken")
	}
	w.Abort()
	if b, _ := os.ReadFile(filepath.Join(dir, "data", "a.json")); string(b) != "ab234-89" {
		t.Errorf("after a failed Put: %q", b)
	}
}

// TestParseHex checks parseHex against strconv.ParseUint(s, 16, 64) on every string of
// up to 3 bytes over the bytes that matter, and on longer ones.
func TestParseHex(t *testing.T) {
	alphabet := []byte("09afAFgG x-+_")
	var inputs []string
	var grow func(s string)
	grow = func(s string) {
		inputs = append(inputs, s)
		if len(s) < 3 {
			for _, c := range alphabet {
				grow(s + string(c))
			}
		}
	}
	grow("")
	inputs = append(inputs, "0123456789abcdef", "ffffffffffffffff", "FFFFFFFFFFFFFFFF", "10000000000000000",
		"0000000000000000", "00000000000000000", "deadBEEF", "0x10", "1_0")
	for _, s := range inputs {
		have, ok := parseHex([]byte(s))
		want, err := strconv.ParseUint(s, 16, 64)
		if len(s) > 16 {
			err = errors.New("longer than the manifest writes") // parseHex refuses those
		}
		if ok != (err == nil) || ok && have != want {
			t.Errorf("parseHex(%q) = %x, %v; ParseUint gives %x, %v", s, have, ok, want, err)
		}
	}
}

// putAll puts files through w, failing the test at the first error.
// lookAndBegin looks at what an earlier build left in dir and begins publishing there,
// as a build does.
func lookAndBegin(t *testing.T, dir string) (*Prior, *Writer) {
	t.Helper()
	p, err := Look(dir)
	if err != nil {
		t.Fatal(err)
	}
	w, err := BeginAfter(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	return p, w
}

func putAll(t *testing.T, w *Writer, files []File) {
	t.Helper()
	for _, f := range files {
		if err := w.Put(f); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSameBytes compares files with bytes, a chunk at a time, at sizes around a chunk:
// equal, or different at either end of a chunk, in size, or in kind.
func TestSameBytes(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, size := range []int{0, 1, compareChunk, compareChunk + 1, 2*compareChunk + 77} {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(i*7 + i/251)
		}
		name := fmt.Sprint("f", size)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if !sameBytes(root, name, b) {
			t.Errorf("%d bytes: not the same as themselves", size)
		}
		for _, at := range []int{0, compareChunk - 1, compareChunk, size - 1} {
			if at < 0 || at >= size {
				continue
			}
			c := bytes.Clone(b)
			c[at] ^= 1
			if sameBytes(root, name, c) {
				t.Errorf("%d bytes: a byte changed at %d not seen", size, at)
			}
		}
		if sameBytes(root, name, append(bytes.Clone(b), 0)) || size > 0 && sameBytes(root, name, b[:size-1]) {
			t.Errorf("%d bytes: a different size not seen", size)
		}
		if err := os.Symlink(name, filepath.Join(dir, "link"+name)); err != nil {
			t.Fatal(err)
		}
		if sameBytes(root, "link"+name, b) {
			t.Errorf("%d bytes: a symbolic link taken for the file", size)
		}
	}
	if sameBytes(root, "missing", nil) {
		t.Error("a missing file is the same as nothing")
	}
}
