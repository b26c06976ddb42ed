// Package publish is the only writer of the output folder.
//
// It keeps a manifest (.manifest in the output folder: the path of every file the
// generator made, one a line, sorted) and, given the outputs of a build as render makes
// them ([Publish], or a [Writer] one file at a time):
//
//   - writes a file only when its bytes differ from what is on disk, through a temporary
//     file in the same folder, renamed into place only once the whole build has been
//     made, so that a reader or a killed build never sees half a file, and a build that
//     fails half way changes nothing. A folder that does not exist yet is made under a
//     temporary name, its files written into it under their own names, and renamed into
//     place as a whole;
//   - keeps a file that the build reused without rendering it, without reading it;
//   - deletes only files that the previous manifest lists and the new build no longer has,
//     never anything else (a CNAME, a .git folder, a file a user put there);
//   - writes the manifest last.
//
// [Lock] keeps two builds from writing one folder at once. All access goes through an
// [os.Root] opened on the output folder, so no path can escape it.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/jipdec-survey/cloudsec/generator/internal/render"
)

// ManifestName is the manifest's file name in the output folder.
const ManifestName = ".manifest"

const manifestHeader = "# files written by the survey generator, one path a line; do not edit\n"

// ErrNotKept is the error of a build that reuses a file which is no longer in the output
// folder: the build must render it after all.
var ErrNotKept = errors.New("reused file not in the output folder")

// Stats counts what a publish did.
type Stats struct {
	Written   int // files created or changed
	Unchanged int // files whose bytes were already on disk, or that were reused
	Removed   int // files of an earlier build that no longer have a source
}

// Publish makes dir hold exactly the outputs that outs yields (plus whatever the
// generator did not create), under [Lock]. An error from outs (a template that failed)
// takes out everything written so far: dir is then as it was.
func Publish(dir string, outs iter.Seq2[render.Output, error]) (Stats, error) {
	unlock, err := Lock(dir)
	if err != nil {
		return Stats{}, err
	}
	defer unlock()
	w, err := Begin(dir)
	if err != nil {
		return Stats{}, err
	}
	for o, err := range outs {
		if err == nil {
			err = w.Put(o)
		}
		if err != nil {
			w.Abort()
			return Stats{}, err
		}
	}
	return w.Commit()
}

// A Writer publishes the files of one build one by one: [Writer.Put] writes each
// changed file into a temporary file beside its final place (or, in a folder that does
// not exist yet, into that folder made under a temporary name), and [Writer.Commit]
// renames them all into place, removes what the build no longer makes and writes the
// manifest. Until Commit, the output folder only gains temporary files and folders,
// which [Writer.Abort] (or the next build) removes. A Writer is not safe for concurrent
// use; the caller holds [Lock].
type Writer struct {
	root    *os.Root
	old     map[string]bool     // the previous manifest's paths
	next    map[string]bool     // this build's
	dirs    map[string]*os.Root // opened folders, by path
	fresh   map[string]bool     // folders this build creates, by path
	staged  []staged            // the outermost of them, for Commit to rename into place
	created []string            // the output folder and its parents that Begin created, innermost first
	pending []pending
	st      Stats
}

// pending is a file written under a temporary name, waiting for Commit.
type pending struct {
	dir       *os.Root
	tmp, name string // in dir
}

// staged is a folder this build creates, made under a temporary name in a folder that
// exists, waiting for Commit. The files and folders inside it have their own names.
type staged struct {
	parent    *os.Root
	tmp, name string // in parent
}

// Begin starts publishing into dir, creating it when missing, and removes what a
// killed build left there.
func Begin(dir string) (*Writer, error) {
	var created []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) || filepath.Dir(d) == d {
			break
		}
		created = append(created, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	old, err := readManifest(root)
	if err == nil {
		err = removeTemps(root, ".")
	}
	if err != nil {
		root.Close()
		return nil, err
	}
	return &Writer{
		root: root, old: old, next: map[string]bool{}, created: created,
		dirs: map[string]*os.Root{".": root}, fresh: map[string]bool{},
	}, nil
}

