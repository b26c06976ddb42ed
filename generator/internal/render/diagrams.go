package render

import (
	"fmt"
	"html/template"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/diagram"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
)

// Drawing is a diagram to draw. Its graph and options are fingerprinted with its page;
// the layout and the SVG are made only when the page is rendered.
type Drawing struct {
	Graph   diagram.Graph
	Options diagram.Options
}

// Drawn is a drawing as SVG: its form for a column of any width and, when that form
// would have to shrink below a readable size on a phone, a narrow form (narrower
// labels and gaps) for layouts/assets/diagram.css to show there instead.
type Drawn struct {
	Wide, Narrow template.HTML
}

// Figure is one diagram with the same relations as text beside it.
type Figure struct {
	ID      string
	Title   string
	Caption string
	Drawing *Drawing
	SVG     Drawn   `hash:"ignore"` // drawn from Drawing
	Lists   []Group // the relations as text, for readers who do not see the drawing
	// Labels of the lines under the figure: how to highlight, how on a touch screen,
	// and the heading of the text.
	Hint, HintTap, AsText string
	Lead                  string // the caption's first words, where no heading names the figure
	Open                  bool   // the text is shown, not folded
}

// DiagramView is the page of the relationship diagrams.
type DiagramView struct {
	Common
	Figures []Figure
}

// surveyGroups are the groups of the survey's standards figure (2.4.3), in its order.
var surveyGroups = []string{"isms", "controls", "cloud", "pii", "privacy-framework", "risk"}

// label returns a fixed label; a key missing from layouts/i18n.toml fails the build.
func (r *renderer) label(lang, key string) string {
	v, ok := r.layouts.i18n[lang][key]
	if !ok {
		r.fail(fmt.Errorf("%s: no label %q in [%s]", path.Join(r.layouts.root, "i18n.toml"), key, lang))
	}
	return v
}

func (r *renderer) schemeNode(p page, sc *model.Scheme) diagram.Node {
	return diagram.Node{
		ID:    "s-" + string(sc.ID),
		Label: sc.Text(p.lang).Label,
		Title: string(sc.Section) + " " + sc.Text(p.lang).Title,
		URL:   p.rel(model.Path(p.lang, content.SchemeCard, string(sc.ID))),
		Kind:  string(sc.Kind),
		Group: string(sc.Region),
	}
}

func (r *renderer) standardNode(p page, st *model.Standard) diagram.Node {
	return diagram.Node{
		ID:    "t-" + string(st.ID),
		Label: st.Designation,
		Title: fullTitle(st, p.lang),
		URL:   p.rel(model.Path(p.lang, content.StandardCard, string(st.ID))),
		Kind:  "standard",
		Muted: st.Status == "withdrawn",
	}
}

// heads are the arrowheads of the kinds of edges. With the colours and dash patterns of
// diagram.css each kind differs from the others that a figure may hold in shape as well,
// so that a print in black and white keeps them apart.
var heads = map[string]diagram.Head{
	"lists": "triangle", "names": "circle",
	"based-on": "triangle", "part-of": "diamond", "succeeds": "open-triangle",
	"within-framework": "open-circle", "specialises": "circle", "extends": "triangle",
	"corresponds-to": "open-diamond", "references": "vee",
}

// edge is an edge of the given kind, with its kind's arrowhead.
func edge(from, to, kind string) diagram.Edge {
	return diagram.Edge{From: from, To: to, Kind: kind, Head: heads[kind]}
}

func (r *renderer) legend(lang string, nodes []string, edges []string) []diagram.LegendItem {
	var out []diagram.LegendItem
	for _, k := range nodes {
		if k == "withdrawn" {
			out = append(out, diagram.LegendItem{Kind: "standard", Muted: true, Label: r.label(lang, "std.status.withdrawn")})
			continue
		}
		out = append(out, diagram.LegendItem{Kind: k, Label: r.label(lang, "diagram.node."+k)})
	}
	for _, k := range edges {
		key := "rel." + k
		if k == "lists" || k == "names" {
			key = "diagram.edge." + k // scheme edges; the others are relations between standards
		}
		out = append(out, diagram.LegendItem{Kind: k, IsEdge: true, Head: heads[k], Label: r.label(lang, key)})
	}
	return out
}

// PhoneWidth is the widest a drawing may be, px, to show on a phone at its measured
// size or shrunk no further than labels of 11 px: a 390 px screen, which diagram.css
// gives a figure whole, by 13/11, less a little for rounding.
const PhoneWidth = 458

