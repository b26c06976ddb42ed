package diagram

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// num formats a coordinate with one decimal, dropping ".0" and the sign of zero.
func num(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// esc escapes text for XML content and double-quoted attributes, replacing characters
// XML does not allow.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\n', '\t', '\r':
			b.WriteByte(' ')
		default:
			if r == utf8.RuneError || r < 0x20 || (r >= 0xd800 && r <= 0xdfff) || r == 0xfffe || r == 0xffff {
				r = '\ufffd'
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

type writer struct{ bytes.Buffer }

func (w *writer) s(parts ...string) {
	for _, p := range parts {
		w.WriteString(p)
	}
}

func (w *writer) rect(class string, r Rect) {
	w.s(`<rect class="`, class, `" x="`, num(r.X), `" y="`, num(r.Y), `" width="`, num(r.W), `" height="`, num(r.H), `"/>`)
}

func pathData(curves []Cubic) string {
	var b strings.Builder
	for i, c := range curves {
		if i == 0 {
			b.WriteString("M" + num(c[0].X) + " " + num(c[0].Y))
		}
		if c[1] == c[0] && c[2] == c[3] {
			b.WriteString("L" + num(c[3].X) + " " + num(c[3].Y))
			continue
		}
		b.WriteString("C" + num(c[1].X) + " " + num(c[1].Y) + " " + num(c[2].X) + " " + num(c[2].Y) + " " + num(c[3].X) + " " + num(c[3].Y))
	}
	return b.String()
}

func polygon(ps []Point) string {
	var b strings.Builder
	for i, p := range ps {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString("L")
		}
		b.WriteString(num(p.X) + " " + num(p.Y))
	}
	b.WriteString("Z")
	return b.String()
}

func (w *writer) edge(e EdgePath) {
	w.s(`<g class="edge k-`, ClassName(e.Kind), `"><path class="line" d="`, pathData(e.Curves), `"/>`)
	if e.Arrow != nil {
		w.s(`<path class="arrow" d="`, polygon(e.Arrow), `"/>`)
	}
	w.s("</g>")
}

// text writes lines centred on cx (anchor "middle") or starting at x (anchor "start"),
// the first baseline at y.
func (w *writer) text(class, anchor string, x, y, lh float64, lines []string) {
	w.s(`<text class="`, class, `" x="`, num(x), `" y="`, num(y), `"`)
	if anchor != "start" {
		w.s(` text-anchor="`, anchor, `"`)
	}
	w.s(">")
	if len(lines) == 1 {
		w.s(esc(lines[0]), "</text>")
		return
	}
	for i, l := range lines {
		w.s(`<tspan x="`, num(x), `" y="`, num(y+float64(i)*lh), `">`, esc(l), "</tspan>")
	}
	w.s("</text>")
}

func (d *drawing) svg() []byte {
	g, lay := d.g, &d.lay
	id := g.ID
	if id == "" {
		id = "diagram"
	}
	var w writer
	dir := "lr"
	if !d.lr() {
		dir = "tb"
	}
	w.s(`<svg xmlns="http://www.w3.org/2000/svg" class="diagram `, dir, `" width="`, num(lay.Width),
		`" height="`, num(lay.Height), `" viewBox="0 0 `, num(lay.Width), " ", num(lay.Height),
		`" font-size="`, num(d.fs), `" role="group" aria-labelledby="`, esc(id), `-title"`)
	if g.Desc != "" {
		w.s(` aria-describedby="`, esc(id), `-desc"`)
	}
	w.s(">\n")
	w.s(`<title id="`, esc(id), `-title">`, esc(g.Title), "</title>\n")
	if g.Desc != "" {
		w.s(`<desc id="`, esc(id), `-desc">`, esc(g.Desc), "</desc>\n")
	}

	if len(lay.Groups) > 0 {
		w.s(`<g class="groups" aria-hidden="true">` + "\n")
		for _, gb := range lay.Groups {
			w.s(`<g class="group g-`, ClassName(gb.ID), `">`)
			w.rect("band", gb.Rect)
			w.text("group-label", "start", gb.Label.X, gb.Label.Y, d.lh, gb.Lines)
			w.s("</g>\n")
		}
		w.s("</g>\n")
	}

	w.s(`<g class="edges" aria-hidden="true">` + "\n")
	for _, e := range lay.Edges {
		w.edge(e)
		w.s("\n")
	}
	w.s("</g>\n")

	// Each node carries hidden copies of its edges and of its neighbours' outlines,
	// which diagram.css shows while the node is hovered or focused.
	incident := make(map[string][]int, len(lay.Nodes))
	for i, e := range lay.Edges {
		incident[e.From] = append(incident[e.From], i)
		incident[e.To] = append(incident[e.To], i)
	}
	nodeOf := make(map[string]int, len(g.Nodes))
	for i, n := range g.Nodes {
		nodeOf[n.ID] = i
	}
	boxOf := make(map[string]Rect, len(lay.Nodes))
	for _, b := range lay.Nodes {
		boxOf[b.ID] = b.Rect
	}
	w.s(`<g class="nodes">` + "\n")
	for _, nb := range lay.Nodes {
		n := g.Nodes[nodeOf[nb.ID]]
		class := "node k-" + ClassName(n.Kind)
		if n.Group != "" {
			class += " g-" + ClassName(n.Group)
		}
		if n.Muted {
			class += " muted"
		}
		if n.Current {
			class += " current"
		}
		w.s(`<g class="`, class, `">`)
		if es := incident[n.ID]; len(es) > 0 {
			w.s(`<g class="hl" aria-hidden="true">`)
			var peers []string
			for _, i := range es {
				w.edge(lay.Edges[i])
				peer := lay.Edges[i].To
				if peer == n.ID {
					peer = lay.Edges[i].From
				}
				if !slices.Contains(peers, peer) {
					peers = append(peers, peer)
				}
			}
			for _, p := range peers {
				r := boxOf[p]
				w.rect("peer k-"+ClassName(g.Nodes[nodeOf[p]].Kind), Rect{X: r.X - 3, Y: r.Y - 3, W: r.W + 6, H: r.H + 6})
			}
			w.s("</g>")
		}
		name := n.Title
		if name == "" {
			name = n.Label
		}
		if n.URL != "" {
			// The link's accessible name comes from its <title> child, not aria-label:
			// axe requires an aria-label to contain the visible text, which is wrapped.
			w.s(`<a href="`, esc(n.URL), `"`)
			if n.Current {
				w.s(` aria-current="page"`)
			}
			w.s("><title>", esc(name), "</title>")
		} else {
			w.s(`<g class="nolink">`)
			if name != n.Label {
				w.s("<title>", esc(name), "</title>")
			}
		}
		r := nb.Rect
		w.rect("box", r)
		w.rect("inner", Rect{X: r.X + 3, Y: r.Y + 3, W: r.W - 6, H: r.H - 6})
		top := r.Y + (r.H-float64(len(nb.Lines))*d.lh)/2
		w.text("label", "middle", r.X+r.W/2, top+d.baseline(), d.lh, nb.Lines)
		if n.URL != "" {
			w.s("</a>")
		} else {
			w.s("</g>")
		}
		w.s("</g>\n")
	}
	w.s("</g>\n")

	if len(lay.Legend) > 0 {
		w.s(`<g class="legend" aria-hidden="true">`)
		w.rect("legend-frame", lay.LegendFrame)
		w.s("\n")
		for _, lb := range lay.Legend {
			it, sw := lb.Item, lb.Swatch
			if it.IsEdge {
				w.s(`<g class="item edge-item">`)
				y := sw.Y + sw.H/2
				c := Cubic{{sw.X, y}, {sw.X, y}, {sw.X + sw.W, y}, {sw.X + sw.W, y}}
				e := EdgePath{Kind: it.Kind, Curves: []Cubic{c}}
				if d.opt.Arrows {
					e.Arrow = arrowhead(c)
				}
				w.edge(e)
			} else {
				class := "item node-item k-" + ClassName(it.Kind)
				if it.Muted {
					class += " muted"
				}
				w.s(`<g class="`, class, `">`)
				w.rect("box", sw)
				w.rect("inner", Rect{X: sw.X + 3, Y: sw.Y + 3, W: sw.W - 6, H: sw.H - 6})
			}
			w.text("legend-label", "start", lb.Text.X, lb.Text.Y, d.lh, []string{it.Label})
			w.s("</g>\n")
		}
		w.s("</g>\n")
	}
	w.s("</svg>\n")
	return w.Bytes()
}
