package render

import (
	"fmt"
	"strings"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/search"
)

// SearchView is the offline search page; the search script is on every page
// (Common.SearchJS).
type SearchView struct {
	Common
	Index string // the language's index script
}

// searchRecords returns what the language's search finds, in survey order.
func (r *renderer) searchRecords(lang string) []search.Record {
	// The search page is in the language's folder, like every card's page: a link to a
	// card is its path in that folder.
	rel := func(kind content.CardKind, id content.ID) string {
		return strings.TrimPrefix(model.Path(lang, kind, string(id)), lang+"/")
	}
	var records []search.Record
	var docs []*markdown.Doc
	add := func(rec search.Record, doc *markdown.Doc) {
		records = append(records, rec)
		docs = append(docs, doc)
	}
	for _, pg := range r.site.Pages {
		if pg.Part == "front" {
			add(search.Record{URL: string(pg.ID) + ".html", Title: pg.Text(lang).Title, Kind: "page"}, pg.Docs[lang])
		}
	}
	for _, pg := range r.site.Pages {
		rec := search.Record{URL: string(pg.ID) + ".html", Title: pg.Text(lang).Title, Section: string(pg.Section), Kind: "page"}
		if pg.Section != "" && pg.Text(lang).Body != "" {
			add(rec, pg.Docs[lang])
		}
		if pg.After != nil {
			add(rec, pg.After[lang])
		}
	}
	for _, sc := range r.site.Schemes {
		add(search.Record{
			URL: rel(content.SchemeCard, sc.ID), Title: sc.Text(lang).Title, Section: string(sc.Section),
			Kind: "scheme", Name: sc.Text(lang).Label,
		}, sc.Docs[lang])
	}
	for _, st := range r.site.Standards {
		add(search.Record{
			URL: rel(content.StandardCard, st.ID), Title: fullTitle(st, lang), Section: string(st.Section),
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
	notes := r.label(lang, "search.notes")
	for i := range records {
		for _, p := range docs[i].TextParts() {
			label := p.Heading
			if p.Notes {
				label = notes
			}
			records[i].Parts = append(records[i].Parts, search.Part{Label: label, Text: p.Text})
		}
	}
	return records
}

// search writes the language's search page and its index of records, a script that
// sets a global (a fetch of JSON fails from file://).
func (r *renderer) search(lang string) {
	p := page{lang: lang, path: lang + "/search.html"}
	indexPath := "assets/search-" + lang + ".js"
	index, err := search.Build(lang, r.searchRecords(lang))
	if err != nil {
		r.fail(fmt.Errorf("search index (%s): %w", lang, err))
		return
	}
	r.add(Output{Path: indexPath, Bytes: index})
	v := &SearchView{
		Common: r.common(p, r.label(lang, "search.title")),
		Index:  p.rel(indexPath),
	}
	r.emit("search", p.path, v, nil)
}