// narrow are the options of a drawing's narrow form: labels wrap at 6 em, on up to four
// lines, and layers stand closer.
func narrow(opt diagram.Options) diagram.Options {
	opt.MaxLabelWidth, opt.MaxLines, opt.Gap = 6, 4, 20
	return opt
}

// Narrow is the drawing's narrow form, drawn when the drawing is wider than PhoneWidth.
func (d *Drawing) Narrow() *Drawing { return &Drawing{Graph: d.Graph, Options: narrow(d.Options)} }

// Drawings returns every drawing the site shows in lang, by the page that shows it (and
// the figure's id on the diagram page); nil for a card page without one. The diagram
// package's tests check the geometry of each.
func Drawings(site *model.Site, layouts *Layouts, lang string) map[string]*Drawing {
	r := &renderer{site: site, layouts: layouts}
	p := page{lang: lang, path: lang + "/diagram.html"}
	out := map[string]*Drawing{
		p.path + "#figure-1-1": {Graph: r.schemeGraph(p)},
		p.path + "#families":   {Graph: r.familyGraph(p), Options: diagram.Options{Arrows: true}},
	}
	for _, sc := range site.Schemes {
		pp := page{lang: lang, path: model.Path(lang, content.SchemeCard, string(sc.ID))}
		out[pp.path] = r.schemeNeighbourhood(pp, sc)
	}
	for _, st := range site.Standards {
		pp := page{lang: lang, path: model.Path(lang, content.StandardCard, string(st.ID))}
		out[pp.path] = r.standardNeighbourhood(pp, st)
	}
	return out
}

// draw makes the SVG of d, and of its narrow form when the drawing is wider than a
// phone's column; nothing for none.
func (r *renderer) draw(path string, d *Drawing) Drawn {
	if d == nil {
		return Drawn{}
	}
	wide, w := r.svg(path, d.Graph, d.Options)
	if w <= PhoneWidth {
		return Drawn{Wide: wide}
	}
	g := d.Graph
	g.ID += "-narrow"
	small, _ := r.svg(path, g, narrow(d.Options))
	return Drawn{Wide: wide, Narrow: small}
}

// svg draws g, and returns its width.
func (r *renderer) svg(path string, g diagram.Graph, opt diagram.Options) (template.HTML, float64) {
	if len(g.Nodes) == 0 {
		return "", 0 // nothing to draw, e.g. a survey without schemes yet
	}
	b, lay, err := diagram.Render(g, opt)
	if err != nil {
		r.fail(fmt.Errorf("%s: diagram %s: %w", path, g.ID, err))
	}
	if len(b) == 0 {
		return "", 0
	}
	return template.HTML(b), lay.Width // package diagram escapes every text it writes
}

// Above these sizes a diagram groups its schemes by region, so that it stays readable
// and its layout stays fast; the text beside it still lists every scheme.
const (
	MaxFigureSchemes = 60 // Figure 1-1
	MaxNeighbourhood = 24 // the schemes drawn around one standard
)

// regionNode stands for the schemes of one region in a grouped diagram.
func (r *renderer) regionNode(p page, region string, n int, url string) diagram.Node {
	label := r.label(p.lang, "region."+region) + " (" + strconv.Itoa(n) + ")"
	return diagram.Node{ID: "r-" + region, Label: label, Title: r.label(p.lang, regionPart[region]) + " (" + strconv.Itoa(n) + ")", URL: url, Kind: "scheme"}
}

