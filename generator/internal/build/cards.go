package build

import (
	"bufio"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/pack"
	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
	"github.com/jipdec-survey/cloudsec/generator/internal/stamp"
)

// The card cache keeps, beside the stamp, what a build of a big survey (one whose
// documents are frozen, see render.Freezer) decoded and parsed from each scheme and
// standard card: the card, and each document's references and plain text. The next build
// takes every card whose file it may trust to be unchanged as it is, without decoding its
// TOML or parsing its Markdown; its documents are shelved, and parsed only if their page
// renders. An edit of one card in a survey of thousands then decodes and parses one card.
// The schemes' Markdown and the documents' plain text (60 MB of the 66 MB of a cache of
// 10,000 cards) are read only when asked for: an edit of one card needs the others'
// titles and references, not their Markdown (content.Scheme.SetFill), and the search
// index needs the digest of each text, which the cache keeps beside the card, and the
// text itself only for the records that changed. (The standards, a few dozen, keep their
// Markdown with the rest of the card: every build exports them.)
//
// A card is taken only when the cache was written by the build that wrote the stamp, and
// the card's file is, by the stamp, unchanged and settled (older than stamp.Settle
// before that build began), with the generator, layouts, site file and glossary
// unchanged too (settledCards). Anything else, or a cache that cannot be read, only
// means decoding and parsing as usual.

// cardCacheVersion changes with the cache's format.
const cardCacheVersion = 8

// cacheShards is how many shards the cache's cards are spread over, by their file name.
// An edit of one card encodes its shard again, and reads the texts of the other cards in
// it: at 10,000 cards, 64 shards of about 160 cards each made an edit 13 ms faster than
// 16 (10 alternating edits).
const cacheShards = 64

// The file holds the cards in shards, then a trailer: a gob stream of one cacheHeader,
// and its length as 8 bytes. A shard is its cachedCards one after another as package
// pack encodes them (each scheme without its Markdown fields), then the texts of each
// card in turn (a scheme's Markdown fields, then its documents' texts) end to end. The
// cards of the shards are read on every processor, each shard's in one piece, and the
// strings of its cards are parts of one string holding them: decoding copies and
// allocates little. A shard's texts are read in one piece too, the first time one of
// them is asked for.
// (encoding/gob took twice as long, with four times the allocations: the largest part of
// an edit at 10,000 cards.)
//
// A build that took cards from the cache keeps every shard whose cards it all took as it
// is: it appends the shards it encoded anew, and a new trailer naming where each shard
// now is, to the same file. An edit of one card then writes one shard. Once the file
// would be more than twice the size of the shards it names, it is written afresh (the
// shards kept are copied byte for byte) into a new file renamed into place.
type cacheHeader struct {
	Version int
	Key     string // of the stamp saved with it
	Started int64  // of the stamp saved with it
	Layout  string // pack.Signature of cachedCard: the cards' structs as they were
	Shards  []cacheShard
}

type cacheShard struct {
	Off, Len int64    // the cards, then their texts
	TextOff  int64    // where the texts start, from Off
	Sum      uint64   // xxh64 of the cards' bytes: a shard damaged on disk is not used
	TextSum  uint64   // xxh64 of the texts' bytes
	Names    []string // its cards' file names, in the order written
}

type cachedCard struct {
	Name     string // "schemes/ismap.toml"
	Scheme   *content.Scheme
	Standard *content.Standard
	Docs     []cachedDoc // by content.Langs
	Identity uint64      // see identity
	Fields   []int64     // the lengths of a scheme's MarkdownFields among the shard's texts

	shard    int   // where the texts are, once decoded
	fieldsAt int64 // from the start of the shard's texts
}

type cachedDoc struct {
	Refs    []markdown.Ref
	TextSum uint64 // of its plain text, as markdown.Doc.TextSum
	TextLen int64  // the text's length among the shard's texts, which follow the cards' order

	shard int   // where the text is, once decoded
	at    int64 // from the start of the shard's texts
}

// cardCache is what a build takes from the cache: the trusted cards, by file name, and
// the identity of every card of the build that wrote it. The file stays open, for the
// shards that the next cache copies from it, until close.
type cardCache struct {
	cards      map[string]*cachedCard
	identities map[string]uint64
	size       int64 // of the file, when read
	shards     []cacheShard
	texts      []shardTexts // by shard

	mu   sync.Mutex // for file: the texts are read while the new cache is written
	file *os.File
}

