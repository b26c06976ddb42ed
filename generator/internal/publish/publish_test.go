package publish

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/render"
)

// File is an output, as render makes them.
type File = render.Output

// publishAll publishes files into dir, as a build does.
func publishAll(dir string, files []File) (Stats, error) {
	return Publish(dir, func(yield func(File, error) bool) {
		for _, f := range files {
			if !yield(f, nil) {
				return
			}
		}
	})
}

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
	if _, err := publishAll(dir, []File{{Path: "a.html", Bytes: []byte("a"), Fingerprint: 1}}); err != nil {
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
	st, err := publishAll(dir, []File{
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
	if err := w.Put(File{Path: "new.html", Reused: true}); !errors.Is(err, ErrNotKept) {
		t.Errorf("a file reused but not in the manifest: %v, want ErrNotKept", err)
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
	if m, _ := os.ReadFile(filepath.Join(dir, ManifestName)); string(m) != manifestHeader+"a.html\nb/c.html\n" {
		t.Errorf("manifest:\n%s", m)
	}
}

// TestReusedFileGone checks that a file the build reuses but that is no longer on disk
// (someone removed its folder) fails the build with ErrNotKept, changing nothing.
func TestReusedFileGone(t *testing.T) {
	dir := t.TempDir()
	if _, err := publishAll(dir, []File{
		{Path: "a.html", Bytes: []byte("a")},
		{Path: "en/b.html", Bytes: []byte("b")},
	}); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "en"))
	before := files(t, dir)
	_, err := publishAll(dir, []File{{Path: "a.html", Bytes: []byte("changed")}, {Path: "en/b.html", Reused: true}})
	if !errors.Is(err, ErrNotKept) {
		t.Fatalf("error %v, want ErrNotKept", err)
	}
	if after := files(t, dir); !slices.Equal(after, before) {
		t.Errorf("after the failed publish: %v, want %v", after, before)
	}
}

// TestKilledBuildLeftovers checks that what a killed build left (its staging folder, a
// lock file) is removed by the next one, and that nothing else is: not a file of the site,
// not a user's file whose name only looks like a temporary one, not a .git folder.
func TestKilledBuildLeftovers(t *testing.T) {
	dir := t.TempDir()
	if _, err := publishAll(dir, []File{{Path: "a.html", Bytes: []byte("a"), Fingerprint: 1}, {Path: "ja/b.html", Bytes: []byte("b"), Fingerprint: 2}}); err != nil {
		t.Fatal(err)
	}
	write := func(rel string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	left := []string{".manifest.tmp/3", ".manifest.tmp/4/x.html", ".manifest.tmp/4/", ".manifest.tmp/", ".manifest.lock"}
	kept := []string{".tmp-1-1-x", ".tmp-12-3-a.html", "ja/.tmp-12-4-b.html", ".git/.tmp-12-6-x", ".tmp-notes/y.txt", "ja/.tmp-12-7-schemes/x.html"}
	for _, p := range append(slices.Clone(left), kept...) {
		if !strings.HasSuffix(p, "/") {
			write(p)
		}
	}
	for _, end := range []func(*Writer){(*Writer).Abort, func(w *Writer) { w.Commit() }} {
		w, err := Begin(dir)
		if err != nil {
			t.Fatal(err)
		}
		putAll(t, w, []File{{Path: "a.html", Bytes: []byte("a2")}, {Path: "ja/b.html", Reused: true}})
		end(w)
		have := files(t, dir)
		for _, p := range left {
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
}

// TestLockFile checks the lock: a second writer into the same folder, reached by another
// path, is refused while the first holds it; the lock file is gone once it is released;
// a symbolic link or anything but a regular file at its name is refused, and what it
// points to is not touched.
func TestLockFile(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "public")
	os.Mkdir(dir, 0o755)
	if err := os.Symlink(dir, filepath.Join(tmp, "link")); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(filepath.Join(tmp, "link")); !errors.Is(err, ErrLocked) {
		t.Errorf("a second writer through a symbolic link: %v, want ErrLocked", err)
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, LockName)); !os.IsNotExist(err) {
		t.Errorf("the lock file is left after Commit: %v", err)
	}
	victim := filepath.Join(tmp, "victim")
	os.WriteFile(victim, []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "inside"), []byte("mine"), 0o644)
	for _, target := range []string{victim, "inside", filepath.Join(tmp, "missing")} {
		os.Remove(filepath.Join(dir, LockName))
		if err := os.Symlink(target, filepath.Join(dir, LockName)); err != nil {
			t.Fatal(err)
		}
		if _, err := Begin(dir); err == nil || !strings.Contains(err.Error(), LockName) {
			t.Errorf("lock file linked to %s: %v, want an error naming it", target, err)
		}
	}
	for _, p := range []string{victim, filepath.Join(dir, "inside")} {
		if b, _ := os.ReadFile(p); string(b) != "mine" {
			t.Errorf("%s changed to %q through the lock's link", p, b)
		}
	}
	if _, err := os.Stat(filepath.Join(tmp, "missing")); !os.IsNotExist(err) {
		t.Error("the lock made the file its link points to")
	}
}

// TestErrorsNameTheFolder checks that a failure to write names the file in the output
// folder, with the folder, and that the folder is then as it was.
func TestErrorsNameTheFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "ja"), []byte("a user's file"), 0o644)
	before := files(t, dir)
	_, err := publishAll(dir, []File{{Path: "ja/x.html", Bytes: []byte("x")}})
	if err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, "ja", "x.html")+": ") || !strings.HasSuffix(err.Error(), "nothing written") {
		t.Errorf("error %v, want one naming %s, and that nothing was written", err, filepath.Join(dir, "ja", "x.html"))
	}
	if after := files(t, dir); !slices.Equal(after, before) {
		t.Errorf("after the failed publish: %v, want %v", after, before)
	}
}

