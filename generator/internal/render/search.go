package render

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
	"github.com/jipdec-survey/cloudsec/generator/internal/search"
)

// SearchStore keeps each language's search index from one build to the next (see
// [Reuse]), so that an edit indexes again only the records that changed.
type SearchStore interface {
	// Load returns the index a build saved for lang, whose file ([search.Index.Bytes])
	// that build published at path in the output folder, or nil.
	Load(lang, path string) *search.Index
	// Save keeps index, this build's for lang, for the next build.
	Save(lang string, index *search.Index)
}

// SearchView is the offline search page.
type SearchView struct {
	Common
	Index  string // the language's index script
	Script string // the search script
}

// searchInput is what the language's search finds, in survey order: each record, its
// digest (search.Digest), and, for a record whose document kept the digest of its text
// (a frozen, shelved or restored one, see markdown.Doc.TextSum), that document: such a
// record has no Body until record fills it in, which may read the text from the card
// cache. An edit of one card then reads the text of the records that changed only.
type searchInput struct {
	records []search.Record
	docs    []*markdown.Doc // nil for a record that has its Body
	digests []uint64
}

// record returns record i with its Body.
func (in *searchInput) record(i int) search.Record {
	r := in.records[i]
	if d := in.docs[i]; d != nil {
		r.Body = d.Text()
	}
	return r
}

// searchRecords returns what the language's search finds. The text of a document that
// did not keep its digest is read now: it runs before any page renders (rendering marks
// up abbreviations in the documents' trees for a while).
func (r *renderer) searchRecords(lang string) *searchInput {
	// The search page is in the language's folder, like every card's page: a link to a
	// card is its path in that folder (what page.rel would find, at a fraction of the cost
	// for thousands of cards).
	rel := func(kind string, id content.ID) string {
		return strings.TrimPrefix(model.Path(lang, kind, string(id)), lang+"/")
	}
	in := &searchInput{}
	add := func(rec search.Record, doc *markdown.Doc) {
		in.records = append(in.records, rec)
		in.docs = append(in.docs, doc)
	}
	for _, pg := range r.site.Pages {
		if pg.Part == "front" {
			add(search.Record{URL: string(pg.ID) + ".html", Title: pg.Text(lang).Title, Kind: "page"}, pg.Docs[lang])
		}
	}
	for _, sc := range r.site.Schemes {
		add(search.Record{
			URL: rel("scheme", sc.ID), Title: sc.Text(lang).Title, Section: string(sc.Section),
			Kind: "scheme", Name: sc.Text(lang).Label,
		}, sc.Docs[lang])
	}
	for _, st := range r.site.Standards {
		title := st.Designation
		if t := st.Text(lang).Title; t != title {
			title += " " + t
		}
		add(search.Record{
			URL: rel("standard", st.ID), Title: title, Section: string(st.Section),
			Kind: "standard", Name: st.Designation,
		}, st.Docs[lang])
	}
	for _, pg := range r.site.Pages {
		if pg.Part == "back" {
			add(search.Record{URL: string(pg.ID) + ".html", Title: pg.Text(lang).Title, Kind: "page"}, pg.Docs[lang])
		}
	}
	for i, t := range r.site.Terms {
		add(search.Record{
			URL: "glossary.html#" + string(t.ID), Title: t.Text(lang).Term, Kind: "term", Name: t.Abbr,
		}, r.site.TermDocs[i][lang])
	}
	in.digests = make([]uint64, len(in.records))
	parallel.ForEach(len(in.records), func(i int) {
		sum, ok := in.docs[i].TextSum()
		if !ok {
			in.records[i].Body = in.docs[i].Text()
			in.docs[i], sum = nil, search.BodySum(in.records[i].Body)
		}
		in.digests[i] = search.Digest(in.records[i], sum)
	})
	return in
}

// search writes the language's search page and its index of records, a script that
// sets a global (a fetch of JSON fails from file://).
func (r *renderer) search(lang string, in *searchInput) {
	p := page{lang: lang, path: lang + "/search.html"}
	indexPath := "assets/search-" + lang + ".js"
	// The index is rebuilt only when its records change (or the generator does).
	h := xxhash.New()
	h.WriteString(r.version)
	var b [8]byte
	for _, d := range in.digests {
		binary.LittleEndian.PutUint64(b[:], d)
		h.Write(b[:])
	}
	fp := h.Sum64()
	if prev, ok := r.prev[indexPath]; ok && prev == fp {
		r.add(Output{Path: indexPath, Fingerprint: fp, Reused: true})
	} else {
		// From the previous build's index, when the store has one, only the records
		// that changed are indexed again.
		var before *search.Index
		if r.searchStore != nil {
			before = r.searchStore.Load(lang, indexPath)
		}
		index, err := before.UpdateFrom(lang, in.digests, in.record)
		if err != nil {
			r.fail(fmt.Errorf("search index (%s): %w", lang, err))
			return
		}
		r.add(Output{Path: indexPath, Bytes: index.Bytes(), Fingerprint: fp})
		if r.searchStore != nil {
			r.searchStore.Save(lang, index)
		}
	}
	v := &SearchView{
		Common: r.common(p, r.label(lang, "search.title")),
		Index:  p.rel(indexPath),
		Script: p.rel("assets/search.js"),
	}
	r.emit("search", p.path, v, nil)
}
