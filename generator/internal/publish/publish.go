// Package publish is the only writer of the output folder.
//
// It keeps a manifest (.manifest in the output folder: one line per file the generator
// made, with its SHA-256, its input fingerprint and its size, sorted by path, no
// timestamps) and, given the full list of outputs of a build:
//
//   - writes a file only when its bytes differ from what is on disk, through a temporary
//     file in the same folder renamed into place, so that a reader or a killed build never
//     sees half a file;
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
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

// ManifestName is the manifest's file name in the output folder.
const ManifestName = ".manifest"

const manifestHeader = "# files written by the survey generator: sha256 fingerprint size path; do not edit\n"

// File is one output.
type File struct {
	Path        string // "/"-separated, relative to the output folder
	Bytes       []byte
	Fingerprint uint64 // of the inputs the file was rendered from; 0 if none
	Reused      bool   // not rendered: the file on disk is still right
}

// Stats counts what a publish did.
type Stats struct {
	Written   int // files created or changed
	Unchanged int // files whose bytes were already on disk, or that were reused
	Removed   int // files of an earlier build that no longer have a source
}

type entry struct {
	sum  string // hex SHA-256
	fp   uint64
	size int64
}

// Previous returns the fingerprints of the files an earlier build made into dir and that
// are still there at the size it wrote. A missing or damaged manifest gives none (a
// clean build).
func Previous(dir string) map[string]uint64 {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil
	}
	defer root.Close()
	m, err := readManifest(root)
	if err != nil {
		return nil
	}
	out := make(map[string]uint64, len(m))
	for p, e := range m {
		if e.fp == 0 {
			continue
		}
		if info, err := root.Lstat(p); err == nil && info.Mode().IsRegular() && info.Size() == e.size {
			out[p] = e.fp
		}
	}
	return out
}

// Publish makes dir hold exactly files (plus whatever the generator did not create).
func Publish(dir string, files []File) (Stats, error) {
	var st Stats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return st, err
	}
	defer root.Close()
	if err := removeTemps(root, "."); err != nil {
		return st, err
	}
	old, err := readManifest(root)
	if err != nil {
		return st, err
	}

	// Plan: which files differ from what is on disk (read in parallel).
	next := make(map[string]entry, len(files))
	entries := make([]entry, len(files))
	same := make([]bool, len(files))
	for _, f := range files {
		if !fs.ValidPath(f.Path) || f.Path == ManifestName || strings.HasPrefix(path.Base(f.Path), ".tmp-") {
			return st, fmt.Errorf("invalid output path %q", f.Path)
		}
		if _, ok := old[f.Path]; f.Reused && !ok {
			return st, fmt.Errorf("%s: reused but not in the manifest", f.Path)
		}
	}
	parallel.ForEach(len(files), func(i int) {
		f := files[i]
		if f.Reused {
			e := old[f.Path]
			e.fp = f.Fingerprint
			entries[i], same[i] = e, true
			return
		}
		sum := sha256.Sum256(f.Bytes)
		entries[i] = entry{sum: hex.EncodeToString(sum[:]), fp: f.Fingerprint, size: int64(len(f.Bytes))}
		o, ok := old[f.Path]
		same[i] = (!ok || o.sum == entries[i].sum) && sameBytes(root, f.Path, f.Bytes)
	})
	var writes []File
	for i, f := range files {
		next[f.Path] = entries[i]
		if same[i] {
			st.Unchanged++
		} else {
			writes = append(writes, f)
		}
	}
	var stale []string
	for p := range old {
		if _, ok := next[p]; !ok {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)

	if len(writes) > 0 || len(stale) > 0 {
		// Phase 1: forget the fingerprints of what is about to change.
		interim := make(map[string]entry, len(old))
		for p, e := range old {
			interim[p] = e
		}
		for _, f := range writes {
			e := interim[f.Path]
			e.fp = 0
			interim[f.Path] = e
		}
		if err := writeManifest(root, interim); err != nil {
			return st, err
		}
	}
	// Folders first, each opened once, then the files on every processor: a file name
	// inside an open folder costs one lookup instead of one per path component.
	dirs := map[string]*os.Root{".": root}
	for _, f := range writes {
		d := path.Dir(f.Path)
		if _, ok := dirs[d]; ok {
			continue
		}
		if err := root.MkdirAll(d, 0o755); err != nil {
			return st, err
		}
		sub, err := root.OpenRoot(d)
		if err != nil {
			return st, err
		}
		defer sub.Close()
		dirs[d] = sub
	}
	errs := make([]error, len(writes))
	parallel.ForEach(len(writes), func(i int) {
		errs[i] = writeAtomic(dirs[path.Dir(writes[i].Path)], path.Base(writes[i].Path), writes[i].Bytes)
	})
	if err := errors.Join(errs...); err != nil {
		return st, err
	}
	st.Written = len(writes)
	for _, p := range stale {
		if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, err
		}
		st.Removed++
		// Remove folders this left empty; Remove fails, harmlessly, on a non-empty one.
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if root.Remove(d) != nil {
				break
			}
		}
	}
	return st, writeManifest(root, next)
}

func writeManifest(root *os.Root, m map[string]entry) error {
	paths := make([]string, 0, len(m))
	for p := range m {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	for _, p := range paths {
		e := m[p]
		fmt.Fprintf(&b, "%s %016x %d %s\n", e.sum, e.fp, e.size, p)
	}
	if sameBytes(root, ManifestName, b.Bytes()) {
		return nil
	}
	return writeAtomic(root, ManifestName, b.Bytes())
}

func sameBytes(root *os.Root, name string, b []byte) bool {
	info, err := root.Lstat(name)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(b)) {
		return false
	}
	have, err := root.ReadFile(name)
	return err == nil && bytes.Equal(have, b)
}

// readManifest returns what an earlier build made. Lines it cannot read are ignored:
// their files are then treated as foreign and never deleted.
func readManifest(root *os.Root) (map[string]entry, error) {
	m := map[string]entry{}
	f, err := root.Open(ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), " ", 4)
		if len(fields) != 4 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		fp, err1 := strconv.ParseUint(fields[1], 16, 64)
		size, err2 := strconv.ParseInt(fields[2], 10, 64)
		p := fields[3]
		if err1 != nil || err2 != nil || len(fields[0]) != 64 || !fs.ValidPath(p) || p == ManifestName {
			continue
		}
		m[p] = entry{sum: fields[0], fp: fp, size: size}
	}
	return m, sc.Err()
}

var tempName = regexp.MustCompile(`^\.tmp-\d+-\d+-`)

// removeTemps deletes temporary files that a killed build left behind. It runs under
// the build lock, so no other build is writing them.
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
		case e.IsDir() && e.Name() != ".git":
			if err := removeTemps(root, p); err != nil {
				return err
			}
		case !e.IsDir() && tempName.MatchString(e.Name()):
			if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

var tmpCounter atomic.Int64

// writeAtomic writes name in root's folder, through a temporary file renamed into place.
// The folder must exist.
func writeAtomic(root *os.Root, name string, b []byte) error {
	tmp := path.Join(path.Dir(name), ".tmp-"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatInt(tmpCounter.Add(1), 10)+"-"+path.Base(name))
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	// No fsync: the rename already makes a killed build harmless; only a power cut could
	// lose the latest bytes, and the next build rewrites them.
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		_ = root.Remove(tmp)
	}
	return err
}
