package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html/template"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
)

// testRenderer is a renderer that keeps what it makes.
type testRenderer struct {
	*renderer
	outs []Output
}

// realSite loads the repository's content and layouts.
func realSite(t *testing.T) *testRenderer {
	t.Helper()
	c, diags := content.Load(os.DirFS("../../../content"), "content", nil)
	layouts, ldiags := LoadLayouts(os.DirFS("../../../layouts"), "layouts")
	md := markdown.New()
	site, mdiags := model.Build(c, md, layouts.Label, nil)
	if all := append(append(diags, ldiags...), mdiags...); len(all) > 0 {
		t.Fatal(all.Err())
	}
	r := &testRenderer{renderer: &renderer{site: site, layouts: layouts, md: md, hashes: map[string]uint64{}}}
	r.send = func(o Output) bool {
		r.outs = append(r.outs, o)
		return true
	}
	return r
}

// TestDiagramTextMatchesEdges checks that Figure 1-1's text list names, for every scheme,
// exactly the standards its edges lead to.
func TestDiagramTextMatchesEdges(t *testing.T) {
	r := realSite(t)
	for _, lang := range content.Langs {
		p := page{lang: lang, path: lang + "/diagram.html"}
		g := r.schemeGraph(p)
		edges := map[string][]string{}
		designation := map[string]string{}
		for _, n := range g.Nodes {
			designation[n.ID] = n.Label
		}
		for _, e := range g.Edges {
			edges[e.From] = append(edges[e.From], designation[e.To])
		}
		r.outs = nil
		r.diagram(lang)
		if r.err != nil {
			t.Fatal(r.err)
		}
		html := string(r.outs[len(r.outs)-1].Bytes)
		html = html[strings.Index(html, "<main"):] // the side navigation links the schemes too
		for _, sc := range r.site.Schemes {
			// <a href="schemes/ismap.html">...</a>: <span class="note">A、B</span>
			re := regexp.MustCompile(`href="schemes/` + string(sc.ID) + `\.html">[^<]*<span class="sec">[^<]*</span>[^<]*</a>(?:: <span class="note">([^<]*)</span>)?`)
			m := re.FindStringSubmatch(html)
			if m == nil {
				t.Errorf("%s: %s missing from the text list", lang, sc.ID)
				continue
			}
			sep := ", "
			if lang == "ja" {
				sep = "、"
			}
			var listed []string
			if m[1] != "" {
				listed = strings.Split(m[1], sep)
			}
			if want := edges["s-"+string(sc.ID)]; !slices.Equal(listed, want) {
				t.Errorf("%s: %s: text list %q, edges %q", lang, sc.ID, listed, want)
			}
		}
	}
}

// TestMatrix checks the matrix page cell for cell against the cards' reference lists.
func TestMatrix(t *testing.T) {
	r := realSite(t)
	r.matrix("en")
	if r.err != nil {
		t.Fatal(r.err)
	}
	html := string(r.outs[0].Bytes)
	cols := regexp.MustCompile(`<th scope="col" class="std"><a href="standards/([a-z0-9-]+)\.html"`).FindAllStringSubmatch(html, -1)
	rows := regexp.MustCompile(`(?s)<tr[^>]*><th scope="row"><a href="schemes/([a-z0-9-]+)\.html"[^>]*>.*?</th>(.*?)<td class="sum">(\d+)</td></tr>`).FindAllStringSubmatch(html, -1)
	if len(rows) != len(r.site.Schemes) {
		t.Fatalf("%d rows, want %d", len(rows), len(r.site.Schemes))
	}
	colSum := make([]int, len(cols))
	for i, row := range rows {
		sc := r.site.Scheme(row[1])
		if sc != r.site.Schemes[i] {
			t.Errorf("row %d is %s, want %s (survey order)", i, row[1], r.site.Schemes[i].ID)
		}
		cells := regexp.MustCompile(`<td>(.*?)</td>`).FindAllStringSubmatch(row[2], -1)
		if len(cells) != len(cols) {
			t.Fatalf("%s: %d cells for %d columns", row[1], len(cells), len(cols))
		}
		n := 0
		for j, c := range cells {
			marked := strings.Contains(c[1], "mark")
			want := slices.ContainsFunc(sc.Standards, func(st *model.Standard) bool { return string(st.ID) == cols[j][1] })
			if marked != want {
				t.Errorf("%s x %s: marked %v, card says %v", row[1], cols[j][1], marked, want)
			}
			if marked {
				n++
				colSum[j]++
			}
		}
		if row[3] != strconv.Itoa(n) {
			t.Errorf("%s: total %s, want %d", row[1], row[3], n)
		}
	}
	// Every standard a scheme lists has a column.
	for _, sc := range r.site.Schemes {
		for _, st := range sc.Standards {
			if !slices.ContainsFunc(cols, func(c []string) bool { return c[1] == string(st.ID) }) {
				t.Errorf("no column for %s (listed by %s)", st.ID, sc.ID)
			}
		}
	}
}

