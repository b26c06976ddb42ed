// Package publish is the only writer of the output folder.
//
// It keeps a manifest (.manifest in the output folder: one line per file the generator
// made, with a 64-bit hash of its bytes (xxh64), its input fingerprint and its size,
// sorted by path, no timestamps) and, given the outputs of a build one by one ([Writer]) or all at once
// ([Publish]):
//
//   - writes a file only when its bytes differ from what is on disk, through a temporary
//     file in the same folder, renamed into place only once the whole build has been
//     made, so that a reader or a killed build never sees half a file, and a build that
//     fails half way changes nothing. A folder that does not exist yet is made under a
//     temporary name, its files written into it under their own names, and renamed into
//     place as a whole: one rename instead of one per file (a first build of a big
//     survey writes tens of thousands of pages into a handful of new folders);
//   - keeps a file that the build reused without rendering it (its inputs' fingerprint
//     did not change), without reading it;
//   - deletes only files that the previous manifest lists and the new build no longer has,
//     never anything else (a CNAME, a .git folder, a file a user put there);
//   - writes the manifest last. Before it changes any file it first rewrites the
//     manifest with the fingerprints of the files about to change cleared, so that a
//     build killed half way can never make the next one trust a stale fingerprint.
//
// [Lock] keeps two builds from writing one folder at once. All access goes through an
// [os.Root] opened on the output folder, so no path can escape it. The caller must not
// call [Publish] when the build has diagnostics.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

// ManifestName is the manifest's file name in the output folder.
const ManifestName = ".manifest"

const manifestHeader = "# files written by the survey generator: xxh64 fingerprint size path; do not edit\n"

// File is one output.
type File struct {
	Path  string // "/"-separated, relative to the output folder
	Bytes []byte
	// Parts, when set instead of Bytes, make the file of pieces: bytes of its own, and
	// ranges of the file at Path as the previous build left it, which the system copies
	// without the build reading them (copy_file_range on Linux). The manifest then has
	// no hash of the file's bytes.
	Parts       []Part
	Fingerprint uint64 // of the inputs the file was rendered from; 0 if none
	Reused      bool   // not rendered: the file on disk is still right
}

// Part is a piece of a File made of Parts.
type Part struct {
	Bytes    []byte // the piece; nil for a range of the previous file
	Off, Len int64  // that range
}

// Stats counts what a publish did.
type Stats struct {
	Written   int // files created or changed
	Unchanged int // files whose bytes were already on disk, or that were reused
	Removed   int // files of an earlier build that no longer have a source
}

type entry struct {
	sum  uint64 // xxh64 of the bytes; 0 when unknown (a manifest of an older generator)
	fp   uint64
	size int64
}

// Previous returns the fingerprints of the files an earlier build made into dir and that
// are still there at the size it wrote. A missing or damaged manifest gives none (a
// clean build).
func Previous(dir string) map[string]uint64 {
	p, err := Look(dir)
	if err != nil {
		return nil
	}
	return p.Fingerprints()
}

// Seen returns what [Look] saw of the file at p (given to [BeginAfter]), if this build has
// neither written nor removed it since: after Commit too, the file is as described, unless
// something other than the build changed it meanwhile (a stamp made from it then only
// fails to match).
func (w *Writer) Seen(p string) (fs.FileInfo, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.touched[p] {
		return nil, false
	}
	info, ok := w.seen[p]
	return info, ok
}

func previous(root *os.Root, m map[string]entry) (map[string]uint64, map[string]fs.FileInfo) {
	// Each folder is opened once (a path looked up from the root opens every folder on
	// the way, three system calls per component), and the files are looked at on every
	// processor.
	type file struct {
		dir  string
		name string
		path string
		e    entry
	}
	var files []file
	dirs := map[string]*os.Root{".": root}
	for p, e := range m {
		if e.fp != 0 {
			files = append(files, file{path.Dir(p), path.Base(p), p, e})
			if _, ok := dirs[path.Dir(p)]; !ok {
				dirs[path.Dir(p)] = nil
			}
		}
	}
	for d := range dirs {
		if d != "." {
			dirs[d], _ = root.OpenRoot(d) // nil when the folder is gone
		}
	}
	defer func() {
		for d, r := range dirs {
			if d != "." && r != nil {
				r.Close()
			}
		}
	}()
	kept := make([]fs.FileInfo, len(files))
	parallel.ForEach(len(files), func(i int) {
		f := files[i]
		if dir := dirs[f.dir]; dir != nil {
			if info, err := dir.Lstat(f.name); err == nil && info.Mode().IsRegular() && info.Size() == f.e.size {
				kept[i] = info
			}
		}
	})
	out := make(map[string]uint64, len(files))
	infos := make(map[string]fs.FileInfo, len(files))
	for i, f := range files {
		if kept[i] != nil {
			out[f.path] = f.e.fp
			infos[f.path] = kept[i]
		}
	}
	return out, infos
}

