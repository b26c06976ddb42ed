package diagram

import (
	"fmt"
	"math"
	"strings"
)

// Check returns every way in which lay fails the promises of [Render] for g: boxes that
// overlap or leave the drawing, label lines wider than their box, bands that do not hold
// their nodes, edge ends off their boxes' borders, edges or arrowheads that pass through a
// box, a legend that overlaps the drawing. Tests run it on every diagram the site draws.
func Check(g Graph, opt Options, lay Layout) []string {
	opt = opt.withDefaults()
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	const eps = 0.01
	if len(lay.Nodes) != len(g.Nodes) {
		errorf("%d boxes for %d nodes", len(lay.Nodes), len(g.Nodes))
		return problems
	}
	boxes := map[string]Rect{}
	for _, b := range lay.Nodes {
		boxes[b.ID] = b.Rect
	}
	view := Rect{W: lay.Width, H: lay.Height}
	byID := map[string]Node{}
	for _, n := range g.Nodes {
		byID[n.ID] = n
	}

	for i, a := range lay.Nodes {
		if !view.Contains(Point{a.Rect.X, a.Rect.Y}) || !view.Contains(Point{a.Rect.X + a.Rect.W, a.Rect.Y + a.Rect.H}) {
			errorf("box %s %v leaves the %gx%g drawing", a.ID, a.Rect, lay.Width, lay.Height)
		}
		for _, b := range lay.Nodes[i+1:] {
			if a.Rect.Overlaps(b.Rect) {
				errorf("boxes %s %v and %s %v overlap", a.ID, a.Rect, b.ID, b.Rect)
			}
		}
		// Every line fits, with the padding, and the lines are the whole label.
		if len(a.Lines) > opt.MaxLines {
			errorf("%s: %d lines", a.ID, len(a.Lines))
		}
		along, across := a.Rect.W, a.Rect.H
		if a.Vertical {
			along, across = across, along
		}
		for _, l := range a.Lines {
			if w := TextWidth(l, lay.FontSize); w > along-2*lay.PadX+eps {
				errorf("%s: line %q is %.1f px wide; the box leaves %.1f", a.ID, l, w, along-2*lay.PadX)
			}
		}
		if h := float64(len(a.Lines))*lay.LineHeight + 2*lay.PadY; h > across+eps {
			errorf("%s: %d lines need %.1f px; the box is %.1f high", a.ID, len(a.Lines), h, across)
		}
		strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if strip(strings.Join(a.Lines, "")) != strip(byID[a.ID].Label) {
			errorf("%s: lines %q are not the label %q", a.ID, a.Lines, byID[a.ID].Label)
		}
	}

	// Bands hold their nodes and do not overlap one another.
	for i, gb := range lay.Groups {
		for _, n := range g.Nodes {
			if r := boxes[n.ID]; n.Group == gb.ID && !(gb.Rect.Contains(Point{r.X, r.Y}) && gb.Rect.Contains(Point{r.X + r.W, r.Y + r.H})) {
				errorf("group %s %v does not hold node %s %v", gb.ID, gb.Rect, n.ID, r)
			}
		}
		for _, other := range lay.Groups[i+1:] {
			if gb.Rect.Overlaps(other.Rect) {
				errorf("groups %s and %s overlap", gb.ID, other.ID)
			}
		}
		// The label sits above the boxes of the band.
		top := gb.Label.Y - lay.FontSize
		bottom := gb.Label.Y + float64(len(gb.Lines)-1)*lay.LineHeight + 0.3*lay.FontSize
		label := Rect{X: gb.Label.X, Y: top, H: bottom - top}
		for _, l := range gb.Lines {
			label.W = max(label.W, BoldTextWidth(l, lay.FontSize))
		}
		if !gb.Rect.Contains(Point{label.X, label.Y}) || !gb.Rect.Contains(Point{label.X + label.W, label.Y + label.H}) {
			errorf("label of group %s %v leaves its band %v", gb.ID, label, gb.Rect)
		}
		for _, b := range lay.Nodes {
			if label.Overlaps(b.Rect) {
				errorf("label of group %s %v overlaps box %s %v", gb.ID, label, b.ID, b.Rect)
			}
		}
	}

	if len(lay.Edges) != len(g.Edges) {
		errorf("%d paths for %d edges", len(lay.Edges), len(g.Edges))
		return problems
	}
	for i, e := range lay.Edges {
		if e.From != g.Edges[i].From || e.To != g.Edges[i].To {
			errorf("path %d is %s -> %s, want %s -> %s", i, e.From, e.To, g.Edges[i].From, g.Edges[i].To)
		}
		if e.Mark {
			// A dot inside the row of its first-layer node, under its column's head.
			row, head := boxes[e.From], boxes[e.To]
			if !row.Contains(e.Start) {
				row, head = boxes[e.To], boxes[e.From]
			}
			if e.Start != e.End || !row.Contains(e.Start) || e.Start.X < head.X || e.Start.X > head.X+head.W || len(e.Curves) > 0 {
				errorf("mark %s -> %s at %v is not in row %v under head %v", e.From, e.To, e.Start, row, head)
			}
			continue
		}
		if !onBorder(e.Start, boxes[e.From]) {
			errorf("edge %s -> %s starts at %v, not on the border of %v", e.From, e.To, e.Start, boxes[e.From])
		}
		if !onBorder(e.End, boxes[e.To]) {
			errorf("edge %s -> %s ends at %v, not on the border of %v", e.From, e.To, e.End, boxes[e.To])
		}
		if e.Curves[0][0] != e.Start || e.Curves[len(e.Curves)-1][3] != e.End {
			errorf("edge %s -> %s: curves do not run from Start to End", e.From, e.To)
		}
		for j := 1; j < len(e.Curves); j++ {
			if e.Curves[j][0] != e.Curves[j-1][3] {
				errorf("edge %s -> %s: curve %d does not start where %d ends", e.From, e.To, j, j-1)
			}
		}
		if opt.Arrows && (len(e.Arrow) < 3 || e.Arrow[0] != e.End) {
			errorf("edge %s -> %s: arrow %v does not point at %v", e.From, e.To, e.Arrow, e.End)
		}
		// No point of the edge lies inside a box: it only touches its own two.
		for _, c := range e.Curves {
			for s := 0; s <= 64; s++ {
				p := c.At(float64(s) / 64)
				for _, b := range lay.Nodes {
					in := Rect{X: b.Rect.X + 0.5, Y: b.Rect.Y + 0.5, W: b.Rect.W - 1, H: b.Rect.H - 1}
					if in.Contains(p) {
						errorf("edge %s -> %s passes through box %s at %v", e.From, e.To, b.ID, p)
					}
				}
				if !view.Contains(p) {
					errorf("edge %s -> %s leaves the drawing at %v", e.From, e.To, p)
				}
			}
		}
		for _, p := range e.Arrow {
			for _, b := range lay.Nodes {
				in := Rect{X: b.Rect.X + 0.5, Y: b.Rect.Y + 0.5, W: b.Rect.W - 1, H: b.Rect.H - 1}
				if in.Contains(p) {
					errorf("arrow of %s -> %s enters box %s", e.From, e.To, b.ID)
				}
			}
		}
	}
	if len(g.Legend) > 0 {
		if len(lay.Legend) != len(g.Legend) {
			errorf("%d legend entries for %d items", len(lay.Legend), len(g.Legend))
		}
		for _, lb := range lay.Legend {
			if !lay.LegendFrame.Contains(Point{lb.Swatch.X, lb.Swatch.Y}) ||
				!lay.LegendFrame.Contains(Point{lb.Text.X + TextWidth(lb.Item.Label, lay.FontSize), lb.Text.Y}) {
				errorf("legend entry %q leaves its frame", lb.Item.Label)
			}
			for _, b := range lay.Nodes {
				if lay.LegendFrame.Overlaps(b.Rect) {
					errorf("legend overlaps box %s", b.ID)
				}
			}
		}
	}
	return problems
}