// TestNewFolders checks that the files of folders a build creates appear all at once, at
// Commit: until then the folders exist only under a temporary name, and only the
// outermost of them has one.
func TestNewFolders(t *testing.T) {
	dir := t.TempDir()
	if _, err := publishAll(dir, []File{{Path: "ja/a.html", Bytes: []byte("a"), Fingerprint: 1}}); err != nil {
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
	var staged []string
	for _, p := range files(t, dir) {
		switch {
		case strings.HasPrefix(p, "en/") || strings.HasPrefix(p, "ja/schemes"):
			t.Errorf("%s is visible before Commit", p)
		case strings.HasPrefix(p, ".manifest.tmp/"):
			staged = append(staged, p)
		}
	}
	want := []string{".manifest.tmp/", ".manifest.tmp/1/", ".manifest.tmp/1/deep/", ".manifest.tmp/1/deep/y.html", ".manifest.tmp/1/x.html", ".manifest.tmp/2/", ".manifest.tmp/2/z.html"}
	if !slices.Equal(staged, want) { // two folders, one folder inside, their three files
		t.Errorf("before Commit: %v, want %v", staged, want)
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 3, Unchanged: 1}) {
		t.Errorf("stats %+v", st)
	}
	want = []string{".manifest", "en/", "en/z.html", "ja/", "ja/a.html", "ja/schemes/", "ja/schemes/deep/", "ja/schemes/deep/y.html", "ja/schemes/x.html"}
	if got := files(t, dir); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if st, err := publishAll(dir, []File{{Path: "ja/schemes/x.html", Bytes: []byte("x")}}); err != nil || st != (Stats{Unchanged: 1, Removed: 3}) {
		t.Errorf("second publish: %+v %v", st, err)
	}
}