// Publish makes dir hold exactly files (plus whatever the generator did not create).
func Publish(dir string, files []File) (Stats, error) {
	w, err := Begin(dir)
	if err != nil {
		return Stats{}, err
	}
	errs := make([]error, len(files))
	parallel.ForEach(len(files), func(i int) { errs[i] = w.Put(files[i]) })
	if err := errors.Join(errs...); err != nil {
		w.Abort()
		return Stats{}, err
	}
	return w.Commit()
}

// A Writer publishes the files of one build as they are made, so that no build has to
// hold its whole site in memory: [Writer.Put] writes each changed file into a temporary
// file beside its final place (or, in a folder that does not exist yet, into that folder
// made under a temporary name), and [Writer.Commit] renames them all into place, removes
// what the build no longer makes and writes the manifest. Until Commit, the output folder
// only gains temporary files and folders, which [Writer.Abort] (or the next build)
// removes.
type Writer struct {
	root  *os.Root
	old   map[string]entry
	order []string // old's paths, sorted

	mu     sync.Mutex
	dirs   map[string]*os.Root // opened folders, by path
	fresh  map[string]bool     // folders this build created, by path
	staged []staged            // the outermost of them, for Commit to rename into place
	// rewritten are files of the previous manifest written into folders this build
	// creates (someone removed their folder): like pending files, their fingerprints are
	// forgotten before Commit puts them in place.
	rewritten []string
	created   []string // the output folder and its parents that Begin created, innermost first
	next      map[string]entry
	pending   []pending
	st        Stats
	seen      map[string]fs.FileInfo // by Previous
	touched   map[string]bool        // renamed into place or removed by Commit
}

// pending is a file written under a temporary name, waiting for Commit.
type pending struct {
	dir       *os.Root
	tmp, name string // in dir
	path      string
}

// staged is a folder this build creates, made under a temporary name in a folder that
// exists, waiting for Commit. The files and folders inside it have their own names.
type staged struct {
	parent    *os.Root
	tmp, name string // in parent
}

// Begin starts publishing into dir, creating it when missing. The caller holds [Lock].
func Begin(dir string) (*Writer, error) { return BeginAfter(dir, nil) }

// Prior is what an earlier build left in a folder: its manifest, and which of the files
// it lists are still there (see [Previous]).
type Prior struct {
	old   map[string]entry
	order []string // old's paths, sorted
	fps   map[string]uint64
	seen  map[string]fs.FileInfo
	temps []string // of a killed build, to remove before writing
}

// Look finds what an earlier build left in dir, changing nothing (a missing folder left
// nothing), so that a build can look while it still may fail without writing. The caller
// holds [Lock], and keeps it until [BeginAfter].
func Look(dir string) (*Prior, error) {
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &Prior{old: map[string]entry{}}, nil
	}
	if err != nil {
		return nil, err
	}
	defer root.Close()
	m, order, err := readManifest(root)
	if err != nil {
		return nil, err
	}
	temps, err := findTemps(root, ".", m)
	if err != nil {
		return nil, err
	}
	fps, seen := previous(root, m)
	return &Prior{old: m, order: order, fps: fps, seen: seen, temps: temps}, nil
}

// Fingerprints returns what [Previous] would: the fingerprints of the files an earlier
// build made that are still there at the size it wrote.
func (p *Prior) Fingerprints() map[string]uint64 { return p.fps }

// BeginAfter is [Begin], taking the manifest and what is known of the files from p, a
// Look of dir under the same lock (nil: read them now).
func BeginAfter(dir string, p *Prior) (*Writer, error) {
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
	if p == nil {
		p = &Prior{}
		if p.old, p.order, err = readManifest(root); err == nil {
			p.temps, err = findTemps(root, ".", p.old)
		}
		if err != nil {
			root.Close()
			return nil, err
		}
	}
	if err := removeTemps(root, p.temps); err != nil {
		root.Close()
		return nil, err
	}
	w := &Writer{root: root, old: p.old, order: p.order, seen: p.seen, dirs: map[string]*os.Root{".": root}, fresh: map[string]bool{}, next: make(map[string]entry, len(p.old))}
	w.created = created
	return w, nil
}