func onBorder(p Point, r Rect) bool {
	const eps = 0.01
	if !(Rect{X: r.X - eps, Y: r.Y - eps, W: r.W + 2*eps, H: r.H + 2*eps}).Contains(p) {
		return false
	}
	return math.Abs(p.X-r.X) < eps || math.Abs(p.X-r.X-r.W) < eps || math.Abs(p.Y-r.Y) < eps || math.Abs(p.Y-r.Y-r.H) < eps
}

// ThroughBands lists the edges that pass through the band of a group that holds neither
// of their ends. Render does not promise that none do; [Graph.ArrangeGroups] tries.
func ThroughBands(g Graph, lay Layout) []string {
	group := map[string]string{}
	for _, n := range g.Nodes {
		group[n.ID] = n.Group
	}
	var problems []string
	for _, e := range lay.Edges {
		for _, gb := range lay.Groups {
			if gb.ID == group[e.From] || gb.ID == group[e.To] {
				continue
			}
			in := Rect{X: gb.Rect.X + 0.5, Y: gb.Rect.Y + 0.5, W: gb.Rect.W - 1, H: gb.Rect.H - 1}
		curves:
			for _, c := range e.Curves {
				for s := 0; s <= 64; s++ {
					if p := c.At(float64(s) / 64); in.Contains(p) {
						problems = append(problems, fmt.Sprintf("edge %s -> %s passes through group %s at %v", e.From, e.To, gb.ID, p))
						break curves
					}
				}
			}
		}
	}
	return problems
}