// Put publishes one file.
func (w *Writer) Put(o render.Output) error {
	if !fs.ValidPath(o.Path) || o.Path == ManifestName || strings.HasPrefix(path.Base(o.Path), ".tmp-") {
		return fmt.Errorf("invalid output path %q", o.Path)
	}
	if w.next[o.Path] {
		return fmt.Errorf("%s: made twice", o.Path)
	}
	if o.Reused {
		if info, err := w.root.Lstat(o.Path); err != nil || !info.Mode().IsRegular() || !w.old[o.Path] {
			return fmt.Errorf("%s: %w", o.Path, ErrNotKept)
		}
		w.next[o.Path] = true
		w.st.Unchanged++
		return nil
	}
	w.next[o.Path] = true
	dir, fresh, err := w.dir(path.Dir(o.Path))
	if err != nil {
		return err
	}
	name := path.Base(o.Path)
	if fresh {
		// A folder this build creates holds nothing to compare with, and no reader sees
		// it before Commit renames it into place.
		w.st.Written++
		return writeNew(dir, name, o.Bytes)
	}
	if sameBytes(dir, name, o.Bytes) {
		w.st.Unchanged++
		return nil
	}
	tmp := tempPrefix() + name
	if err := writeNew(dir, tmp, o.Bytes); err != nil {
		return err
	}
	w.pending = append(w.pending, pending{dir: dir, tmp: tmp, name: name})
	return nil
}

// dir returns the folder d of the output, opened once, and whether this build creates
// it. A missing folder whose parent exists is made under a temporary name (see
// staged); the folders inside it are made with their own names.
func (w *Writer) dir(d string) (*os.Root, bool, error) {
	if r, ok := w.dirs[d]; ok {
		return r, w.fresh[d], nil
	}
	parent, fresh, err := w.dir(path.Dir(d))
	if err != nil {
		return nil, false, err
	}
	name := path.Base(d)
	if !fresh {
		if _, err := parent.Lstat(name); err == nil {
			r, err := parent.OpenRoot(name)
			if err != nil {
				return nil, false, err
			}
			w.dirs[d] = r
			return r, false, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, false, err
		}
	}
	made := name
	if !fresh {
		made = tempPrefix() + name
	}
	if err := parent.Mkdir(made, 0o755); err != nil {
		return nil, false, err
	}
	if !fresh {
		w.staged = append(w.staged, staged{parent: parent, tmp: made, name: name})
	}
	r, err := parent.OpenRoot(made)
	if err != nil {
		return nil, false, err
	}
	w.dirs[d], w.fresh[d] = r, true
	return r, true, nil
}

// Abort removes what Put wrote and the folders it created, and ends the Writer. The
// output folder is then as it was; if Begin created it, it is gone again, with the
// parents Begin created for it.
func (w *Writer) Abort() {
	for _, p := range w.pending {
		_ = p.dir.Remove(p.tmp)
	}
	w.closeFresh()
	for _, s := range w.staged {
		_ = s.parent.RemoveAll(s.tmp)
	}
	w.close()
	for _, d := range w.created {
		if os.Remove(d) != nil { // only if still empty
			break
		}
	}
}

func (w *Writer) close() {
	for _, r := range w.dirs {
		r.Close()
	}
}

// closeFresh closes the folders this build created, which are then renamed or removed
// (Windows renames no folder that is open).
func (w *Writer) closeFresh() {
	for d := range w.fresh {
		w.dirs[d].Close()
		delete(w.dirs, d)
	}
}

