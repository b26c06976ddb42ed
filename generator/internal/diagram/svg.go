package diagram

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The SVG is appended to one byte slice: numbers with strconv.AppendFloat, text escaped
// in place, and each edge's markup, which appears three times (in the edges and in the
// highlight of both its nodes), written once and then copied.

// appendNum appends a coordinate with one decimal, without ".0" or the sign of zero.
func appendNum(b []byte, x float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, x, 'f', 1, 64)
	if n := len(b); b[n-2] == '.' && b[n-1] == '0' {
		b = b[:n-2]
	}
	if string(b[start:]) == "-0" {
		b = append(b[:start], '0')
	}
	return b
}

func appendEsc(b []byte, s string) []byte {
	// In valid UTF-8, the only characters beyond ASCII to replace are U+FFFE and U+FFFF
	// (EF BF BE and EF BF BF), so its other bytes need no decoding.
	valid := utf8.ValidString(s)
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		var rep string
		c := s[i]
		size := 1
		if c < utf8.RuneSelf {
			switch c {
			case '&':
				rep = "&amp;"
			case '<':
				rep = "&lt;"
			case '>':
				rep = "&gt;"
			case '"':
				rep = "&quot;"
			case '\n', '\t', '\r':
				rep = " "
			default:
				if c < 0x20 {
					rep = "\ufffd"
				}
			}
		} else if valid {
			if c == 0xef && s[i+1] == 0xbf && s[i+2] >= 0xbe {
				rep, size = "\ufffd", 3
			}
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			// A valid U+FFFD is replaced by itself, harmlessly.
			if r == utf8.RuneError || (r >= 0xd800 && r <= 0xdfff) || r == 0xfffe || r == 0xffff {
				rep = "\ufffd"
			}
		}
		if rep != "" {
			b = append(b, s[done:i]...)
			b = append(b, rep...)
			done = i + size
		}
		i += size
	}
	return append(b, s[done:]...)
}

// appendClass appends ClassName(s), without allocating when s is already a class token.
func appendClass(b []byte, s string) []byte {
	if s == "" || s[len(s)-1] == '-' || strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}) {
		return append(b, ClassName(s)...)
	}
	return append(b, s...)
}

type writer struct{ b []byte }

func (w *writer) s(parts ...string) {
	for _, p := range parts {
		w.b = append(w.b, p...)
	}
}

func (w *writer) num(x float64)      { w.b = appendNum(w.b, x) }
func (w *writer) esc(s string)       { w.b = appendEsc(w.b, s) }
func (w *writer) class(s string)     { w.b = appendClass(w.b, s) }
func (w *writer) point(x, y float64) { w.num(x); w.b = append(w.b, ' '); w.num(y) }

func (w *writer) rect(class string, r Rect) {
	w.b = append(w.b, `<rect class="`...)
	w.b = append(w.b, class...)
	w.rectAttrs(r)
}

// rectAttrs ends a <rect> element whose class attribute is written.
func (w *writer) rectAttrs(r Rect) {
	w.b = append(w.b, `" x="`...)
	w.num(r.X)
	w.b = append(w.b, `" y="`...)
	w.num(r.Y)
	w.b = append(w.b, `" width="`...)
	w.num(r.W)
	w.b = append(w.b, `" height="`...)
	w.num(r.H)
	w.b = append(w.b, `"/>`...)
}

func (w *writer) pathData(curves []Cubic) {
	for i, c := range curves {
		if i == 0 {
			w.b = append(w.b, 'M')
			w.point(c[0].X, c[0].Y)
		}
		if c[1] == c[0] && c[2] == c[3] {
			w.b = append(w.b, 'L')
			w.point(c[3].X, c[3].Y)
			continue
		}
		w.b = append(w.b, 'C')
		w.point(c[1].X, c[1].Y)
		w.b = append(w.b, ' ')
		w.point(c[2].X, c[2].Y)
		w.b = append(w.b, ' ')
		w.point(c[3].X, c[3].Y)
	}
}

func (w *writer) polygon(ps []Point) {
	for i, p := range ps {
		if i == 0 {
			w.b = append(w.b, 'M')
		} else {
			w.b = append(w.b, 'L')
		}
		w.point(p.X, p.Y)
	}
	w.b = append(w.b, 'Z')
}

// markRadius is the radius of the dot an edge to a column is drawn as.
const markRadius = 4.5