// Crossings counts the pairs of edges whose drawn lines cross, from the geometry: each
// curve is followed as a polyline of fine steps, and two edges that meet only where they
// share an end (a port or an arrowhead's tip) do not count.
func Crossings(lay Layout) int {
	const steps = 24
	polys := make([][]Point, len(lay.Edges))
	for i, e := range lay.Edges {
		for j, c := range e.Curves {
			for s := 0; s <= steps; s++ {
				if s == 0 && j > 0 {
					continue
				}
				polys[i] = append(polys[i], c.At(float64(s)/steps))
			}
		}
	}
	near := func(p, q Point) bool { return math.Hypot(p.X-q.X, p.Y-q.Y) < 1.5 }
	n := 0
	for i := range polys {
		for j := i + 1; j < len(polys); j++ {
			a, b := lay.Edges[i], lay.Edges[j]
			shared := []Point{}
			for _, p := range []Point{a.Start, a.End} {
				for _, q := range []Point{b.Start, b.End} {
					if near(p, q) {
						shared = append(shared, p)
					}
				}
			}
			if polylinesCross(polys[i], polys[j], shared, near) {
				n++
			}
		}
	}
	return n
}

// polylinesCross reports whether two polylines intersect away from the points in skip.
func polylinesCross(a, b []Point, skip []Point, near func(p, q Point) bool) bool {
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			p, ok := segmentsMeet(a[i], a[i+1], b[j], b[j+1])
			if !ok {
				continue
			}
			shared := false
			for _, s := range skip {
				// Lines leaving one port run together for a while: skip their first steps.
				if math.Hypot(p.X-s.X, p.Y-s.Y) < 12 {
					shared = true
				}
			}
			if !shared {
				return true
			}
		}
	}
	return false
}

// segmentsMeet returns the point where segments pq and rs cross, if they do.
func segmentsMeet(p, q, r, s Point) (Point, bool) {
	d := (q.X-p.X)*(s.Y-r.Y) - (q.Y-p.Y)*(s.X-r.X)
	if d == 0 {
		return Point{}, false
	}
	t := ((r.X-p.X)*(s.Y-r.Y) - (r.Y-p.Y)*(s.X-r.X)) / d
	u := ((r.X-p.X)*(q.Y-p.Y) - (r.Y-p.Y)*(q.X-p.X)) / d
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return Point{}, false
	}
	return Point{p.X + t*(q.X-p.X), p.Y + t*(q.Y-p.Y)}, true
}

// Contains reports whether p lies inside r or on its border.
func (r Rect) Contains(p Point) bool {
	return p.X >= r.X && p.X <= r.X+r.W && p.Y >= r.Y && p.Y <= r.Y+r.H
}

// Overlaps reports whether r and s share interior points.
func (r Rect) Overlaps(s Rect) bool {
	return r.X < s.X+s.W && s.X < r.X+r.W && r.Y < s.Y+s.H && s.Y < r.Y+r.H
}

// At is the point at parameter t in [0, 1].
func (c Cubic) At(t float64) Point {
	u := 1 - t
	a, b, d, e := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return Point{
		X: a*c[0].X + b*c[1].X + d*c[2].X + e*c[3].X,
		Y: a*c[0].Y + b*c[1].Y + d*c[2].Y + e*c[3].Y,
	}
}
