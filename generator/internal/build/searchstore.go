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
// generator's version on the first line, then the index's saved state. A state that
// another generator wrote, or that cannot be read, is not used: the index is built
// afresh. Any state the generator wrote is a valid start, whichever build wrote it: an
// update compares every record with the state's own.
type searchStore struct {
	stampFile string
	version   string
	saving    *sync.WaitGroup // saves run beside the rest of the build; wait for them
}

func (s searchStore) file(lang string) string { return s.stampFile + ".search-" + lang }

func (s searchStore) Load(lang string) *search.Index {
	b, err := os.ReadFile(s.file(lang))
	if err != nil {
		return nil
	}
	version, state, ok := bytes.Cut(b, []byte("\n"))
	if !ok || string(version) != s.version {
		return nil
	}
	index, err := search.UnmarshalIndex(state)
	if err != nil {
		return nil
	}
	return index
}

// Save writes the state through a temporary file, renamed into place, on another
// goroutine (wait waits for it): a build killed meanwhile leaves the previous state, or
// none. A state that cannot be saved only costs the next build a full index.
func (s searchStore) Save(lang string, index *search.Index) {
	s.saving.Go(func() { s.save(lang, index) })
}

// wait waits for the states being saved.
func (s searchStore) wait() { s.saving.Wait() }

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