// schemeGraph is Figure 1-1 made complete: every scheme, grouped by region in survey
// order, with the standards it relates to. Above MaxFigureSchemes schemes it draws one
// node per region instead.
func (r *renderer) schemeGraph(p page) diagram.Graph {
	if len(r.site.Schemes) > MaxFigureSchemes {
		return r.groupedSchemeGraph(p)
	}
	g := diagram.Graph{
		ID:        "figure-1-1",
		Title:     r.label(p.lang, "diagram.figure11"),
		Desc:      r.label(p.lang, "diagram.figure11.desc"),
		KeepOrder: []int{0},
	}
	var left, right []string
	kinds := []string{}
	for _, region := range content.Regions {
		g.Groups = append(g.Groups, diagram.GroupInfo{ID: region, Label: r.label(p.lang, regionPart[region])})
	}
	for _, sc := range r.site.Schemes {
		g.Nodes = append(g.Nodes, r.schemeNode(p, sc))
		left = append(left, "s-"+string(sc.ID))
		if !slices.Contains(kinds, string(sc.Kind)) {
			kinds = append(kinds, string(sc.Kind))
		}
		for _, st := range sc.Standards {
			g.Edges = append(g.Edges, edge("s-"+string(sc.ID), "t-"+string(st.ID), "lists"))
		}
	}
	// The standards that many schemes list are columns of marks beside the schemes,
	// as in the matrix; their lines would cross most of the others.
	for _, st := range r.site.Matrix.Columns {
		g.Nodes = append(g.Nodes, r.standardNode(p, st))
		if len(st.ReferencedBy) >= HubSchemes {
			g.Columns = append(g.Columns, "t-"+string(st.ID))
		} else {
			right = append(right, "t-"+string(st.ID))
		}
	}
	g.Layers = [][]string{left, right}
	slices.SortFunc(kinds, func(a, b string) int { return slices.Index(content.Kinds, a) - slices.Index(content.Kinds, b) })
	g.Legend = r.legend(p.lang, append(kinds, "standard"), []string{"lists"})
	if len(g.Columns) > 0 {
		g.Legend = append(g.Legend, diagram.LegendItem{Kind: "lists", IsEdge: true, Mark: true, Label: r.label(p.lang, "diagram.edge.lists.mark")})
	}
	return g
}

// HubSchemes is the number of schemes listing a standard from which Figure 1-1 draws it
// as a column of marks rather than as a box with a line from each.
const HubSchemes = 3

func (r *renderer) groupedSchemeGraph(p page) diagram.Graph {
	g := diagram.Graph{
		ID:        "figure-1-1",
		Title:     r.label(p.lang, "diagram.figure11"),
		Desc:      r.label(p.lang, "diagram.figure11.desc") + " " + r.label(p.lang, "diagram.grouped"),
		KeepOrder: []int{0},
	}
	var left, right []string
	for _, region := range content.Regions {
		var n int
		lists := map[*model.Standard]bool{}
		for _, sc := range r.site.Schemes {
			if string(sc.Region) == region {
				n++
				for _, st := range sc.Standards {
					lists[st] = true
				}
			}
		}
		if n == 0 {
			continue
		}
		node := r.regionNode(p, region, n, p.rel(p.lang+"/index.html")+"#"+anchorOf(regionPart[region]))
		g.Nodes = append(g.Nodes, node)
		left = append(left, node.ID)
		for _, st := range r.site.Matrix.Columns {
			if lists[st] {
				g.Edges = append(g.Edges, edge(node.ID, "t-"+string(st.ID), "lists"))
			}
		}
	}
	for _, st := range r.site.Matrix.Columns {
		g.Nodes = append(g.Nodes, r.standardNode(p, st))
		right = append(right, "t-"+string(st.ID))
	}
	g.Layers = [][]string{left, right}
	g.Legend = r.legend(p.lang, []string{"scheme", "standard"}, []string{"lists"})
	return g
}

// familyGraph is the standards' family diagram: the typed relations between standards,
// grouped as the survey's figure in 2.4.3 groups them.
func (r *renderer) familyGraph(p page) diagram.Graph {
	g := diagram.Graph{
		ID:            "families",
		Title:         r.label(p.lang, "diagram.families"),
		Desc:          r.label(p.lang, "diagram.families.desc"),
		ArrangeGroups: true,
	}
	var groups []string
	edgeKinds := []string{}
	withdrawn, unrelated := false, false
	for _, st := range r.site.Standards {
		group := ""
		for _, gr := range st.Groups {
			if slices.Contains(surveyGroups, string(gr)) {
				group = string(gr)
				break
			}
		}
		switch {
		case len(st.Relations) == 0 && group == "":
			continue
		case len(st.Relations) == 0:
			// A standard of the survey's groups with no relation stands apart, in a
			// band of its own, rather than floating among the others.
			group, unrelated = "", true
		case group == "":
			group = string(st.Groups[0])
		}
		n := r.standardNode(p, st)
		n.Group = group
		if group == "" {
			n.Group = "unrelated"
		}
		g.Nodes = append(g.Nodes, n)
		withdrawn = withdrawn || n.Muted
		if group != "" && !slices.Contains(groups, group) {
			groups = append(groups, group)
		}
		for _, rel := range st.Relations {
			if rel.Incoming {
				continue
			}
			g.Edges = append(g.Edges, edge("t-"+string(st.ID), "t-"+string(rel.Other.ID), rel.Type))
			if !slices.Contains(edgeKinds, rel.Type) {
				edgeKinds = append(edgeKinds, rel.Type)
			}
		}
	}
	slices.SortFunc(groups, func(a, b string) int {
		return slices.Index(content.Groups, a) - slices.Index(content.Groups, b)
	})
	for _, gr := range groups {
		g.Groups = append(g.Groups, diagram.GroupInfo{ID: gr, Label: r.label(p.lang, "group."+gr)})
	}
	if unrelated {
		g.Groups = append(g.Groups, diagram.GroupInfo{ID: "unrelated", Label: r.label(p.lang, "diagram.unrelated")})
	}
	slices.SortFunc(edgeKinds, func(a, b string) int {
		return slices.Index(content.RelTypes, a) - slices.Index(content.RelTypes, b)
	})
	nodes := []string{"standard"}
	if withdrawn {
		nodes = append(nodes, "withdrawn")
	}
	g.Legend = r.legend(p.lang, nodes, edgeKinds)
	return g
}

