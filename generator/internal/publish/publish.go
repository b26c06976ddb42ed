// Package publish is the only writer of the output folder.
//
// It keeps a manifest (.manifest in the output folder: the path of every file the
// generator made, one a line, sorted) and, given the outputs of a build as render makes
// them ([Publish], or a [Writer] one file at a time):
//
//   - writes a file only when its bytes differ from what is on disk. The new bytes go
//     first into the generator's own folder .manifest.tmp, and are renamed into place
//     only once the whole build has been made, so that a reader or a killed build never
//     sees half a file, and a build that fails half way (or is interrupted) changes
//     nothing. A folder that does not exist yet is made there too, its files in it
//     under their own names, and renamed into place as a whole;
//   - keeps a file that the build reused without rendering it, without reading it;
//   - deletes only files that the previous manifest lists and the new build no longer has,
//     never anything else (a CNAME, a .git folder, a file a user put there);
//   - writes the manifest last. Before renaming a file it had not made before into
//     place, it adds it to the manifest, so that whatever a kill leaves is known as the
//     generator's: the next build completes or removes it.
//
// Only .manifest, .manifest.tmp and .manifest.lock (see [Lock]) are the generator's own
// names; no other file is made, renamed over or removed unless the manifest lists it.
// All access goes through an [os.Root] opened on the output folder, so no path can
// escape it.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/jipdec-survey/cloudsec/generator/internal/render"
)

// ManifestName is the manifest's file name in the output folder.
const ManifestName = ".manifest"

// stagingName is the folder, in the output folder, where a build makes its files before
// Commit renames them into place. Everything in it is the generator's.
const stagingName = ManifestName + ".tmp"

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
// generator did not create). An error from outs (a template that failed, a cancelled
// build) takes out everything written so far: dir is then as it was.
func Publish(dir string, outs iter.Seq2[render.Output, error]) (Stats, error) {
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
			return Stats{}, fmt.Errorf("%w; nothing written", err)
		}
	}
	return w.Commit()
}

// A Writer publishes the files of one build one by one: [Writer.Put] writes each
// changed file into the staging folder (or, in a folder that does not exist yet, into
// that folder made in the staging folder), and [Writer.Commit] renames them all into
// place, removes what the build no longer makes and writes the manifest. Until Commit,
// the output folder only gains the staging folder and the lock, which [Writer.Abort]
// (or the next build) removes. A Writer holds [Lock] from Begin to Commit or Abort; it
// is not safe for concurrent use.
type Writer struct {
	out     string // the output folder as given, for messages
	root    *os.Root
	unlock  func()
	old     map[string]bool     // the previous manifest's paths
	next    map[string]bool     // this build's
	dirs    map[string]*os.Root // opened folders, by path
	fresh   map[string]bool     // folders this build creates, by path
	staged  []pending           // the outermost of them, for Commit to rename into place
	created []string            // the output folder and its parents that Begin created, innermost first
	pending []pending           // files
	n       int                 // names taken in the staging folder
	st      Stats
}

// pending is a file or folder made in the staging folder, waiting for Commit to rename
// it to its place.
type pending struct{ tmp, name string } // relative to the output folder

// Begin starts publishing into dir, creating it when missing, takes the lock, and
// removes what a killed build left in the staging folder.
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
	w := &Writer{
		out: dir, root: root, next: map[string]bool{}, created: created,
		dirs: map[string]*os.Root{".": root}, fresh: map[string]bool{},
	}
	if w.unlock, err = lock(root, dir); err != nil {
		root.Close()
		return nil, err
	}
	w.old, err = readManifest(root)
	if err == nil {
		err = root.RemoveAll(stagingName)
	}
	if err == nil {
		err = root.Mkdir(stagingName, 0o755)
	}
	if err != nil {
		w.Abort()
		return nil, w.fail(stagingName, err)
	}
	return w, nil
}

// fail names the file of err by its path in the output folder, whatever name the
// file system call saw.
func (w *Writer) fail(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", filepath.Join(w.out, filepath.FromSlash(name)), err)
}

// temp returns a new name in the staging folder.
func (w *Writer) temp() string {
	w.n++
	return stagingName + "/" + strconv.Itoa(w.n)
}

