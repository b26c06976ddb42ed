// Package stamp lets a build that has nothing to do stop before reading a single card.
//
// After a successful build the generator records, in a stamp file outside the output
// folder (in the user's cache folder: the output folder is committed and must not hold
// anything that depends on the machine), the size and modification time of every input
// file and of every file it wrote, with a key naming the generator and the build's
// options. The next build lists the same files again; when the key and every entry are
// the same, the site on disk is exactly what a full build would write, and the build
// stops there. Anything else (a card edited, added or removed, a template changed, an
// output file touched or deleted, a new generator) makes an ordinary build, which the
// page fingerprints keep incremental.
//
// Each entry also holds the file's inode number and status-change time (on Linux), as
// Git's index does: a file replaced by another (git checkout, an editor that saves by
// renaming) or restored with its old modification time (cp -p, rsync -t) differs in
// those. The folders holding the outputs are entries too, so that a file created or
// removed beside the outputs (a temporary file a killed build left) ends the shortcut.
//
// Modification times can be coarse (one or two seconds on some file systems), so a file
// changed twice within one tick, to the same size, would look unchanged. As Git does for
// its index, a stamp trusts only inputs whose modification time is at least [Settle]
// older than the moment the build that wrote the stamp began; a file changed later than
// that makes the next build check everything (and write a stamp that can be trusted).
package stamp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

// Settle is how much older than the build an input must be for the stamp to trust its
// modification time.
const Settle = 2 * time.Second

const header = "# survey generator build stamp v2; safe to delete\n"

// Entry is one file, or folder, as the file system describes it.
type Entry struct {
	Path  string // "<label>/<path in the folder>", "/"-separated; a folder's ends in "/"
	Size  int64  // -1 for anything but a regular file or a folder
	MTime int64  // nanoseconds since 1970
	CTime int64  // status change, nanoseconds since 1970; 0 where unknown
	Ino   uint64 // 0 where unknown
}

// describe fills e from info.
func describe(e Entry, info fs.FileInfo) Entry {
	e.Size, e.MTime = info.Size(), info.ModTime().UnixNano()
	if !info.Mode().IsRegular() && !info.IsDir() {
		e.Size = -1
	}
	e.CTime, e.Ino = identity(info)
	return e
}

// Stamp is what a build saw.
type Stamp struct {
	Key     string  // the generator and the options; a different key never matches
	Started int64   // when the build began, nanoseconds since 1970
	Inputs  []Entry // as [Scan] lists them
	Outputs []Entry // the files the build made, as [Stat] describes them
}

// Scan lists every regular file under each folder, labelled by the map's key ("content",
// "layouts"), sorted by path. Symbolic links and other special files are listed with a
// size of -1, so that they are never taken for unchanged regular files.
func Scan(dirs map[string]string) ([]Entry, error) {
	var out []Entry
	labels := make([]string, 0, len(dirs))
	for l := range dirs {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for _, label := range labels {
		// The folder itself may be a symbolic link (content -> a checkout elsewhere):
		// the build reads through it, and so must the stamp.
		root, err := filepath.EvalSymlinks(dirs[label])
		if err != nil {
			return nil, err
		}
		var names []string
		var modes []fs.FileMode
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			names = append(names, filepath.ToSlash(rel))
			modes = append(modes, d.Type())
			return nil
		})
		if err != nil {
			return nil, err
		}
		st, err := openStatter(root, names)
		if err != nil {
			return nil, err
		}
		entries := make([]Entry, len(names))
		errs := make([]error, len(names))
		parallel.ForEach(len(names), func(i int) {
			entries[i] = Entry{Path: label + "/" + names[i], Size: -1}
			if modes[i] != 0 {
				return
			}
			info, err := st.lstat(names[i])
			if err != nil {
				errs[i] = err
				return
			}
			entries[i] = describe(entries[i], info)
		})
		st.close()
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		out = append(out, entries...)
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// Stat describes the named files of one folder, labelled like [Scan]; a name ending in
// "/" is a folder. Anything missing, or a file where a folder is named, is an error.
func Stat(label, dir string, names []string) ([]Entry, error) {
	return StatKnown(label, dir, names, nil)
}

// StatKnown is [Stat], taking from known (when not nil) what the caller already saw of
// a file, and is sure still holds, instead of looking again.
func StatKnown(label, dir string, names []string, known func(name string) (fs.FileInfo, bool)) ([]Entry, error) {
	st, err := openStatter(dir, names)
	if err != nil {
		return nil, err
	}
	defer st.close()
	entries := make([]Entry, len(names))
	errs := make([]error, len(names))
	parallel.ForEach(len(names), func(i int) {
		if known != nil {
			if info, ok := known(names[i]); ok && info.Mode().IsRegular() && !strings.HasSuffix(names[i], "/") {
				entries[i] = describe(Entry{Path: label + "/" + names[i]}, info)
				return
			}
		}
		info, err := st.lstat(names[i])
		if err == nil && strings.HasSuffix(names[i], "/") != info.IsDir() {
			err = fmt.Errorf("%s: a file where a folder was, or a folder where a file was", names[i])
		}
		if err != nil {
			errs[i] = err
			return
		}
		entries[i] = describe(Entry{Path: label + "/" + names[i]}, info)
	})
	return entries, errors.Join(errs...)
}

// statter looks at the files of one folder tree through a handle on each of their
// folders: a path looked up from the top resolves every folder on its way again, three
// system calls each, for each of tens of thousands of files.
type statter struct {
	roots map[string]*os.Root // by folder, "." for the top; nil for one that is missing
}

// openStatter opens dir and the folders of names ("/"-separated, relative to dir; a
// folder's ends in "/").
func openStatter(dir string, names []string) (*statter, error) {
	top, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	s := &statter{roots: map[string]*os.Root{".": top}}
	for _, n := range names {
		d, _ := splitName(n)
		if _, ok := s.roots[d]; !ok {
			s.roots[d], _ = top.OpenRoot(d) // nil when missing: lstat says so
		}
	}
	return s, nil
}

// splitName returns the folder of a name and its last element ("." for the top itself).
func splitName(name string) (dir, base string) {
	name = strings.TrimSuffix(name, "/")
	if name == "." || name == "" {
		return ".", "."
	}
	dir, base = path.Split(name)
	if dir = strings.TrimSuffix(dir, "/"); dir == "" {
		dir = "."
	}
	return dir, base
}

// lstat describes name, without following a symbolic link; it is safe for concurrent
// use.
func (s *statter) lstat(name string) (fs.FileInfo, error) {
	d, base := splitName(name)
	r := s.roots[d]
	if r == nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrNotExist}
	}
	return r.Lstat(base)
}