// Put publishes one file. It is safe for concurrent use, and does not keep f.Bytes.
func (w *Writer) Put(f File) error {
	if !fs.ValidPath(f.Path) || f.Path == ManifestName || strings.HasPrefix(path.Base(f.Path), ".tmp-") {
		return fmt.Errorf("invalid output path %q", f.Path)
	}
	o, ok := w.old[f.Path]
	if f.Reused {
		// Most files of an edit of a big survey: recorded under one lock.
		if !ok {
			return fmt.Errorf("%s: reused but not in the manifest", f.Path)
		}
		o.fp = f.Fingerprint
		w.mu.Lock()
		defer w.mu.Unlock()
		if _, dup := w.next[f.Path]; dup {
			return fmt.Errorf("%s: made twice", f.Path)
		}
		w.recordLocked(f.Path, o, nil)
		return nil
	}
	w.mu.Lock()
	_, dup := w.next[f.Path]
	if !dup {
		w.next[f.Path] = entry{} // claimed; record fills it in
	}
	w.mu.Unlock()
	if dup {
		return fmt.Errorf("%s: made twice", f.Path)
	}
	dir, fresh, err := w.dir(path.Dir(f.Path))
	if err != nil {
		return err
	}
	name := path.Base(f.Path)
	if f.Parts != nil {
		if fresh {
			return fmt.Errorf("%s: made of parts of a previous file that is not there", f.Path)
		}
		size, tmp, err := writeParts(dir, name, f.Parts)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		return w.record(f.Path, entry{fp: f.Fingerprint, size: size}, &pending{dir: dir, tmp: tmp, name: name, path: f.Path})
	}
	e := entry{sum: xxhash.Sum64(f.Bytes), fp: f.Fingerprint, size: int64(len(f.Bytes))}
	if fresh {
		// A folder this build creates holds nothing to compare with, and no reader sees
		// it before Commit renames it into place.
		if err := writeNew(dir, name, f.Bytes); err != nil {
			return err
		}
		w.mu.Lock()
		w.next[f.Path] = e
		w.st.Written++
		if ok {
			w.rewritten = append(w.rewritten, f.Path) // its folder was removed since
		}
		w.mu.Unlock()
		return nil
	}
	if (!ok || o.sum == 0 || o.sum == e.sum) && sameBytes(dir, name, f.Bytes) {
		return w.record(f.Path, e, nil)
	}
	tmp, err := writeTemp(dir, name, f.Bytes)
	if err != nil {
		return err
	}
	return w.record(f.Path, e, &pending{dir: dir, tmp: tmp, name: name, path: f.Path})
}

func (w *Writer) record(p string, e entry, pend *pending) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.recordLocked(p, e, pend)
	return nil
}

// recordLocked is record, with w.mu held.
func (w *Writer) recordLocked(p string, e entry, pend *pending) {
	w.next[p] = e
	if pend != nil {
		w.pending = append(w.pending, *pend)
	} else {
		w.st.Unchanged++
	}
}

// dir returns the folder d of the output, opened once (a file name inside an open
// folder costs one lookup instead of one per path component), and whether this build
// creates it. A missing folder whose parent exists is made under a temporary name (see
// staged); the folders inside it are made with their own names.
func (w *Writer) dir(d string) (*os.Root, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dirLocked(d)
}