// TestExports checks data/survey.json (it decodes into Export and gives back exactly the
// cards) and data/matrix.csv (a byte-order mark, a header, one row per scheme that agrees
// with the cards).
func TestExports(t *testing.T) {
	r := realSite(t)
	r.data()
	if r.err != nil {
		t.Fatal(r.err)
	}
	files := map[string][]byte{}
	for _, o := range r.outs {
		files[o.Path] = o.Bytes
	}
	var e Export
	dec := json.NewDecoder(bytes.NewReader(files["data/survey.json"]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatal(err)
	}
	if e.SchemaVersion != SchemaVersion || e.Document != "JIP-ISMS201-1.2" || e.Revision != "1.2" {
		t.Errorf("header: %d %q %q", e.SchemaVersion, e.Document, e.Revision)
	}
	want := r.export()
	clear := func(x *Export) {
		x.Site.Src = nil
		for _, s := range x.Schemes {
			s.Src = nil
		}
		for _, s := range x.Standards {
			s.Src = nil
		}
		for _, p := range x.Pages {
			p.Src = nil
		}
	}
	// Compare through copies: the model's cards keep their sources.
	wantJSON, _ := json.Marshal(want)
	var wantCopy Export
	_ = json.Unmarshal(wantJSON, &wantCopy)
	clear(&wantCopy)
	clear(&e)
	if !reflect.DeepEqual(e, wantCopy) {
		t.Error("survey.json does not round-trip the cards")
	}
	if len(e.Schemes) != 18 || e.Schemes[2].ID != "ismap" || e.Schemes[2].Ja.Title == "" || e.Schemes[2].En.Overview == "" {
		t.Errorf("schemes not exported in survey order with their text")
	}
	for _, st := range e.Standards {
		if st.ID == "iso-iec-27017" && !slices.Contains(st.ReferencedBy, "isms-cloud-security") {
			t.Errorf("27017 referenced_by %v", st.ReferencedBy)
		}
	}

	csvBytes := files["data/matrix.csv"]
	if !bytes.HasPrefix(csvBytes, []byte("\xEF\xBB\xBF")) {
		t.Fatal("matrix.csv has no UTF-8 byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(csvBytes[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(r.site.Schemes) {
		t.Fatalf("%d rows, want a header and %d schemes", len(rows), len(r.site.Schemes))
	}
	for i, sc := range r.site.Schemes {
		row := rows[i+1]
		if row[1] != string(sc.ID) || row[4] != sc.Ja.Title {
			t.Errorf("row %d: %q, want %s", i+1, row[:5], sc.ID)
		}
		for j, st := range r.site.Matrix.Columns {
			if (row[6+j] == "1") != slices.Contains(sc.Standards, st) {
				t.Errorf("%s x %s: %q", sc.ID, st.ID, row[6+j])
			}
		}
	}
}

// TestEncodeExport checks that survey.json, encoded card by card, is byte for byte what
// one json.Encoder with SetIndent("", " ") and SetEscapeHTML(false) makes of the export:
// on the real survey, and on exports with empty lists, nil lists and nothing at all.
func TestEncodeExport(t *testing.T) {
	reference := func(e Export) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", " ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(e); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	real := realSite(t).export()
	empty := real
	empty.Schemes, empty.Standards, empty.Pages, empty.Glossary = []*content.Scheme{}, []ExportStandard{}, []*content.Page{}, []content.Term{}
	odd := real
	odd.Standards = slices.Clone(real.Standards)
	odd.Standards[0].ReferencedBy = []content.ID{}
	odd.Standards[1].ReferencedBy = nil
	odd.Schemes = append(slices.Clone(real.Schemes), &content.Scheme{ID: "x<y>&z", Ja: content.SchemeText{Overview: "\u2028 \"引用\" <b>"}})
	for name, e := range map[string]Export{"real": real, "empty lists": empty, "zero": {}, "odd": odd} {
		have, err := encodeExport(e)
		if err != nil {
			t.Fatal(err)
		}
		if want := reference(e); !bytes.Equal(have, want) {
			t.Errorf("%s: differs from json.Encoder at byte %d:\n%s", name, firstDiff(have, want), have[max(0, firstDiff(have, want)-80):min(len(have), firstDiff(have, want)+80)])
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestGlossaryIndex checks the initials: A-Z, the kana rows, then the rest.
func TestGlossaryIndex(t *testing.T) {
	terms := []TermView{
		{ID: "z", Term: "情報"}, {ID: "a", Abbr: "ISMS", Term: "x"}, {ID: "b", Term: "クラウド"}, {ID: "c", Term: "api"},
		{ID: "d", Term: "あせす"}, {ID: "e", Term: "パス"}, {ID: "f", Term: "3PAO"}, {ID: "g", Term: "ヨ"}, {ID: "h", Abbr: "IaaS"},
	}
	var have []string
	for _, g := range glossaryIndex(terms, "other") {
		var ids []string
		for _, l := range g.Links {
			ids = append(ids, l.URL)
		}
		have = append(have, g.Title+":"+strings.Join(ids, ","))
	}
	want := []string{"A:#c", "I:#h,#a", "あ:#d", "か:#b", "は:#e", "や:#g", "other:#f,#z"}
	if !slices.Equal(have, want) {
		t.Errorf("have %q, want %q", have, want)
	}
}

// TestMonth checks the dates of revisions as each language writes them.
func TestMonth(t *testing.T) {
	month := funcs["month"].(func(string, string) (string, error))
	for _, c := range []struct{ lang, date, want string }{{"ja", "2019-05", "2019 年 5 月"}, {"en", "2019-05", "May 2019"}} {
		if have, err := month(c.lang, c.date); err != nil || have != c.want {
			t.Errorf("month(%q, %q) = %q, %v; want %q", c.lang, c.date, have, err, c.want)
		}
	}
}

// TestOutline checks that headings get a link to themselves and are listed for "on this
// page", whatever their attributes and inline markup, and that other elements starting
// with <h (h1, h4, hr, a heading without an id) are left alone.
func TestOutline(t *testing.T) {
	in := `<h1>Title</h1><hr><h2 id="a">A &amp; <abbr title="x">B</abbr></h2><p>text</p>` +
		`<h3 id="b" class="c">C</h3><h2>no id</h2><h4 id="d">D</h4><h2 id="e">E`
	o := outline(template.HTML(in), "Link")
	want := `<h1>Title</h1><hr><h2 id="a">A &amp; <abbr title="x">B</abbr><a class="anchor" href="#a" aria-label="Link"></a></h2><p>text</p>` +
		`<h3 id="b" class="c">C<a class="anchor" href="#b" aria-label="Link"></a></h3><h2>no id</h2><h4 id="d">D</h4><h2 id="e">E`
	if string(o.HTML) != want {
		t.Errorf("have %s\nwant %s", o.HTML, want)
	}
	heads := []Link{{URL: "#a", Text: "A & B", Section: "2"}, {URL: "#b", Text: "C", Section: "3"}}
	if !reflect.DeepEqual(o.Headings, heads) {
		t.Errorf("headings %+v, want %+v", o.Headings, heads)
	}
}