// TestNewFolderTaken checks that a build whose new folder was made meanwhile by someone
// else fails at Commit before any file of the output changes: a changed file keeps its
// bytes, the other new folders are taken out again, nothing temporary is left, and the
// other's folder is as they made it.
func TestNewFolderTaken(t *testing.T) {
	dir := t.TempDir()
	if _, err := publishAll(dir, []File{
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
	manifest, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	if _, err := w.Commit(); err == nil {
		t.Fatal("Commit over a folder made meanwhile succeeded")
	}
	if m, _ := os.ReadFile(filepath.Join(dir, ManifestName)); string(m) != string(manifest) {
		t.Errorf("the failed Commit left the manifest\n%s\nwant\n%s", m, manifest)
	}
	if got, want := files(t, dir), []string{".manifest", "en/", "en/mine.txt", "keep.html"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "keep.html")); string(b) != "v1" {
		t.Errorf("a failed Commit changed keep.html to %q", b)
	}
}

// TestOlderManifest checks that a manifest an older generator wrote, with a hash, a
// fingerprint and a size before each path, still names the files it made: a file the
// build no longer makes is removed, not taken for a user's.
func TestOlderManifest(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "old.html"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "kept.html"), []byte("kept"), 0o644)
	os.WriteFile(filepath.Join(dir, ManifestName), []byte("# files written by the survey generator: xxh64 fingerprint size path; do not edit\n"+
		"0a18ed0f83e1c463 0000000000000005 3 old.html\n0a18ed0f83e1c464 0000000000000007 4 kept.html\n"), 0o644)
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
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
	line := func(p string, n int) string { return p + "\n" }
	for _, p := range []string{"c.html", "a.html", "b/x.html"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(p), 0o644)
	}
	os.WriteFile(filepath.Join(dir, ManifestName), []byte(manifestHeader+line("c.html", 6)+line("a.html", 6)+line("b/x.html", 8)), 0o644)
	paths := func() []string {
		m, _ := os.ReadFile(filepath.Join(dir, ManifestName))
		var out []string
		out = strings.Split(strings.TrimSpace(string(m)), "\n")[1:]
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
		w, err := Begin(dir)
		if err != nil {
			t.Fatal(err)
		}
		putAll(t, w, files)
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := paths(); !slices.Equal(got, step.want) {
			t.Errorf("manifest lists %v, want %v", got, step.want)
		}
	}
}

// putAll puts files through w, failing the test at the first error.
func putAll(t *testing.T, w *Writer, files []File) {
	t.Helper()
	for _, f := range files {
		if err := w.Put(f); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSameBytes compares files with bytes: equal, or different at either end, in size,
// or in kind.
func TestSameBytes(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, size := range []int{0, 1, 4096, 70001} {
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
		for _, at := range []int{0, size / 2, size - 1} {
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

// TestCommitCutShort makes a rename fail half way through Commit, as a kill there would
// stop it: the error says that part of the build is in place, the manifest already lists
// the new files (so that they are known as the generator's), and the next build
// completes the folder.
func TestCommitCutShort(t *testing.T) {
	dir := t.TempDir()
	if _, err := publishAll(dir, []File{{Path: "a.html", Bytes: []byte("a")}}); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, w, []File{{Path: "a.html", Bytes: []byte("a2")}, {Path: "en/z.html", Bytes: []byte("z")}})
	os.Remove(filepath.Join(dir, stagingName, "1")) // a.html's new bytes
	if _, err := w.Commit(); err == nil || !strings.Contains(err.Error(), "build again") {
		t.Fatalf("Commit: %v, want an error saying the build is incomplete", err)
	}
	if m, _ := os.ReadFile(filepath.Join(dir, ManifestName)); string(m) != manifestHeader+"a.html\nen/z.html\n" {
		t.Errorf("manifest after the cut:\n%s", m)
	}
	if st, err := publishAll(dir, []File{{Path: "a.html", Bytes: []byte("a2")}}); err != nil || st != (Stats{Written: 1, Removed: 1}) {
		t.Errorf("the next build: %+v, %v", st, err)
	}
	if got, want := files(t, dir), []string{".manifest", "a.html"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
}