// diagram renders the diagram page: both figures, each with its relations as text.
func (r *renderer) diagram(lang string) {
	p := page{lang: lang, path: lang + "/diagram.html"}
	v := &DiagramView{Common: r.common(p, r.label(lang, "nav.diagram"))}
	for _, id := range model.BuiltinFigures {
		f := r.figure(p, id)
		f.Open = true
		v.Figures = append(v.Figures, f)
	}
	r.emit("diagram", p.path, v, func() {
		for i := range v.Figures {
			v.Figures[i].SVG = r.draw(p.path, v.Figures[i].Drawing)
		}
	})
}

// figure makes one of model.BuiltinFigures for the page at p, with its relations as text.
func (r *renderer) figure(p page, id string) Figure {
	lang := p.lang
	f := Figure{Hint: r.label(lang, "diagram.hint"), HintTap: r.label(lang, "diagram.hint.tap"), AsText: r.label(lang, "diagram.astext")}
	switch id {
	case "figure-1-1":
		fig := r.schemeGraph(p)
		f.ID, f.Title, f.Caption, f.Drawing = fig.ID, fig.Title, r.label(lang, "diagram.figure11.note")+" "+r.label(lang, "diagram.figure11.law"), &Drawing{Graph: fig}
		for _, region := range content.Regions {
			grp := Group{ID: "region-" + region, Title: r.label(lang, regionPart[region])}
			for _, sc := range r.site.Schemes {
				if string(sc.Region) != region {
					continue
				}
				l := r.schemeLink(p, sc)
				var names []string
				for _, st := range sc.Standards {
					names = append(names, st.Designation)
				}
				l.Note = strings.Join(names, r.label(lang, "punct.list"))
				grp.Links = append(grp.Links, l)
			}
			f.Lists = append(f.Lists, grp)
		}
	case "families":
		fam := r.familyGraph(p)
		f.ID, f.Title, f.Caption = fam.ID, fam.Title, r.label(lang, "diagram.families.note")
		f.Drawing = &Drawing{Graph: fam, Options: diagram.Options{Arrows: true}}
		grp := Group{ID: "relations"}
		unrelated := Group{ID: "unrelated", Title: r.label(lang, "diagram.unrelated")}
		for _, st := range r.site.Standards {
			for _, rel := range st.Relations {
				if rel.Incoming {
					continue
				}
				l := r.standardLink(p, st)
				l.Note = r.label(lang, "rel."+rel.Type) + r.label(lang, "punct.colon") + rel.Other.Designation
				if rel.Note != nil {
					l.Note += " (" + rel.Note.Text(lang) + ")"
				}
				grp.Links = append(grp.Links, l)
			}
		}
		for _, n := range fam.Nodes {
			if n.Group == "unrelated" {
				st := r.site.Standard(strings.TrimPrefix(n.ID, "t-"))
				unrelated.Links = append(unrelated.Links, r.standardLink(p, st))
			}
		}
		f.Lists = []Group{grp}
		if len(unrelated.Links) > 0 {
			f.Lists = append(f.Lists, unrelated)
		}
	}
	return f
}

