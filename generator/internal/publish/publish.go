// Package publish is the only writer of the output folder.
//
// It keeps a manifest (.manifest in the output folder: one "sha256  path" line per file
// the generator made, sorted, no timestamps) and, given the full list of outputs of a
// build:
//
//   - writes a file only when its bytes differ from what is on disk, through a temporary
//     file in the same folder renamed into place, so that a reader or a killed build never
//     sees half a file;
//   - deletes only files that the previous manifest lists and the new build no longer has,
//     never anything else (a CNAME, a .git folder, a file a user put there);
//   - writes the manifest last.
//
// All access goes through an [os.Root] opened on the output folder, so no path can
// escape it. The caller must not call [Publish] when the build has diagnostics.
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
	"slices"
	"strconv"
	"strings"
)

// ManifestName is the manifest's file name in the output folder.
const ManifestName = ".manifest"

const manifestHeader = "# files written by the survey generator; do not edit\n"

// File is one output.
type File struct {
	Path  string // "/"-separated, relative to the output folder
	Bytes []byte
}

// Stats counts what a publish did.
type Stats struct {
	Written   int // files created or changed
	Unchanged int // files whose bytes were already on disk
	Removed   int // files of an earlier build that no longer have a source
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

	old, err := readManifest(root)
	if err != nil {
		return st, err
	}
	manifest := make([]string, 0, len(files))
	keep := make(map[string]bool, len(files))
	for _, f := range files {
		if !fs.ValidPath(f.Path) || f.Path == ManifestName {
			return st, fmt.Errorf("invalid output path %q", f.Path)
		}
		sum := sha256.Sum256(f.Bytes)
		manifest = append(manifest, hex.EncodeToString(sum[:])+"  "+f.Path)
		keep[f.Path] = true
		if sameBytes(root, f.Path, f.Bytes) {
			st.Unchanged++
			continue
		}
		if err := writeAtomic(root, f.Path, f.Bytes); err != nil {
			return st, err
		}
		st.Written++
	}
	var stale []string
	for p := range old {
		if !keep[p] {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
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
	slices.SortFunc(manifest, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	data := []byte(manifestHeader + strings.Join(manifest, "\n") + "\n")
	if !sameBytes(root, ManifestName, data) {
		if err := writeAtomic(root, ManifestName, data); err != nil {
			return st, err
		}
	}
	return st, nil
}

func sameBytes(root *os.Root, name string, b []byte) bool {
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(b)) {
		return false
	}
	have := make([]byte, len(b)+1)
	n, _ := f.Read(have)
	for n < len(b) {
		m, err := f.Read(have[n:])
		n += m
		if err != nil {
			break
		}
	}
	return n == len(b) && bytes.Equal(have[:n], b)
}

// readManifest returns path -> sha256 of the files an earlier build made.
func readManifest(root *os.Root) (map[string]string, error) {
	m := map[string]string{}
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
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		sum, p, ok := strings.Cut(line, "  ")
		if ok && fs.ValidPath(p) && p != ManifestName {
			m[p] = sum
		}
	}
	return m, sc.Err()
}

var tmpCounter int

func writeAtomic(root *os.Root, name string, b []byte) error {
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmpCounter++
	tmp := path.Join(path.Dir(name), ".tmp-"+strconv.Itoa(os.Getpid())+"-"+strconv.Itoa(tmpCounter)+"-"+path.Base(name))
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
