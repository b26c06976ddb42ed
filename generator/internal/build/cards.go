package build

import (
	"bufio"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
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
	Identity uint64      // see identity
}

type cachedDoc struct {
	Refs []markdown.Ref
	Text string
}

// cardCache is what a build takes from the cache: the trusted cards, by file name, and
// the identity of every card of the build that wrote it.
type cardCache struct {
	cards      map[string]cachedCard
	identities map[string]uint64
}

// identity fingerprints what pages other than a card's own show of it: everything but
// the Markdown of its documents, plus the cards its documents refer to (a reference to a
// standard lists the scheme on the standard's page). When an edit leaves every card's
// identity as it was, only the edited cards' own pages can change.
func identity(card any, docs map[string]*markdown.Doc) uint64 {
	switch c := card.(type) {
	case *content.Scheme:
		x := *c
		x.Src = nil
		for _, t := range []*content.SchemeText{&x.Ja, &x.En} {
			t.Name, t.Scope, t.Overview, t.ISMS, t.Notes = "", "", "", "", ""
		}
		card = x
	case *content.Standard:
		x := *c
		x.Src = nil
		for _, t := range []*content.StandardText{&x.Ja, &x.En} {
			t.Description, t.Notes = "", ""
		}
		card = x
	}
	h := fnv.New64a()
	enc := json.NewEncoder(h)
	_ = enc.Encode(card)
	for _, lang := range content.Langs {
		for _, r := range docs[lang].Refs {
			fmt.Fprintf(h, "%s %s %s\n", lang, r.Kind, r.ID)
		}
	}
	return h.Sum64()
}

// cardFile is the file name, in the content folder, of a card of kind "scheme" or "std"
// ("standard"): its id is its file name.
func cardFile(kind, id string) string {
	if kind == "scheme" {
		return "schemes/" + id + ".toml"
	}
	return "standards/" + id + ".toml"
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
	c := &cardCache{cards: make(map[string]cachedCard, len(trusted)), identities: map[string]uint64{}}
	for {
		var card cachedCard
		if err := dec.Decode(&card); err == io.EOF {
			break
		} else if err != nil {
			return nil
		}
		c.identities[card.Name] = card.Identity
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
	docs := c.cards[cardFile(kind, id)].Docs
	for i, l := range content.Langs {
		if l == lang && i < len(docs) {
			return markdown.Restore(fields, "", docs[i].Refs, docs[i].Text)
		}
	}
	return nil
}

// identity is the identity of the card of file name: the previous build's when the card
// was taken from the cache (the same file), else computed.
func (c *cardCache) identity(name string, card any, docs map[string]*markdown.Doc) uint64 {
	if c != nil {
		if cached, ok := c.cards[name]; ok {
			return cached.Identity
		}
	}
	return identity(card, docs)
}

// onlyChanged returns the cards (as render.Stream names them) whose own pages are all
// that can differ from the previous build's, or nil when other pages can too: when a
// card was added or removed, or changed what other pages show of it, or a file other
// than a scheme's or standard's changed. settled holds the content files as the previous
// build saw them (nil when the generator, layouts, site file or glossary changed).
func (c *cardCache) onlyChanged(site *model.Site, settled map[string]bool, inputs []stamp.Entry) map[string]bool {
	if c == nil || settled == nil || len(site.Schemes)+len(site.Standards) != len(c.identities) {
		return nil
	}
	for _, e := range inputs {
		dir := path.Dir(strings.TrimPrefix(e.Path, "content/"))
		if strings.HasPrefix(e.Path, "content/") && dir != "schemes" && dir != "standards" && !settled[e.Path] {
			return nil
		}
	}
	only := map[string]bool{}
	check := func(kind string, id content.ID, card any, docs map[string]*markdown.Doc) bool {
		name := cardFile(kind, string(id))
		if _, cached := c.cards[name]; cached {
			return true // taken from the cache: the same file as before
		}
		before, ok := c.identities[name]
		if !ok || before != identity(card, docs) {
			return false
		}
		only[kind+":"+string(id)] = true
		return true
	}
	for _, sc := range site.Schemes {
		if !check("scheme", sc.ID, sc.Scheme, sc.Docs) {
			return nil
		}
	}
	for _, st := range site.Standards {
		if !check("standard", st.ID, st.Standard, st.Docs) {
			return nil
		}
	}
	return only
}

// writeCards writes the cache of site's schemes and standards, to go with a stamp of key
// and started, into a temporary file beside stampFile, and returns its name: the build
// renames it into place with its stamp (see stamped.save). prev is the cache the build
// took cards from, or nil. It only reads the site and prev, so it runs while the pages
// render.
func writeCards(stampFile, key string, started int64, site *model.Site, prev *cardCache) (string, error) {
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
		name := cardFile("scheme", string(sc.ID))
		err = enc.Encode(cachedCard{Name: name, Scheme: &card, Docs: docs(sc.Docs), Identity: prev.identity(name, &card, sc.Docs)})
	}
	for _, st := range site.Standards {
		if err != nil {
			break
		}
		card := *st.Standard
		card.Src = nil
		name := cardFile("std", string(st.ID))
		err = enc.Encode(cachedCard{Name: name, Standard: &card, Docs: docs(st.Docs), Identity: prev.identity(name, &card, st.Docs)})
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