// Commit moves every file Put wrote into place, removes the files of the previous build
// that this one did not make, writes the manifest and ends the Writer.
func (w *Writer) Commit() (Stats, error) {
	defer w.close()
	st := w.st
	// The new folders first: a folder someone else made meanwhile fails the build before
	// any file of the output has changed.
	w.closeFresh()
	for i, s := range w.staged {
		if err := s.parent.Rename(s.tmp, s.name); err != nil {
			for _, done := range w.staged[:i] {
				_ = done.parent.RemoveAll(done.name) // made by this build a moment ago
			}
			for _, rest := range w.staged[i:] {
				_ = rest.parent.RemoveAll(rest.tmp)
			}
			for _, p := range w.pending {
				_ = p.dir.Remove(p.tmp)
			}
			return st, err
		}
	}
	for _, p := range w.pending {
		if err := p.dir.Rename(p.tmp, p.name); err != nil {
			_ = p.dir.Remove(p.tmp)
			return st, err
		}
		st.Written++
	}
	var stale []string
	for p := range w.old {
		if !w.next[p] {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	for _, p := range stale {
		if err := w.root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, err
		}
		st.Removed++
		// Remove folders this left empty; Remove fails, harmlessly, on a non-empty one.
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if w.root.Remove(d) != nil {
				break
			}
		}
	}
	return st, writeManifest(w.root, w.next)
}

// writeManifest writes the manifest of paths, unless it already holds the same bytes.
func writeManifest(root *os.Root, paths map[string]bool) error {
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	slices.Sort(sorted)
	b := []byte(manifestHeader + strings.Join(sorted, "\n") + "\n")
	if sameBytes(root, ManifestName, b) {
		return nil
	}
	tmp := tempPrefix() + ManifestName
	if err := writeNew(root, tmp, b); err != nil {
		return err
	}
	if err := root.Rename(tmp, ManifestName); err != nil {
		_ = root.Remove(tmp)
		return err
	}
	return nil
}

// readManifest returns the paths of what an earlier build made. Lines it cannot read are
// ignored: their files are then treated as foreign and never deleted.
func readManifest(root *os.Root) (map[string]bool, error) {
	m := map[string]bool{}
	b, err := root.ReadFile(ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	// Until 2026-12 a line was "hash fingerprint size path".
	older := bytes.HasPrefix(b, []byte("# files written by the survey generator: xxh64"))
	for line := range strings.Lines(string(b)) {
		p := strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(p, "#") {
			continue
		}
		if older {
			if f := strings.SplitN(p, " ", 4); len(f) == 4 {
				p = f[3]
			}
		}
		if fs.ValidPath(p) && p != ManifestName {
			m[p] = true
		}
	}
	return m, nil
}

// sameBytes reports whether the regular file name holds b.
func sameBytes(root *os.Root, name string, b []byte) bool {
	info, err := root.Lstat(name)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(b)) {
		return false
	}
	have, err := root.ReadFile(name)
	return err == nil && bytes.Equal(have, b)
}

var tempName = regexp.MustCompile(`^\.tmp-\d+-\d+-`)

// removeTemps deletes, in dir and below (not in a .git folder), the temporary files and
// folders that a killed build left behind. It runs under the build lock, so no other
// build is writing them.
func removeTemps(root *os.Root, dir string) error {
	f, err := root.Open(dir)
	if err != nil {
		return err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		switch {
		case tempName.MatchString(e.Name()) && (e.Type().IsRegular() || e.IsDir()):
			if err := root.RemoveAll(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		case e.IsDir() && e.Name() != ".git":
			if err := removeTemps(root, p); err != nil {
				return err
			}
		}
	}
	return nil
}

var tmpCounter atomic.Int64

// tempPrefix starts the name of a new temporary file or folder (see tempName).
func tempPrefix() string {
	return ".tmp-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(tmpCounter.Add(1), 10) + "-"
}

// writeNew writes b into a file name that must not exist yet.
func writeNew(root *os.Root, name string, b []byte) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	// No fsync: the rename already makes a killed build harmless; only a power cut could
	// lose the latest bytes, and the next build rewrites them.
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = root.Remove(name)
	}
	return err
}