func (w *Writer) dirLocked(d string) (*os.Root, bool, error) {
	if r, ok := w.dirs[d]; ok {
		return r, w.fresh[d], nil
	}
	parent, fresh, err := w.dirLocked(path.Dir(d))
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
	var stale []string
	for p := range w.old {
		if _, ok := w.next[p]; !ok {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)

	changing := make([]string, 0, len(w.pending)+len(w.rewritten))
	for _, p := range w.pending {
		changing = append(changing, p.path)
	}
	changing = append(changing, w.rewritten...)
	if len(changing) > 0 || len(stale) > 0 {
		// Phase 1: forget the fingerprints of what is about to change.
		if err := writeManifest(w.root, w.interim(changing), w.order, false); err != nil {
			w.Abort()
			return st, err
		}
	}
	w.mu.Lock()
	w.touched = make(map[string]bool, len(changing)+len(stale))
	for _, p := range changing {
		w.touched[p] = true
	}
	for _, p := range stale {
		w.touched[p] = true
	}
	w.mu.Unlock()
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
	errs := make([]error, len(w.pending))
	parallel.ForEach(len(w.pending), func(i int) {
		p := w.pending[i]
		if errs[i] = p.dir.Rename(p.tmp, p.name); errs[i] != nil {
			_ = p.dir.Remove(p.tmp)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return st, err
	}
	st.Written += len(w.pending)
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
	return st, writeManifest(w.root, w.next, w.order, true)
}

// interim is the previous manifest with the fingerprints of the files at paths
// forgotten, for Commit to write before it changes them.
func (w *Writer) interim(paths []string) map[string]entry {
	m := make(map[string]entry, len(w.old))
	for p, e := range w.old {
		m[p] = e
	}
	for _, p := range paths {
		if e, ok := m[p]; ok {
			e.fp = 0
			m[p] = e
		}
	}
	return m
}

// writeManifest writes the manifest of m, whose paths are most often order (those of
// the previous manifest, sorted): sorting tens of thousands of paths is then not needed.
// With compare, the file is left alone if it already holds the same bytes (the
// manifest Commit writes before the files change places never does).
func writeManifest(root *os.Root, m map[string]entry, order []string, compare bool) error {
	paths := order
	if !sameKeys(m, order) {
		paths = make([]string, 0, len(m))
		for p := range m {
			paths = append(paths, p)
		}
		slices.Sort(paths)
	}
	b := make([]byte, 0, len(manifestHeader)+len(paths)*80)
	b = append(b, manifestHeader...)
	for _, p := range paths {
		e := m[p]
		b = appendHex64(b, e.sum)
		b = append(b, ' ')
		b = appendHex64(b, e.fp)
		b = append(b, ' ')
		b = strconv.AppendInt(b, e.size, 10)
		b = append(b, ' ')
		b = append(b, p...)
		b = append(b, '\n')
	}
	if compare && sameBytes(root, ManifestName, b) {
		return nil
	}
	return writeAtomic(root, ManifestName, b)
}

// parseHex parses 1 to 16 hexadecimal digits, either case, as strconv.ParseUint(s, 16,
// 64) does, without converting them to a string first (a manifest has tens of
// thousands of lines).
func parseHex(s []byte) (uint64, bool) {
	if len(s) == 0 || len(s) > 16 {
		return 0, false
	}
	var x uint64
	for _, c := range s {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		x = x<<4 | uint64(c)
	}
	return x, true
}

// sameKeys reports whether the keys of m are the paths (all different).
func sameKeys(m map[string]entry, paths []string) bool {
	if len(m) != len(paths) {
		return false
	}
	for _, p := range paths {
		if _, ok := m[p]; !ok {
			return false
		}
	}
	return true
}

// appendHex64 appends x as 16 hexadecimal digits (%016x).
func appendHex64(b []byte, x uint64) []byte {
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, "0123456789abcdef"[x>>shift&15])
	}
	return b
}

// sameBytes reports whether the regular file name holds b. It reads the file a chunk at
// a time into a pooled buffer: a search index of 20 MB read whole would be 20 MB of
// fresh memory, which costs more to fault in than to compare.
func sameBytes(root *os.Root, name string, b []byte) bool {
	info, err := root.Lstat(name)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(b)) {
		return false
	}
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := chunks.Get().(*[]byte)
	defer chunks.Put(buf)
	for len(b) > 0 {
		n, err := io.ReadFull(f, (*buf)[:min(len(b), compareChunk)])
		if err != nil || !bytes.Equal((*buf)[:n], b[:n]) {
			return false
		}
		b = b[n:]
	}
	// The file may have grown since Lstat.
	n, err := f.Read((*buf)[:1])
	return n == 0 && err == io.EOF
}

// compareChunk is how much of a file sameBytes reads at a time.
const compareChunk = 256 << 10

var chunks = sync.Pool{New: func() any { b := make([]byte, compareChunk); return &b }}

// readManifest returns what an earlier build made, and its paths, sorted. Lines it
// cannot read are ignored: their files are then treated as foreign and never deleted.
func readManifest(root *os.Root) (map[string]entry, []string, error) {
	m := map[string]entry{}
	f, err := root.Open(ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, err
	}
	m = make(map[string]entry, len(b)/64) // a line is some 60 bytes and more
	var order []string
	for len(b) > 0 {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte("\n"))
		sum, rest, ok1 := bytes.Cut(line, []byte(" "))
		fpText, rest, ok2 := bytes.Cut(rest, []byte(" "))
		sizeText, p, ok3 := bytes.Cut(rest, []byte(" "))
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		var e entry
		var ok4 bool
		switch len(sum) {
		case 16:
			e.sum, ok4 = parseHex(sum)
		case 64: // a SHA-256, an older generator's: the file is known, its hash not
			_, ok4 = parseHex(sum[:16])
			for _, h := range [...][]byte{sum[16:32], sum[32:48], sum[48:]} {
				_, ok := parseHex(h)
				ok4 = ok4 && ok
			}
		}
		fp, ok5 := parseHex(fpText)
		size, err := strconv.ParseInt(string(sizeText), 10, 64)
		key := string(p)
		if !ok4 || !ok5 || err != nil || !fs.ValidPath(key) || key == ManifestName {
			continue
		}
		e.fp, e.size = fp, size
		if _, dup := m[key]; !dup {
			order = append(order, key)
		}
		m[key] = e
	}
	if !slices.IsSorted(order) { // not as a build writes it
		slices.Sort(order)
	}
	return m, order, nil
}

