package build

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/jipdec-survey/cloudsec/generator/internal/search"
)

// searchStore keeps each language's search index beside the stamp, in the file of the
// stamp plus ".search-<lang>", for the next build to update (render.SearchStore): the
// generator's version on the first line, then the index's saved state. The state does
// not hold the index file itself (the bulk of it, 20 MB for 10,000 Japanese cards): the
// next build reads that back from the output folder, where this build published it,
// mapped into memory where the system allows (readShared). A state that another
// generator wrote, that cannot be read, or whose file in the output folder changed
// since, is not used: the index is built afresh. Any state the generator wrote is a
// valid start, whichever build wrote it: an update compares every record with the
// state's own.
type searchStore struct {
	stampFile string
	version   string
	out       string          // the output folder
	saving    *sync.WaitGroup // saves run beside the rest of the build; wait for them
	files     *sharedFiles    // the index files Load read, until wait
}

// sharedFiles are files read by readShared, to let go of once no index uses them.
type sharedFiles struct {
	mu      sync.Mutex
	release []func()
}

func newSearchStore(stampFile, version, out string) searchStore {
	return searchStore{stampFile: stampFile, version: version, out: out, saving: &sync.WaitGroup{}, files: &sharedFiles{}}
}

func (s searchStore) file(lang string) string { return s.stampFile + ".search-" + lang }

func (s searchStore) Load(lang, path string) *search.Index {
	b, err := os.ReadFile(s.file(lang))
	if err != nil {
		return nil
	}
	version, state, ok := bytes.Cut(b, []byte("\n"))
	if !ok || string(version) != s.version {
		return nil
	}
	file, release, err := readShared(filepath.Join(s.out, filepath.FromSlash(path)))
	if err != nil {
		return nil
	}
	index, err := search.UnmarshalIndex(state, file)
	if err != nil {
		release()
		return nil
	}
	s.files.mu.Lock()
	s.files.release = append(s.files.release, release)
	s.files.mu.Unlock()
	return index
}

// Save writes the state through a temporary file, renamed into place, on another
// goroutine (wait waits for it): a build killed meanwhile leaves the previous state, or
// none. A state that cannot be saved only costs the next build a full index.
func (s searchStore) Save(lang string, index *search.Index) {
	s.saving.Go(func() { s.save(lang, index) })
}

// wait waits for the states being saved, then lets go of the index files Load read:
// the build is over, and no index is used any more.
func (s searchStore) wait() {
	s.saving.Wait()
	s.files.mu.Lock()
	defer s.files.mu.Unlock()
	for _, release := range s.files.release {
		release()
	}
	s.files.release = nil
}

func (s searchStore) save(lang string, index *search.Index) {
	keep(s.file(lang), ".search-*", func(w io.Writer) error {
		if _, err := io.WriteString(w, s.version+"\n"); err != nil {
			return err
		}
		_, err := index.WriteTo(w)
		return err
	})
}

// keep writes file, beside the stamp, through a temporary file (named after the pattern
// temps) renamed into place: a build killed meanwhile leaves the previous file, or none.
// A file that cannot be written only costs the next build one of its shortcuts.
func keep(file, temps string, write func(io.Writer) error) {
	dir := filepath.Dir(file)
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	removeStale(filepath.Join(dir, temps))
	tmp, err := os.CreateTemp(dir, temps)
	if err != nil {
		return
	}
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Rename(tmp.Name(), file) != nil {
		_ = os.Remove(tmp.Name())
	}
}

// readCopy is readShared by reading the file into memory.
func readCopy(name string) ([]byte, func(), error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	return b, func() {}, nil
}