// schemeNeighbourhood draws a scheme with the schemes that name it on the left and what
// it names on the right: the schemes (both ways when they name each other) and the
// standards it lists.
func (r *renderer) schemeNeighbourhood(p page, sc *model.Scheme) *Drawing {
	label := sc.Text(p.lang).Label
	g := diagram.Graph{ID: "neighbourhood", Title: r.label(p.lang, "diagram.neighbourhood") + ": " + label, Desc: r.label(p.lang, "diagram.neighbourhood.scheme")}
	me := r.schemeNode(p, sc)
	me.Current, me.Group = true, ""
	g.Nodes = append(g.Nodes, me)
	var left, right []string
	kinds := []string{}
	for _, o := range sc.Related {
		n := r.schemeNode(p, o)
		n.Group = ""
		g.Nodes = append(g.Nodes, n)
		right = append(right, n.ID)
		g.Edges = append(g.Edges, edge(me.ID, n.ID, "names"))
		if slices.Contains(sc.RelatedBy, o) {
			g.Edges = append(g.Edges, edge(n.ID, me.ID, "names"))
		}
		kinds = []string{"names"}
	}
	for _, o := range sc.RelatedBy {
		if slices.Contains(sc.Related, o) {
			continue
		}
		n := r.schemeNode(p, o)
		n.Group = ""
		g.Nodes = append(g.Nodes, n)
		left = append(left, n.ID)
		g.Edges = append(g.Edges, edge(n.ID, me.ID, "names"))
		kinds = []string{"names"}
	}
	for _, st := range sc.Standards {
		n := r.standardNode(p, st)
		g.Nodes = append(g.Nodes, n)
		right = append(right, n.ID)
		g.Edges = append(g.Edges, edge(me.ID, n.ID, "lists"))
	}
	if len(g.Edges) == 0 {
		return nil
	}
	if len(sc.Standards) > 0 {
		kinds = append([]string{"lists"}, kinds...)
	}
	g.Layers = [][]string{left, {me.ID}, right}
	g.Legend = r.legend(p.lang, nil, kinds)
	return &Drawing{Graph: g, Options: diagram.Options{Arrows: true}}
}

// standardNeighbourhood draws a standard with the schemes and standards that refer to it
// on the left and the standards it relates to on the right.
func (r *renderer) standardNeighbourhood(p page, st *model.Standard) *Drawing {
	g := diagram.Graph{ID: "neighbourhood", Title: r.label(p.lang, "diagram.neighbourhood") + ": " + st.Designation, Desc: r.label(p.lang, "diagram.neighbourhood.standard")}
	me := r.standardNode(p, st)
	me.Current = true
	g.Nodes = append(g.Nodes, me)
	var left, right []string
	edgeKinds := []string{}
	if len(st.ReferencedBy) > MaxNeighbourhood {
		for _, region := range content.Regions {
			n := 0
			for _, sc := range st.ReferencedBy {
				if string(sc.Region) == region {
					n++
				}
			}
			if n > 0 {
				node := r.regionNode(p, region, n, "#region-"+region)
				g.Nodes = append(g.Nodes, node)
				left = append(left, node.ID)
				g.Edges = append(g.Edges, edge(node.ID, me.ID, "lists"))
			}
		}
	} else {
		for _, sc := range st.ReferencedBy {
			n := r.schemeNode(p, sc)
			n.Group = ""
			g.Nodes = append(g.Nodes, n)
			left = append(left, n.ID)
			g.Edges = append(g.Edges, edge(n.ID, me.ID, "lists"))
		}
	}
	if len(st.ReferencedBy) > 0 {
		edgeKinds = append(edgeKinds, "lists")
	}
	for _, rel := range st.Relations {
		n := r.standardNode(p, rel.Other)
		if slices.ContainsFunc(g.Nodes, func(x diagram.Node) bool { return x.ID == n.ID }) {
			continue
		}
		g.Nodes = append(g.Nodes, n)
		if rel.Incoming {
			left = append(left, n.ID)
			g.Edges = append(g.Edges, edge(n.ID, me.ID, rel.Type))
		} else {
			right = append(right, n.ID)
			g.Edges = append(g.Edges, edge(me.ID, n.ID, rel.Type))
		}
		if !slices.Contains(edgeKinds, rel.Type) {
			edgeKinds = append(edgeKinds, rel.Type)
		}
	}
	if len(g.Edges) == 0 {
		return nil
	}
	g.Layers = [][]string{left, {me.ID}, right}
	g.Legend = r.legend(p.lang, nil, edgeKinds)
	return &Drawing{Graph: g, Options: diagram.Options{Arrows: true}}
}