// cacheTextReads counts the shards whose texts were read, and cacheTextDamage those
// found damaged or unreadable, for the tests.
var cacheTextReads, cacheTextDamage atomic.Int64

// shardTexts are the texts of a shard, read the first time one is asked for.
type shardTexts struct {
	once   sync.Once
	data   string
	ok     bool
	failed atomic.Bool // read, and found damaged or unreadable
}

// shardOf is the shard of the card of file name.
func shardOf(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % cacheShards)
}

// identity fingerprints what pages other than a card's own show of it: everything but
// the Markdown of its documents, plus the cards its documents refer to (a reference to a
// standard lists the scheme on the standard's page). When an edit leaves every card's
// identity as it was, only the edited cards' own pages can change.
func identity(card any, docs map[string]*markdown.Doc) uint64 {
	switch c := card.(type) {
	case *content.Scheme:
		c.Fill() // before the copy, which reads every field
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
	// What the cache holds, the build keeps: a collection while it is read, as the heap
	// grows from nothing, would find no garbage to speak of (each shard is read in one
	// piece and its strings are not copied), yet mark everything read so far.
	defer pauseGC()()
	c, err := readCards(f, old, settled, inputs)
	if err != nil {
		f.Close()
		return nil
	}
	return c
}

// gcPaused counts the loads under way that turned the garbage collector off, and keeps
// the setting to restore when the last ends (two builds may run in one process).
var gcPaused struct {
	sync.Mutex
	n, was int
}

// pauseGC turns the garbage collector off until the returned function is called.
func pauseGC() (resume func()) {
	gcPaused.Lock()
	if gcPaused.n == 0 {
		gcPaused.was = debug.SetGCPercent(-1)
	}
	gcPaused.n++
	gcPaused.Unlock()
	return func() {
		gcPaused.Lock()
		if gcPaused.n--; gcPaused.n == 0 {
			debug.SetGCPercent(gcPaused.was)
		}
		gcPaused.Unlock()
	}
}

func readCards(f *os.File, old stamp.Stamp, settled map[string]bool, inputs []stamp.Entry) (*cardCache, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], info.Size()-8); err != nil {
		return nil, err
	}
	n := int64(binary.BigEndian.Uint64(tail[:]))
	end := info.Size() - 8 - n // where the shards end
	if n <= 0 || end < 0 {
		return nil, errors.New("no trailer")
	}
	var h cacheHeader
	if err := gob.NewDecoder(io.NewSectionReader(f, end, n)).Decode(&h); err != nil {
		return nil, err
	}
	if h.Version != cardCacheVersion || h.Key != old.Key || h.Started != old.Started || h.Layout != cardLayout() {
		return nil, errors.New("another cache")
	}
	for _, s := range h.Shards {
		if s.Off < 0 || s.Len < 0 || s.Off+s.Len > end || s.TextOff < 0 || s.TextOff > s.Len {
			return nil, errors.New("bad shard")
		}
	}
	limit := old.Started - int64(stamp.Settle)
	trusted := map[string]bool{}
	for _, e := range inputs {
		if settled[e.Path] && e.MTime < limit && e.Size >= 0 {
			trusted[strings.TrimPrefix(e.Path, "content/")] = true // as the cache names it
		}
	}
	shards := make([][]cachedCard, len(h.Shards))
	errs := make([]error, len(h.Shards))
	parallel.ForEach(len(h.Shards), func(i int) {
		s := h.Shards[i]
		buf := make([]byte, s.TextOff)
		if _, errs[i] = f.ReadAt(buf, s.Off); errs[i] != nil {
			return
		}
		if xxhash.Sum64(buf) != s.Sum {
			errs[i] = errors.New("damaged shard")
			return
		}
		// The bytes are never written again: they are the string the cards' strings are
		// parts of, without a copy of the whole shard.
		data := unsafe.String(unsafe.SliceData(buf), len(buf))
		var at int64 // where the next text starts
		for range s.Names {
			var card cachedCard
			if data, errs[i] = pack.Decode(data, &card); errs[i] != nil {
				return
			}
			if card.Scheme != nil && len(card.Fields) != len(card.Scheme.MarkdownFields()) {
				errs[i] = errors.New("bad shard")
				return
			}
			card.shard, card.fieldsAt = i, at
			for _, n := range card.Fields {
				if n < 0 || at+n > s.Len-s.TextOff {
					errs[i] = errors.New("bad shard")
					return
				}
				at += n
			}
			for k := range card.Docs {
				d := &card.Docs[k]
				if d.TextLen < 0 || at+d.TextLen > s.Len-s.TextOff {
					errs[i] = errors.New("bad shard")
					return
				}
				d.shard, d.at = i, at
				at += d.TextLen
			}
			if !trusted[card.Name] {
				card = cachedCard{Name: card.Name, Identity: card.Identity}
			}
			shards[i] = append(shards[i], card)
		}
		if data != "" || at != s.Len-s.TextOff {
			errs[i] = errors.New("bad shard")
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	c := &cardCache{cards: make(map[string]*cachedCard, len(trusted)), identities: make(map[string]uint64, len(trusted)), file: f, size: info.Size(), shards: h.Shards, texts: make([]shardTexts, len(h.Shards))}
	for _, cards := range shards {
		for k := range cards {
			card := &cards[k]
			c.identities[card.Name] = card.Identity
			if card.Scheme != nil || card.Standard != nil {
				c.cards[card.Name] = card
			}
		}
	}
	return c, nil
}

// close closes the cache's file; the shards can no longer be copied, nor texts read.
func (c *cardCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file != nil {
		c.file.Close()
		c.file = nil
	}
}

// text returns the text of d, a document of a card taken from the cache, reading the
// texts of its shard the first time; false when they cannot be read or are damaged.
func (c *cardCache) text(d *cachedDoc) (string, bool) {
	texts, ok := c.shardTexts(d.shard)
	if !ok {
		return "", false
	}
	return texts[d.at : d.at+d.TextLen], true
}

// fill sets the Markdown fields of sc, the scheme of card as taken from the cache, from
// the texts of its shard; false when they cannot be read or are damaged.
func (c *cardCache) fill(sc *content.Scheme, card *cachedCard) bool {
	texts, ok := c.shardTexts(card.shard)
	if !ok {
		return false
	}
	at := card.fieldsAt
	for i, p := range sc.MarkdownFields() {
		*p = texts[at : at+card.Fields[i]]
		at += card.Fields[i]
	}
	return true
}

// shardTexts returns the texts of shard i, read the first time; false when they cannot
// be read or are damaged.
func (c *cardCache) shardTexts(i int) (string, bool) {
	t := &c.texts[i]
	t.once.Do(func() {
		cacheTextReads.Add(1)
		s := c.shards[i]
		buf := make([]byte, s.Len-s.TextOff)
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.file == nil {
			return
		}
		if _, err := c.file.ReadAt(buf, s.Off+s.TextOff); err != nil || xxhash.Sum64(buf) != s.TextSum {
			t.failed.Store(true)
			cacheTextDamage.Add(1)
			return
		}
		t.data, t.ok = unsafe.String(unsafe.SliceData(buf), len(buf)), true
	})
	return t.data, t.ok
}

// damaged reports whether the texts of a shard were found damaged or unreadable.
func (c *cardCache) damaged() bool {
	if c == nil {
		return false
	}
	for i := range c.texts {
		if c.texts[i].failed.Load() {
			return true
		}
	}
	return false
}

// copyable reports whether shard i of the cache holds exactly the cards names, all taken
// from it, and texts not found damaged: it can then be copied as it is.
func (c *cardCache) copyable(i int, names []string) bool {
	if c == nil || c.file == nil || i >= len(c.shards) || !slices.Equal(c.shards[i].Names, names) || c.texts[i].failed.Load() {
		return false
	}
	for _, name := range names {
		if _, ok := c.cards[name]; !ok {
			return false
		}
	}
	return true
}

// cardLayout is the signature of the cached cards' layout.
var cardLayout = sync.OnceValue(func() string {
	sig, err := pack.Signature(reflect.TypeFor[cachedCard]())
	if err != nil {
		panic(err) // a card type pack cannot encode: TestCardCache fails
	}
	return sig
})

// card returns the cached card of file name, or nil. Each card is taken once: the build
// owns it from then on. A scheme's Markdown fields are filled in when asked for.
func (c *cardCache) card(name string) any {
	if c == nil {
		return nil
	}
	card := c.cards[name]
	switch {
	case card == nil:
	case card.Scheme != nil:
		sc := card.Scheme
		sc.SetFill(func() bool { return c.fill(sc, card) })
		return sc
	case card.Standard != nil:
		return card.Standard
	}
	return nil
}

// doc returns the cached document of a card in lang as a shelved document of fields, or
// nil. Its text is read from the cache when asked for; if the cache's texts cannot be
// read by then, md parses the fields again for it.
func (c *cardCache) doc(md *markdown.Engine, kind, id, lang string, fields func() []markdown.Field) *markdown.Doc {
	if c == nil {
		return nil
	}
	card := c.cards[cardFile(kind, id)]
	if card == nil {
		return nil
	}
	for i, l := range content.Langs {
		if l == lang && i < len(card.Docs) {
			d := &card.Docs[i]
			return markdown.Restore(fields, "", d.Refs, markdown.LazyText{Sum: d.TextSum, Read: func() string {
				if text, ok := c.text(d); ok {
					return text
				}
				return md.Parse(fields(), "").Text()
			}})
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

// cardsWritten is the card cache a build wrote.
type cardsWritten struct {
	tmp  string // a new file to rename into place; "" when the cache was appended to
	undo func() // for an append: gives the file back its previous end
	err  error
}

// drop gives up the cache written: the build failed.
func (w cardsWritten) drop() {
	switch {
	case w.err != nil:
	case w.tmp != "":
		_ = os.Remove(w.tmp)
	case w.undo != nil:
		w.undo()
	}
}

// writeCards writes the cache of site's schemes and standards, to go with a stamp of key
// and started: appended to prev's file when that is worth it, else into a temporary
// file beside stampFile, which the build renames into place with its stamp (see
// stamped.save). prev is the cache the build took cards from, or nil. It only reads the
// site and prev, so it runs while the pages render.
func writeCards(stampFile, key string, started int64, site *model.Site, prev *cardCache) cardsWritten {
	shards := shardCards(site)
	if w, ok := appendCards(stampFile, key, started, shards, prev); ok {
		return w
	}
	dir := filepath.Dir(stampFile)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cardsWritten{err: fmt.Errorf("card cache: %w", err)}
	}
	removeStale(filepath.Join(dir, ".cards-*"))
	tmp, err := os.CreateTemp(dir, ".cards-*")
	if err != nil {
		return cardsWritten{err: fmt.Errorf("card cache: %w", err)}
	}
	w := &countingWriter{w: bufio.NewWriterSize(tmp, 1<<20)}
	err = encodeCards(w, key, started, shards, prev, true)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return cardsWritten{err: fmt.Errorf("card cache: %w", err)}
	}
	return cardsWritten{tmp: tmp.Name()}
}

// appendCards appends to prev's file the shards that changed and a new trailer, when
// the file is still the one prev was read from and would not grow beyond twice the size
// of its shards. ok is false when it did not try; a failure half way gives the file back
// its previous end.
func appendCards(stampFile, key string, started int64, shards [cacheShards][]shardCard, prev *cardCache) (w cardsWritten, ok bool) {
	if prev == nil || prev.file == nil {
		return cardsWritten{}, false
	}
	var live int64
	for _, s := range prev.shards {
		live += s.Len
	}
	if prev.size > 2*live {
		return cardsWritten{}, false
	}
	f, err := os.OpenFile(cardsFile(stampFile), os.O_WRONLY, 0)
	if err != nil {
		return cardsWritten{}, false
	}
	defer f.Close()
	was, err1 := prev.file.Stat()
	is, err2 := f.Stat()
	if err1 != nil || err2 != nil || !os.SameFile(was, is) || is.Size() != prev.size {
		return cardsWritten{}, false
	}
	if _, err := f.Seek(prev.size, io.SeekStart); err != nil {
		return cardsWritten{}, false
	}
	name := f.Name()
	undo := func() { _ = os.Truncate(name, prev.size) }
	cw := &countingWriter{w: bufio.NewWriterSize(f, 1<<20), n: prev.size}
	if err := encodeCards(cw, key, started, shards, prev, false); err != nil {
		undo()
		return cardsWritten{err: fmt.Errorf("card cache: %w", err)}, true
	}
	return cardsWritten{undo: undo}, true
}

// shardCard is a card of the site, as the cache files it.
type shardCard struct {
	name   string
	scheme *model.Scheme
	std    *model.Standard
}

func shardCards(site *model.Site) [cacheShards][]shardCard {
	var shards [cacheShards][]shardCard
	for _, sc := range site.Schemes {
		name := cardFile("scheme", string(sc.ID))
		shards[shardOf(name)] = append(shards[shardOf(name)], shardCard{name: name, scheme: sc})
	}
	for _, st := range site.Standards {
		name := cardFile("std", string(st.ID))
		shards[shardOf(name)] = append(shards[shardOf(name)], shardCard{name: name, std: st})
	}
	return shards
}

// encodeCards writes the shards that changed and the trailer through w, whose count is
// the offset in the file. A shard that prev holds as it is stays where it is in prev's
// file, or, with rewrite (a new file), is copied from it.
func encodeCards(w *countingWriter, key string, started int64, shards [cacheShards][]shardCard, prev *cardCache, rewrite bool) error {
	var texts []string // of the shard's cards so far, written after them
	docs := func(m map[string]*markdown.Doc) []cachedDoc {
		out := make([]cachedDoc, len(content.Langs))
		for i, lang := range content.Langs {
			text := m[lang].Text()
			sum, ok := m[lang].TextSum()
			if !ok {
				sum = xxhash.Sum64String(text)
			}
			texts = append(texts, text)
			out[i] = cachedDoc{Refs: m[lang].Refs, TextSum: sum, TextLen: int64(len(text))}
		}
		return out
	}
	h := cacheHeader{Version: cardCacheVersion, Key: key, Started: started, Layout: cardLayout()}
	for i, cards := range shards {
		s := cacheShard{Off: w.n}
		w.sum.Reset()
		for _, c := range cards {
			s.Names = append(s.Names, c.name)
		}
		switch {
		case prev.copyable(i, s.Names) && !rewrite:
			s.Off = prev.shards[i].Off // where it is
			h.Shards = append(h.Shards, prev.shards[i])
			continue
		case prev.copyable(i, s.Names):
			old := prev.shards[i]
			if _, err := io.Copy(w, io.NewSectionReader(prev.file, old.Off, old.Len)); err != nil {
				return err
			}
			s.TextOff, s.Sum, s.TextSum = old.TextOff, old.Sum, old.TextSum
		default:
			var buf []byte
			texts = texts[:0]
			for _, c := range cards {
				var cc cachedCard
				if c.scheme != nil {
					c.scheme.Fill() // before the copy, which reads every field
					if err := c.scheme.FillErr(); err != nil {
						return err // a card without its text: no cache rather than a wrong one
					}
					x := *c.scheme.Scheme
					x.Src = nil
					id := prev.identity(c.name, &x, c.scheme.Docs)
					var lens []int64
					for _, p := range x.MarkdownFields() {
						texts = append(texts, *p)
						lens = append(lens, int64(len(*p)))
						*p = ""
					}
					cc = cachedCard{Name: c.name, Scheme: &x, Docs: docs(c.scheme.Docs), Identity: id, Fields: lens}
				} else {
					x := *c.std.Standard
					x.Src = nil
					cc = cachedCard{Name: c.name, Standard: &x, Docs: docs(c.std.Docs), Identity: prev.identity(c.name, &x, c.std.Docs)}
				}
				var err error
				if buf, err = pack.Append(buf[:0], &cc); err != nil {
					return err
				}
				if _, err := w.Write(buf); err != nil {
					return err
				}
			}
			s.TextOff, s.Sum = w.n-s.Off, w.sum.Sum64()
			w.sum.Reset()
			for _, t := range texts {
				if err := w.writeString(t); err != nil {
					return err
				}
			}
			s.TextSum = w.sum.Sum64()
		}
		s.Len = w.n - s.Off
		h.Shards = append(h.Shards, s)
	}
	start := w.n
	if err := gob.NewEncoder(w).Encode(h); err != nil {
		return err
	}
	if err := binary.Write(w, binary.BigEndian, uint64(w.n-start)); err != nil {
		return err
	}
	return w.w.(*bufio.Writer).Flush()
}

// countingWriter counts the bytes written through it, and hashes them.
type countingWriter struct {
	w   io.Writer
	n   int64
	sum xxhash.Digest
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.sum.Write(p[:n])
	return n, err
}

// writeString writes s, through the bufio.Writer underneath, without a copy of s.
func (c *countingWriter) writeString(s string) error {
	n, err := c.w.(*bufio.Writer).WriteString(s)
	c.n += int64(n)
	c.sum.WriteString(s[:n])
	return err
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
