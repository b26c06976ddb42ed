package render

import (
	"fmt"
	"strings"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/search"
)

// SearchStore keeps each language's search index from one build to the next (see
// [Reuse]), so that an edit indexes again only the records that changed.
type SearchStore interface {
	// Load returns the index a build saved for lang, or nil.
	Load(lang string) *search.Index
	// Save keeps index, this build's for lang, for the next build.
	Save(lang string, index *search.Index)
}

// SearchView is the offline search page.
type SearchView struct {
	Common
	Index  string // the language's index script
	Script string // the search script
}

// searchRecords are what the language's search finds, in survey order. It reads the
// plain text of every document, so it runs before any page renders (rendering marks up
// abbreviations in the documents' trees for a while).
func (r *renderer) searchRecords(lang string) []search.Record {
	// The search page is in the language's folder, like every card's page: a link to a
	// card is its path in that folder (what page.rel would find, at a fraction of the cost
	// for thousands of cards).
	rel := func(kind string, id content.ID) string {
		return strings.TrimPrefix(model.Path(lang, kind, string(id)), lang+"/")
	}
	var records []search.Record
	for _, pg := range r.site.Pages {
		if pg.Part == "front" {
			records = append(records, search.Record{URL: string(pg.ID) + ".html", Title: pg.Text(lang).Title, Kind: "page", Body: pg.Docs[lang].Text()})
		}
	}
	for _, sc := range r.site.Schemes {
		records = append(records, search.Record{
			URL: rel("scheme", sc.ID), Title: sc.Text(lang).Title, Section: string(sc.Section),
			Kind: "scheme", Name: sc.Text(lang).Label, Body: sc.Docs[lang].Text(),
		})
	}
	for _, st := range r.site.Standards {
		title := st.Designation
		if t := st.Text(lang).Title; t != title {
			title += " " + t
		}
		records = append(records, search.Record{
			URL: rel("standard", st.ID), Title: title, Section: string(st.Section),
			Kind: "standard", Name: st.Designation, Body: st.Docs[lang].Text(),
		})
	}
	for _, pg := range r.site.Pages {
		if pg.Part == "back" {
			records = append(records, search.Record{URL: string(pg.ID) + ".html", Title: pg.Text(lang).Title, Kind: "page", Body: pg.Docs[lang].Text()})
		}
	}
	for i, t := range r.site.Terms {
		records = append(records, search.Record{
			URL: "glossary.html#" + string(t.ID), Title: t.Text(lang).Term, Kind: "term", Name: t.Abbr, Body: r.site.TermDocs[i][lang].Text(),
		})
	}
	return records
}

// search writes the language's search page and its index of records, a script that
// sets a global (a fetch of JSON fails from file://).
func (r *renderer) search(lang string, records []search.Record) {
	p := page{lang: lang, path: lang + "/search.html"}
	indexPath := "assets/search-" + lang + ".js"
	// The index is rebuilt only when its records change (or the generator does).
	texts := []string{r.version}
	for _, rec := range records {
		texts = append(texts, rec.URL, rec.Title, rec.Section, rec.Kind, rec.Name, rec.Body)
	}
	fp := digest(texts...)
	if prev, ok := r.prev[indexPath]; ok && prev == fp {
		r.add(Output{Path: indexPath, Fingerprint: fp, Reused: true})
	} else {
		// From the previous build's index, when the store has one, only the records
		// that changed are indexed again.
		var before *search.Index
		if r.searchStore != nil {
			before = r.searchStore.Load(lang)
		}
		index, err := before.Update(lang, records)
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