func (s *statter) close() {
	for _, r := range s.roots {
		if r != nil {
			r.Close()
		}
	}
}

// Matches reports whether inputs and outputs (in the stamp's order) are what the stamp
// recorded under key, with every input's modification time settled. Outputs were
// written by the build itself, after it began, so only their equality counts.
func (s Stamp) Matches(key string, inputs, outputs []Entry) bool {
	if s.Key != key || !slices.Equal(s.Inputs, inputs) || !slices.Equal(s.Outputs, outputs) {
		return false
	}
	limit := s.Started - int64(Settle)
	for _, f := range inputs {
		if f.Size < 0 || f.MTime >= limit {
			return false
		}
	}
	for _, f := range outputs {
		if f.Size < 0 {
			return false
		}
	}
	return true
}

// OutputNames returns the paths of the stamp's outputs without their label, in order.
func (s Stamp) OutputNames() []string {
	out := make([]string, len(s.Outputs))
	for i, f := range s.Outputs {
		_, out[i], _ = strings.Cut(f.Path, "/")
	}
	return out
}

// Save writes the stamp to file, creating its folder, through a temporary file renamed
// into place.
func (s Stamp) Save(file string) error {
	b := make([]byte, 0, 64+len(s.Key)+(len(s.Inputs)+len(s.Outputs))*96)
	b = append(b, header...)
	b = append(b, "key "+s.Key+"\nstarted "...)
	b = strconv.AppendInt(b, s.Started, 10)
	b = append(b, '\n')
	for _, list := range []struct {
		kind    string
		entries []Entry
	}{{"in ", s.Inputs}, {"out ", s.Outputs}} {
		for _, f := range list.entries {
			b = append(b, list.kind...)
			b = strconv.AppendInt(b, f.Size, 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, f.MTime, 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, f.CTime, 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(f.Ino), 10)
			b = append(b, ' ')
			b = append(b, f.Path...)
			b = append(b, '\n')
		}
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".stamp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// Load reads a stamp written by [Stamp.Save]. A stamp that is missing or cannot be read
// gives an error; callers then build in full.
func Load(file string) (Stamp, error) {
	var s Stamp
	b, err := os.ReadFile(file)
	if err != nil {
		return s, err
	}
	// The paths are parts of one string: a stamp lists tens of thousands of files.
	text, ok := strings.CutPrefix(string(b), header)
	if !ok {
		return s, fmt.Errorf("%s: not a build stamp", file)
	}
	n := strings.Count(text, "\n")
	s.Inputs = make([]Entry, 0, n)
	for line := 2; text != ""; line++ {
		var l string
		l, text, ok = strings.Cut(text, "\n")
		bad := func() (Stamp, error) { return Stamp{}, fmt.Errorf("%s:%d: damaged build stamp", file, line) }
		if !ok {
			return bad() // the last line was cut short
		}
		switch line {
		case 2:
			if s.Key, ok = strings.CutPrefix(l, "key "); !ok {
				return bad()
			}
			continue
		case 3:
			v, ok := strings.CutPrefix(l, "started ")
			if s.Started, err = strconv.ParseInt(v, 10, 64); !ok || err != nil {
				return bad()
			}
			continue
		}
		kind, rest, _ := strings.Cut(l, " ")
		var nums [4]int64
		for i := range nums {
			var field string
			field, rest, ok = strings.Cut(rest, " ")
			if nums[i], err = strconv.ParseInt(field, 10, 64); !ok || err != nil {
				return bad()
			}
		}
		if rest == "" {
			return bad()
		}
		e := Entry{Path: rest, Size: nums[0], MTime: nums[1], CTime: nums[2], Ino: uint64(nums[3])}
		switch kind {
		case "in":
			s.Inputs = append(s.Inputs, e)
		case "out":
			s.Outputs = append(s.Outputs, e)
		default:
			return bad()
		}
	}
	if s.Key == "" && s.Started == 0 {
		return Stamp{}, fmt.Errorf("%s: damaged build stamp", file)
	}
	return s, nil
}
