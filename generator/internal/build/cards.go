package build

import (
	"bufio"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/stamp"
)

// The card cache keeps, beside the stamp, what a build of a big survey (one whose
// documents are frozen, see render.Freezer) decoded and parsed from each scheme and
// standard card: the card, and each document's references and plain text. The next build
// takes every card whose file it may trust to be unchanged as it is, without decoding its
// TOML or parsing its Markdown; its documents are shelved, and parsed only if their page
// renders. An edit of one card in a survey of thousands then decodes and parses one card.
//
// A card is taken only when the cache was written by the build that wrote the stamp, and
// the card's file is, by the stamp, unchanged and settled (older than stamp.Settle
// before that build began), with the generator, layouts, site file and glossary
// unchanged too (settledCards). Anything else, or a cache that cannot be read, only
// means decoding and parsing as usual.

// cardCacheVersion changes with the cache's format.
const cardCacheVersion = 2

// The file is a stream of gob messages: a cacheHeader, then one cachedCard per card, so
// that neither writing nor reading it holds more than one card's encoding at a time.
type cacheHeader struct {
	Version int
	Key     string // of the stamp saved with it
	Started int64  // of the stamp saved with it
}

type cachedCard struct {
	Name     string // "schemes/ismap.toml"
	Scheme   *content.Scheme
	Standard *content.Standard
	Docs     []cachedDoc // by content.Langs
}

type cachedDoc struct {
	Refs []markdown.Ref
	Text string
}

// cardCache is what a build takes from the cache: the trusted cards, by file name.
type cardCache struct {
	cards map[string]cachedCard
}

// cardsFile is where the card cache of a stamp lives.
func cardsFile(stampFile string) string { return stampFile + ".cards" }

// loadCards reads the cache saved with old, and keeps of it the cards that settled trusts
// and whose file's modification time was settled when old was written. It returns nil
// when there is nothing to take.
func loadCards(stampFile string, old stamp.Stamp, settled map[string]bool, inputs []stamp.Entry) *cardCache {
	f, err := os.Open(cardsFile(stampFile))
	if err != nil {
		return nil
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var h cacheHeader
	if err := dec.Decode(&h); err != nil || h.Version != cardCacheVersion || h.Key != old.Key || h.Started != old.Started {
		return nil
	}
	limit := old.Started - int64(stamp.Settle)
	trusted := map[string]bool{}
	for _, e := range inputs {
		if settled[e.Path] && e.MTime < limit {
			trusted[e.Path] = true
		}
	}
	c := &cardCache{cards: make(map[string]cachedCard, len(trusted))}
	for {
		var card cachedCard
		if err := dec.Decode(&card); err == io.EOF {
			break
		} else if err != nil {
			return nil
		}
		if trusted["content/"+card.Name] {
			c.cards[card.Name] = card
		}
	}
	return c
}

// card returns the cached card of file name, or nil. Each card is taken once: the build
// owns it from then on.
func (c *cardCache) card(name string) any {
	if c == nil {
		return nil
	}
	switch card := c.cards[name]; {
	case card.Scheme != nil:
		return card.Scheme
	case card.Standard != nil:
		return card.Standard
	}
	return nil
}

// doc returns the cached document of a card in lang as a shelved document of fields, or
// nil.
func (c *cardCache) doc(kind, id, lang string, fields []markdown.Field) *markdown.Doc {
	if c == nil {
		return nil
	}
	var docs []cachedDoc
	switch kind {
	case "scheme":
		docs = c.cards["schemes/"+id+".toml"].Docs
	case "std":
		docs = c.cards["standards/"+id+".toml"].Docs
	}
	for i, l := range content.Langs {
		if l == lang && i < len(docs) {
			return markdown.Restore(fields, "", docs[i].Refs, docs[i].Text)
		}
	}
	return nil
}

// writeCards writes the cache of site's schemes and standards, to go with a stamp of key
// and started, into a temporary file beside stampFile, and returns its name: the build
// renames it into place with its stamp (see stamped.save). It only reads the site, so it
// runs while the pages render.
func writeCards(stampFile, key string, started int64, site *model.Site) (string, error) {
	dir := filepath.Dir(stampFile)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("card cache: %w", err)
	}
	removeStale(filepath.Join(dir, ".cards-*"))
	tmp, err := os.CreateTemp(dir, ".cards-*")
	if err != nil {
		return "", fmt.Errorf("card cache: %w", err)
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	enc := gob.NewEncoder(w)
	docs := func(m map[string]*markdown.Doc) []cachedDoc {
		out := make([]cachedDoc, len(content.Langs))
		for i, lang := range content.Langs {
			out[i] = cachedDoc{Refs: m[lang].Refs, Text: m[lang].Text()}
		}
		return out
	}
	err = enc.Encode(cacheHeader{Version: cardCacheVersion, Key: key, Started: started})
	for _, sc := range site.Schemes {
		if err != nil {
			break
		}
		card := *sc.Scheme
		card.Src = nil
		err = enc.Encode(cachedCard{Name: "schemes/" + string(sc.ID) + ".toml", Scheme: &card, Docs: docs(sc.Docs)})
	}
	for _, st := range site.Standards {
		if err != nil {
			break
		}
		card := *st.Standard
		card.Src = nil
		err = enc.Encode(cachedCard{Name: "standards/" + string(st.ID) + ".toml", Standard: &card, Docs: docs(st.Docs)})
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return "", fmt.Errorf("card cache: %w", err)
	}
	return tmp.Name(), nil
}

// removeStale removes the files matching pattern that are over an hour old: temporary
// caches of builds that were killed while writing them (a build writes its own in
// seconds, so another build's is never that old while it is being written).
func removeStale(pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, f := range files {
		if info, err := os.Lstat(f); err == nil && time.Since(info.ModTime()) > time.Hour {
			_ = os.Remove(f)
		}
	}
}