func (w *writer) edge(e EdgePath) {
	if e.Mark {
		w.s(`<g class="edge mark k-`)
		w.class(e.Kind)
		w.s(`"><circle class="dot" cx="`)
		w.num(e.Start.X)
		w.s(`" cy="`)
		w.num(e.Start.Y)
		w.s(`" r="`)
		w.num(markRadius)
		w.s(`"/></g>`)
		return
	}
	w.s(`<g class="edge k-`)
	w.class(e.Kind)
	w.s(`"><path class="line" d="`)
	w.pathData(e.Curves)
	w.s(`"/>`)
	if e.Arrow != nil {
		w.s(`<path class="arrow`)
		if e.Head != "" {
			w.s(" h-")
			w.class(string(e.Head))
		}
		w.s(`" d="`)
		w.polygon(e.Arrow)
		w.s(`"/>`)
	}
	w.s("</g>")
}

// text writes lines centred on cx (anchor "middle") or starting at x (anchor "start"),
// the first baseline at y.
func (w *writer) text(class, anchor string, x, y, lh float64, lines []string) {
	w.s(`<text class="`, class, `" x="`)
	w.num(x)
	w.s(`" y="`)
	w.num(y)
	w.s(`"`)
	if anchor != "start" {
		w.s(` text-anchor="`, anchor, `"`)
	}
	w.s(">")
	if len(lines) == 1 {
		w.esc(lines[0])
		w.s("</text>")
		return
	}
	for i, l := range lines {
		w.s(`<tspan x="`)
		w.num(x)
		w.s(`" y="`)
		w.num(y + float64(i)*lh)
		w.s(`">`)
		w.esc(l)
		w.s("</tspan>")
	}
	w.s("</text>")
}

// sizeHint guesses the length of the SVG from the counts of its parts, so that its
// buffer rarely grows.
func (d *drawing) sizeHint() int {
	n := 1024 + len(d.g.Title) + len(d.g.Desc) + 350*len(d.lay.Nodes) + 220*len(d.lay.Groups) + 200*len(d.lay.Legend)
	for _, nd := range d.g.Nodes {
		n += len(nd.Label) + len(nd.Title) + len(nd.URL)
	}
	for _, e := range d.lay.Edges {
		n += 3 * (100 + 30*len(e.Curves) + 40*len(e.Arrow)) // in the edges and at both ends
	}
	return n
}