// Put publishes one file.
func (w *Writer) Put(o render.Output) error {
	if !fs.ValidPath(o.Path) || o.Path == "." || strings.HasPrefix(o.Path, ManifestName) {
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
		return w.fail(o.Path, err)
	}
	name := path.Base(o.Path)
	if fresh {
		// A folder this build creates holds nothing to compare with, and no reader sees
		// it before Commit renames it into place.
		w.st.Written++
		if err := writeNew(dir, name, o.Bytes); err != nil {
			return w.fail(o.Path, err)
		}
		return nil
	}
	if sameBytes(dir, name, o.Bytes) {
		w.st.Unchanged++
		return nil
	}
	tmp := w.temp()
	if err := writeNew(w.root, tmp, o.Bytes); err != nil {
		return w.fail(o.Path, err)
	}
	w.pending = append(w.pending, pending{tmp: tmp, name: o.Path})
	return nil
}

// dir returns the folder d of the output, opened once, and whether this build creates
// it. A missing folder whose parent exists is made in the staging folder (see staged);
// the folders inside it are made with their own names.
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
		tmp := w.temp()
		if err := w.root.Mkdir(tmp, 0o755); err != nil {
			return nil, false, err
		}
		w.staged = append(w.staged, pending{tmp: tmp, name: d})
		parent, name = w.root, tmp
	} else if err := parent.Mkdir(name, 0o755); err != nil {
		return nil, false, err
	}
	r, err := parent.OpenRoot(name)
	if err != nil {
		return nil, false, err
	}
	w.dirs[d], w.fresh[d] = r, true
	return r, true, nil
}

// Abort removes what Put wrote and the folders it created, releases the lock and ends
// the Writer. The output folder is then as it was; if Begin created it, it is gone
// again, with the parents Begin created for it.
func (w *Writer) Abort() {
	w.end()
	for _, d := range w.created {
		if os.Remove(d) != nil { // only if still empty
			break
		}
	}
}

// end closes the folders, removes the staging folder and releases the lock.
func (w *Writer) end() {
	for d, r := range w.dirs {
		if d != "." {
			r.Close() // Windows removes no folder that is open
		}
	}
	_ = w.root.RemoveAll(stagingName)
	w.unlock()
	w.root.Close()
}

// Commit moves every file Put wrote into place, removes the files of the previous build
// that this one did not make, writes the manifest and ends the Writer.
func (w *Writer) Commit() (st Stats, err error) {
	defer w.end()
	st = w.st
	// The manifest lists the files about to appear before they do: a kill from here on
	// leaves nothing the next build takes for a user's.
	all := maps.Clone(w.old)
	maps.Copy(all, w.next)
	if len(all) > len(w.old) {
		if err := writeManifest(w.root, all); err != nil {
			return st, w.fail(ManifestName, err)
		}
	}
	// The new folders first: a folder someone else made meanwhile fails the build before
	// any file of the output has changed.
	for d, r := range w.dirs {
		if w.fresh[d] {
			r.Close()
		}
	}
	for i, s := range w.staged {
		if err := w.root.Rename(s.tmp, s.name); err != nil {
			for _, done := range w.staged[:i] {
				_ = w.root.RemoveAll(done.name) // made by this build a moment ago
			}
			_ = writeManifest(w.root, w.old)
			return st, fmt.Errorf("%w; nothing written", w.fail(s.name, err))
		}
	}
	for _, p := range w.pending {
		if err := w.root.Rename(p.tmp, p.name); err != nil {
			return st, fmt.Errorf("%w; the output folder holds part of this build: build again to complete it", w.fail(p.name, err))
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
			return st, w.fail(p, err)
		}
		st.Removed++
		// Remove folders this left empty; Remove fails, harmlessly, on a non-empty one.
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if w.root.Remove(d) != nil {
				break
			}
		}
	}
	if err := writeManifest(w.root, w.next); err != nil {
		return st, w.fail(ManifestName, err)
	}
	return st, nil
}

// writeManifest writes the manifest of paths, unless it already holds the same bytes.
func writeManifest(root *os.Root, paths map[string]bool) error {
	sorted := slices.Sorted(maps.Keys(paths))
	b := []byte(manifestHeader + strings.Join(sorted, "\n") + "\n")
	if sameBytes(root, ManifestName, b) {
		return nil
	}
	tmp := stagingName + "/manifest"
	_ = root.Remove(tmp)
	if err := writeNew(root, tmp, b); err != nil {
		return err
	}
	return root.Rename(tmp, ManifestName)
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
		p := strings.TrimRight(line, "\r\n") // a checkout with CRLF line ends
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