var tempName = regexp.MustCompile(`^\.tmp-\d+-\d+-`)

// removeTemps deletes temporary files and folders that a killed build left behind (see
// findTemps). It runs under the build lock, so no other build is writing them.
func removeTemps(root *os.Root, temps []string) error {
	for _, p := range temps {
		if err := root.RemoveAll(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// findTemps lists the temporary files and folders that a killed build left in dir and
// below (not in a .git folder). files are the manifest's: those names are known to be files, so that
// only the others need a look at what they are (a folder of tens of thousands of pages
// is listed without a system call per page).
func findTemps(root *os.Root, dir string, files map[string]entry) ([]string, error) {
	f, err := root.Open(dir)
	if err != nil {
		return nil, err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return nil, err
	}
	var temps []string
	for _, name := range names {
		p := name // path.Join, for names read from a folder
		if dir != "." {
			p = dir + "/" + name
		}
		if _, ok := files[p]; ok {
			continue
		}
		info, err := root.Lstat(p)
		switch {
		case err != nil:
		case strings.HasPrefix(name, ".tmp-") && tempName.MatchString(name) && (info.Mode().IsRegular() || info.IsDir()):
			temps = append(temps, p)
		case info.IsDir() && name != ".git":
			more, err := findTemps(root, p, files)
			if err != nil {
				return nil, err
			}
			temps = append(temps, more...)
		}
	}
	return temps, nil
}

var tmpCounter atomic.Int64

// tempPrefix starts the name of a new temporary file or folder (see tempName).
func tempPrefix() string {
	return ".tmp-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(tmpCounter.Add(1), 10) + "-"
}

// writeTemp writes b into a new temporary file beside name in root's folder, and returns
// the temporary file's name. The folder must exist.
func writeTemp(root *os.Root, name string, b []byte) (string, error) {
	tmp := path.Join(path.Dir(name), tempPrefix()+path.Base(name))
	if err := writeNew(root, tmp, b); err != nil {
		return "", err
	}
	return tmp, nil
}

// writeNew writes b into a file name that must not exist yet.
func writeNew(root *os.Root, name string, b []byte) error {
	return create(root, name, func(f *os.File) error {
		_, err := f.Write(b)
		return err
	})
}

// create makes the file name, which must not exist yet, and fills it with write.
func create(root *os.Root, name string, write func(*os.File) error) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	// No fsync: the rename already makes a killed build harmless; only a power cut could
	// lose the latest bytes, and the next build rewrites them.
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = root.Remove(name)
	}
	return err
}

// writeParts writes parts into a new temporary file beside name in root's folder, the
// ranges copied from the file name, and returns the file's size and the temporary name.
func writeParts(root *os.Root, name string, parts []Part) (int64, string, error) {
	src, err := root.Open(name)
	if err != nil {
		return 0, "", err
	}
	defer src.Close()
	tmp := tempPrefix() + name
	var size int64
	err = create(root, tmp, func(dst *os.File) error {
		for _, p := range parts {
			if p.Bytes == nil && (p.Off < 0 || p.Len < 0) {
				return fmt.Errorf("invalid range %d+%d of the previous file", p.Off, p.Len)
			}
			if p.Bytes != nil {
				n, err := dst.Write(p.Bytes)
				size += int64(n)
				if err != nil {
					return err
				}
				continue
			}
			if _, err := src.Seek(p.Off, io.SeekStart); err != nil {
				return err
			}
			n, err := io.CopyN(dst, src, p.Len)
			size += n
			if err == io.EOF {
				return fmt.Errorf("the previous file is shorter than the build expected")
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	return size, tmp, err
}

// writeAtomic writes name in root's folder, through a temporary file renamed into place.
func writeAtomic(root *os.Root, name string, b []byte) error {
	tmp, err := writeTemp(root, name, b)
	if err != nil {
		return err
	}
	if err := root.Rename(tmp, name); err != nil {
		_ = root.Remove(tmp)
		return err
	}
	return nil
}
