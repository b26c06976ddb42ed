package content

// Typed decoding.
//
// BurntSushi/toml parses a file into maps and slices, then copies them into the card's
// struct by reflection, boxing every string it stores on the way. For a card that is as
// it should be (every key exactly a field, every value of the field's type) the copy is
// done here instead, with type switches. On anything else the fill functions give up,
// and decode runs the reflective decoder on the file, so that type errors, miscased keys
// and partly decoded values stay exactly what the decoder has always made of them.

// table is a TOML table as the parser returns it.
type table = map[string]any

// typed is a decoding target: as a [toml.Unmarshaler] it receives the parsed document
// and fills card with fill; ok reports whether fill took all of it.
type typed[T any] struct {
	card *T
	fill func(table, *T) bool
	ok   bool
}

func (t *typed[T]) UnmarshalTOML(data any) error {
	if m, isTable := data.(table); isTable {
		t.ok = t.fill(m, t.card)
	}
	return nil
}

// The set functions store a parsed value v in *dst as the reflective decoder would, and
// report whether v had the right type.

func setString[S ~string](v any, dst *S) bool {
	s, ok := v.(string)
	*dst = S(s)
	return ok
}

func setInt(v any, dst *int) bool {
	n, ok := v.(int64)
	*dst = int(n)
	return ok
}

func setStrings[S ~string](v any, dst *[]S) bool {
	a, ok := v.([]any)
	if !ok {
		return false
	}
	out := make([]S, len(a)) // never nil, like the decoder's, even for []
	for i, e := range a {
		if !setString(e, &out[i]) {
			return false
		}
	}
	*dst = out
	return true
}

func setTable[S any](v any, dst *S, fill func(table, *S) bool) bool {
	m, ok := v.(table)
	return ok && fill(m, dst)
}

// setTables takes an array of tables, written either as [[key]] sections or as an
// inline array of inline tables.
func setTables[S any](v any, dst *[]S, fill func(table, *S) bool) bool {
	var out []S
	switch a := v.(type) {
	case []table:
		out = make([]S, len(a))
		for i, m := range a {
			if !fill(m, &out[i]) {
				return false
			}
		}
	case []any:
		out = make([]S, len(a))
		for i, e := range a {
			if !setTable(e, &out[i], fill) {
				return false
			}
		}
	default:
		return false
	}
	*dst = out
	return true
}

// The fill functions take one table each. A key that is not exactly one of the
// struct's toml tags ends them (ok stays false), as does a value of the wrong type.

func fillSite(t table, s *Site) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "document":
			ok = setString(v, &s.Document)
		case "base_url":
			ok = setString(v, &s.BaseURL)
		case "ja":
			ok = setTable(v, &s.Ja, fillSiteText)
		case "en":
			ok = setTable(v, &s.En, fillSiteText)
		case "revisions":
			ok = setTables(v, &s.Revisions, fillRevision)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillSiteText(t table, s *SiteText) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "title":
			ok = setString(v, &s.Title)
		case "publisher":
			ok = setString(v, &s.Publisher)
		case "description":
			ok = setString(v, &s.Description)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillRevision(t table, r *Revision) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "id":
			ok = setString(v, &r.ID)
		case "date":
			ok = setString(v, &r.Date)
		case "ja":
			ok = setTable(v, &r.Ja, fillRevisionText)
		case "en":
			ok = setTable(v, &r.En, fillRevisionText)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillRevisionText(t table, r *RevisionText) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "title":
			ok = setString(v, &r.Title)
		case "summary":
			ok = setString(v, &r.Summary)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillScheme(t table, s *Scheme) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "id":
			ok = setString(v, &s.ID)
		case "section":
			ok = setString(v, &s.Section)
		case "region":
			ok = setString(v, &s.Region)
		case "kind":
			ok = setString(v, &s.Kind)
		case "org_role":
			ok = setString(v, &s.OrgRole)
		case "scope_label":
			ok = setString(v, &s.ScopeLabel)
		case "targets":
			ok = setStrings(v, &s.Targets)
		case "added_in":
			ok = setString(v, &s.AddedIn)
		case "standards":
			ok = setStrings(v, &s.Standards)
		case "schemes":
			ok = setStrings(v, &s.Schemes)
		case "urls":
			ok = setStrings(v, &s.URLs)
		case "ja":
			ok = setTable(v, &s.Ja, fillSchemeText)
		case "en":
			ok = setTable(v, &s.En, fillSchemeText)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillSchemeText(t table, s *SchemeText) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "title":
			ok = setString(v, &s.Title)
		case "label":
			ok = setString(v, &s.Label)
		case "name":
			ok = setString(v, &s.Name)
		case "scope":
			ok = setString(v, &s.Scope)
		case "overview":
			ok = setString(v, &s.Overview)
		case "isms":
			ok = setString(v, &s.ISMS)
		case "notes":
			ok = setString(v, &s.Notes)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillStandard(t table, s *Standard) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "id":
			ok = setString(v, &s.ID)
		case "designation":
			ok = setString(v, &s.Designation)
		case "section":
			ok = setString(v, &s.Section)
		case "edition":
			ok = setString(v, &s.Edition)
		case "status":
			ok = setString(v, &s.Status)
		case "groups":
			ok = setStrings(v, &s.Groups)
		case "jis":
			ok = setStrings(v, &s.JIS)
		case "urls":
			ok = setStrings(v, &s.URLs)
		case "relations":
			ok = setTables(v, &s.Relations, fillRelation)
		case "ja":
			ok = setTable(v, &s.Ja, fillStandardText)
		case "en":
			ok = setTable(v, &s.En, fillStandardText)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillStandardText(t table, s *StandardText) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "title":
			ok = setString(v, &s.Title)
		case "description":
			ok = setString(v, &s.Description)
		case "notes":
			ok = setString(v, &s.Notes)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillRelation(t table, r *Relation) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "type":
			ok = setString(v, &r.Type)
		case "to":
			ok = setString(v, &r.To)
		case "note":
			r.Note = new(Note)
			ok = setTable(v, r.Note, fillNote)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillNote(t table, n *Note) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "ja":
			ok = setString(v, &n.Ja)
		case "en":
			ok = setString(v, &n.En)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillPage(t table, p *Page) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "id":
			ok = setString(v, &p.ID)
		case "order":
			ok = setInt(v, &p.Order)
		case "part":
			ok = setString(v, &p.Part)
		case "ja":
			ok = setTable(v, &p.Ja, fillPageText)
		case "en":
			ok = setTable(v, &p.En, fillPageText)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillPageText(t table, p *PageText) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "title":
			ok = setString(v, &p.Title)
		case "body":
			ok = setString(v, &p.Body)
		case "notes":
			ok = setString(v, &p.Notes)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillGlossary(t table, g *Glossary) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "terms":
			ok = setTables(v, &g.Terms, fillTerm)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillTerm(t table, term *Term) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "id":
			ok = setString(v, &term.ID)
		case "abbr":
			ok = setString(v, &term.Abbr)
		case "ja":
			ok = setTable(v, &term.Ja, fillTermText)
		case "en":
			ok = setTable(v, &term.En, fillTermText)
		}
		if !ok {
			return false
		}
	}
	return true
}

func fillTermText(t table, term *TermText) bool {
	for k, v := range t {
		var ok bool
		switch k {
		case "term":
			ok = setString(v, &term.Term)
		case "description":
			ok = setString(v, &term.Description)
		}
		if !ok {
			return false
		}
	}
	return true
}