func (d *drawing) svg() []byte {
	g, lay := d.g, &d.lay
	id := g.ID
	if id == "" {
		id = "diagram"
	}
	w := writer{b: make([]byte, 0, d.sizeHint())}
	w.s(`<svg xmlns="http://www.w3.org/2000/svg" class="diagram" width="`)
	w.num(lay.Width)
	w.s(`" height="`)
	w.num(lay.Height)
	w.s(`" viewBox="0 0 `)
	w.point(lay.Width, lay.Height)
	w.s(`" font-size="`)
	w.num(d.fs)
	w.s(`" role="group" aria-labelledby="`)
	w.esc(id)
	w.s(`-title"`)
	if g.Desc != "" {
		w.s(` aria-describedby="`)
		w.esc(id)
		w.s(`-desc"`)
	}
	w.s(">\n", `<title id="`)
	w.esc(id)
	w.s(`-title">`)
	w.esc(g.Title)
	w.s("</title>\n")
	if g.Desc != "" {
		w.s(`<desc id="`)
		w.esc(id)
		w.s(`-desc">`)
		w.esc(g.Desc)
		w.s("</desc>\n")
	}

	if len(lay.Groups) > 0 {
		w.s(`<g class="groups" aria-hidden="true">` + "\n")
		for _, gb := range lay.Groups {
			w.s(`<g class="group g-`)
			w.class(gb.ID)
			w.s(`">`)
			w.rect("band", gb.Rect)
			w.text("group-label", "start", gb.Label.X, gb.Label.Y, d.lh, gb.Lines)
			w.s("</g>\n")
		}
		w.s("</g>\n")
	}

	// Columns of marks: a rule down each column and one along each row of the first
	// layer, from its box to where its lines leave, for the eye to follow.
	if d.strip > 0 {
		w.s(`<g class="rules" aria-hidden="true">`)
		bottom := 0.0
		for _, nb := range lay.Nodes {
			if nb.Layer == 0 {
				bottom = max(bottom, nb.Rect.Y+nb.Rect.H)
				y := nb.Rect.Y + nb.Rect.H/2
				w.s(`<path class="row-rule" d="M`)
				w.point(nb.Rect.X+nb.Rect.W-d.strip, y)
				w.s(`H`)
				w.num(nb.Rect.X + nb.Rect.W)
				w.s(`"/>`)
			}
		}
		for _, nb := range lay.Nodes {
			if nb.Vertical {
				w.s(`<path class="col-rule" d="M`)
				w.point(nb.Rect.X+nb.Rect.W/2, nb.Rect.Y+nb.Rect.H)
				w.s(`V`)
				w.num(bottom)
				w.s(`"/>`)
			}
		}
		w.s("</g>\n")
	}

	// Each edge's markup is w.b[span[2*i]:span[2*i+1]], copied into the highlights below.
	w.s(`<g class="edges" aria-hidden="true">` + "\n")
	span := make([]int, 2*len(lay.Edges))
	for i, e := range lay.Edges {
		span[2*i] = len(w.b)
		w.edge(e)
		span[2*i+1] = len(w.b)
		w.s("\n")
	}
	w.s("</g>\n")

	// Each node carries hidden copies of its edges and of its neighbours' outlines,
	// which diagram.css shows while the node is hovered or focused. incident lists each
	// node's edges in order, out of one array: node i's are incident[start[i]:start[i+1]].
	start := make([]int, len(g.Nodes)+1)
	for e := range lay.Edges {
		start[d.from[e]+1]++
		start[d.to[e]+1]++
	}
	for i := range g.Nodes {
		start[i+1] += start[i]
	}
	incident := make([]int, 2*len(lay.Edges))
	next := make([]int, len(g.Nodes)) // also, below, the last box that listed a peer, plus 1
	copy(next, start)
	for e := range lay.Edges {
		incident[next[d.from[e]]] = e
		next[d.from[e]]++
		incident[next[d.to[e]]] = e
		next[d.to[e]]++
	}
	nodeOf := make([]int, len(lay.Nodes))
	for i, b := range d.boxOf {
		nodeOf[b] = i
	}
	clear(next)
	var peers []int
	w.s(`<g class="nodes">` + "\n")
	for bi, nb := range lay.Nodes {
		ni := nodeOf[bi]
		n := g.Nodes[ni]
		w.s(`<g class="node k-`)
		w.class(n.Kind)
		if n.Group != "" {
			w.s(" g-")
			w.class(n.Group)
		}
		if n.Muted {
			w.s(" muted")
		}
		if n.Current {
			w.s(" current")
		}
		w.s(`">`)
		if es := incident[start[ni]:start[ni+1]]; len(es) > 0 {
			w.s(`<g class="hl" aria-hidden="true">`)
			peers = peers[:0]
			for _, e := range es {
				w.b = append(w.b, w.b[span[2*e]:span[2*e+1]]...)
				peer := d.to[e]
				if peer == ni {
					peer = d.from[e]
				}
				if next[peer] != bi+1 {
					next[peer] = bi + 1
					peers = append(peers, peer)
				}
			}
			for _, p := range peers {
				r := lay.Nodes[d.boxOf[p]].Rect
				w.s(`<rect class="peer k-`)
				w.class(g.Nodes[p].Kind)
				w.rectAttrs(Rect{X: r.X - 3, Y: r.Y - 3, W: r.W + 6, H: r.H + 6})
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
			w.s(`<a href="`)
			w.esc(n.URL)
			w.s(`"`)
			if n.Current {
				w.s(` aria-current="page"`)
			}
			w.s("><title>")
			w.esc(name)
			w.s("</title>")
		} else {
			w.s(`<g class="nolink">`)
			if name != n.Label {
				w.s("<title>")
				w.esc(name)
				w.s("</title>")
			}
		}
		r := nb.Rect
		if nb.Layer == 0 {
			r.W -= d.strip // the columns of marks are not part of the box
		}
		w.rect("box", r)
		w.rect("inner", Rect{X: r.X + 3, Y: r.Y + 3, W: r.W - 6, H: r.H - 6})
		if nb.Vertical {
			// One line, upwards, centred in the box.
			cx, cy := r.X+r.W/2, r.Y+r.H/2
			w.s(`<text class="label" x="`)
			w.num(cx)
			w.s(`" y="`)
			w.num(cy + 0.35*d.fs)
			w.s(`" text-anchor="middle" transform="rotate(-90 `)
			w.point(cx, cy)
			w.s(`)">`)
			w.esc(nb.Lines[0])
			w.s("</text>")
		} else {
			top := r.Y + (r.H-float64(len(nb.Lines))*d.lh)/2
			w.text("label", "middle", r.X+r.W/2, top+d.baseline(), d.lh, nb.Lines)
		}
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
				if it.Mark {
					e = EdgePath{Kind: it.Kind, Start: Point{sw.X + sw.W/2, y}, Mark: true}
				} else if d.opt.Arrows {
					e.Head = it.Head
					e.Arrow = arrowhead(c, it.Head)
				}
				w.edge(e)
			} else {
				w.s(`<g class="item node-item k-`)
				w.class(it.Kind)
				if it.Muted {
					w.s(" muted")
				}
				w.s(`">`)
				w.rect("box", sw)
				w.rect("inner", Rect{X: sw.X + 3, Y: sw.Y + 3, W: sw.W - 6, H: sw.H - 6})
			}
			w.text("legend-label", "start", lb.Text.X, lb.Text.Y, d.lh, []string{it.Label})
			w.s("</g>\n")
		}
		w.s("</g>\n")
	}
	w.s("</svg>\n")
	return w.b
}
