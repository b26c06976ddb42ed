// Package diagram draws a graph of linked cards as a static SVG figure: computed layout,
// no script, no fonts, the same bytes for the same input.
//
// The caller passes every piece of text, already in the page's language: node labels,
// group labels, legend labels, the title and the description. The package knows nothing
// about schemes or standards; kinds are opaque strings that become CSS classes.
//
// # Layout
//
// Nodes sit in layers, columns from left to right. The caller may
// fix the layers ([Graph.Layers]: e.g. schemes, then standards; or referrers, the card,
// what it refers to); otherwise every edge points to a later layer by longest-path
// layering, with cycles broken by turning edges round, sources moved next to their
// successors, and edge-less nodes spread over the layers where their group has fewest
// nodes. Edges spanning several layers pass through slots (virtual nodes) in the layers
// between. Within each layer, barycenter sweeps (down and up, best order kept) and swaps
// of neighbours reduce crossings; [Graph.KeepOrder] pins the order of chosen layers.
//
// A group is a band across the layers its nodes occupy, labelled at its start; groups
// keep the order of [Graph.Groups], or with [Graph.ArrangeGroups] are ordered as their
// nodes fall when no band holds them, then moved so that as few edges as possible must
// pass a band between their two; ungrouped nodes come after them. Bands are stacked so
// that bands in different layers may sit side by side. Then each layer's
// boxes move towards the centres of their neighbours, in order and inside their band
// (least squares by isotonic regression), which straightens the edges.
//
// All boxes of a column share its width, so an edge between adjacent layers, a cubic curve inside the gap
// between them, cannot cross a box, and a long edge crosses a layer as a straight line
// through its own slot. The ends of a box's edges are spread along its side in the order
// of the boxes at their other ends; with arrows, heads of one kind share one point.
//
// Nodes that very many edges reach may be drawn as columns of marks ([Graph.Columns]):
// a dot on the row of each first-layer node that an edge joins to it, as in a matrix,
// so that the lines that remain are few and can be followed.
//
// Labels are measured with [TextWidth] and wrapped to at most [Options.MaxLines] lines,
// preferring breaks at spaces and brackets, then at Japanese phrase boundaries (after
// hiragana, at a change of script), and following kinsoku rules. In a column every box
// is as wide as the widest label, and as tall as its lines and its edge ends need.
//
// # Output
//
// The SVG is meant to be inlined in an HTML page that links diagram.css; it carries no
// style attribute and no <style> element, so a strict Content-Security-Policy holds. The
// only presentation attributes are the font size the layout was measured at and the text
// anchor. Classes:
//
//	svg.diagram                   the figure
//	g.group.g-<group>             a group band: rect.band and text.group-label
//	g.rules                       with columns: path.row-rule and path.col-rule
//	g.edges > g.edge.k-<kind>     an edge: path.line and, with Options.Arrows, path.arrow;
//	                              an edge to a column: g.edge.mark with circle.dot
//	g.node.k-<kind>.g-<group>     a node; also .muted and .current as set
//	  g.hl                        hidden copies of the node's edges (g.edge.k-<kind>) and
//	                              rings round its neighbours (rect.peer.k-<their kind>),
//	                              for diagram.css to show on :hover and :focus-within
//	  a > rect.box, rect.inner, text.label   (g.nolink instead of a without a URL)
//	g.legend                      rect.legend-frame; g.item.node-item.k-<kind> with
//	                              rect.box and rect.inner, or g.item.edge-item with a
//	                              g.edge.k-<kind>; text.legend-label
//
// rect.inner is a second border 3 px inside the box, hidden unless the stylesheet shows
// it (a double border). Every node carries its own copy of each of its edges, so the
// highlight needs no selector per node and no script.
//
// <kind> and <group> are the caller's strings reduced to [a-z0-9-] (see [ClassName]).
// Each node is an <a href> whose accessible name is its Title or Label; the <svg> is a
// role="group" labelled by its <title> and described by its <desc>; decorations are
// aria-hidden. Focus order is layer by layer, in drawing order.
package diagram

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Node is a box in the diagram.
type Node struct {
	ID    string // unique in the graph
	Label string // visible text, in the page's language; wrapped inside the box
	Title string // optional fuller text for the tooltip and the accessible name; default Label
	URL   string // link target; empty draws the node without a link (not focusable)
	Kind  string // becomes the class k-<kind>
	Group string // a GroupInfo.ID, or empty
	// Muted draws the node subdued (class "muted"), e.g. a withdrawn standard.
	Muted bool
	// Current marks the page's own card (class "current", aria-current="page").
	Current bool
}

// Edge is a line between two nodes, drawn with an arrowhead at To when Options.Arrows is
// set.
type Edge struct {
	From, To string
	Kind     string // becomes the class k-<kind>
	Head     Head   // the arrowhead's shape
}

// Head is the shape of an arrowhead: "" or "triangle", "diamond", "circle" or "vee"
// (a notched arrow); "open-triangle", "open-diamond" and "open-circle" are the same
// shapes for the stylesheet to draw hollow. It becomes the class h-<head> of the head,
// so that kinds of edges differ in more than colour and dashes.
type Head string

// shape is the outline's name, without "open-".
func (h Head) shape() string { return strings.TrimPrefix(string(h), "open-") }

// GroupInfo names a group; the order of Graph.Groups is the order of the bands.
type GroupInfo struct {
	ID    string
	Label string
}

// LegendItem is one entry of the legend, drawn in the order given: a node swatch of Kind
// (subdued if Muted) or, if IsEdge, an edge swatch of Kind.
type LegendItem struct {
	Kind   string
	Label  string
	IsEdge bool
	Head   Head // with IsEdge: the arrowhead of the kind
	Mark   bool // with IsEdge: the dot an edge to a column is drawn as
	Muted  bool
}

// Graph is what to draw.
type Graph struct {
	// ID is unique within the page; it prefixes the ids of <title> and <desc>.
	// Default "diagram".
	ID    string
	Title string // accessible name of the figure
	Desc  string // accessible description
	Nodes []Node
	Edges []Edge
	// Layers optionally fixes the layer of every node: each node ID in exactly one
	// layer; the order within a layer is the starting order. Empty layers are dropped.
	// Edges must join different layers. Nil computes layers from the edges.
	Layers [][]string
	// KeepOrder lists layers (indexes into Layers, or into the computed layers) whose
	// nodes keep their starting order instead of being reordered to reduce crossings.
	// Groups stay contiguous either way.
	KeepOrder []int
	Groups    []GroupInfo
	// Columns lists nodes drawn as columns of marks instead of as boxes at the end of
	// lines: an edge joining a column node to a node of the first layer is a dot in the
	// column, on that node's row, and the column node heads its column, above the first
	// layer, its label set upwards. The columns stand right of the first layer's labels,
	// inside its boxes, and its edges leave after them. Columns are for hubs, nodes with
	// so many edges that their lines would cross most others. Only with Layers;
	// column nodes are in no layer.
	Columns []string
	// ArrangeGroups orders the bands to suit the edges, rather than as Graph.Groups
	// lists them: bands whose nodes are joined lie near each other.
	ArrangeGroups bool
	Legend        []LegendItem
}

// Options are the metrics of the drawing; zero values take the defaults.
type Options struct {
	FontSize      float64 // px; default 13
	MaxLabelWidth float64 // em; a label wider than this wraps; default 14
	MaxLines      int     // default 3; a label that needs more lines widens its box
	Arrows        bool    // draw arrowheads at each edge's To end
	// Gap is the least space between two layers, px; default 72. A narrow form of a
	// figure takes less.
	Gap float64
}

func (o Options) withDefaults() Options {
	if o.FontSize <= 0 {
		o.FontSize = 13
	}
	if o.MaxLabelWidth <= 0 {
		o.MaxLabelWidth = 14
	}
	if o.MaxLines <= 0 {
		o.MaxLines = 3
	}
	if o.Gap <= 0 {
		o.Gap = 72
	}
	return o
}

// Point is a position in SVG user units (CSS pixels), y downwards.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned rectangle.
type Rect struct{ X, Y, W, H float64 }

// NodeBox is a node as laid out.
type NodeBox struct {
	ID    string
	Rect  Rect
	Layer int      // after empty layers are dropped; -1 for the head of a column
	Index int      // position among the layer's nodes; a column's number
	Lines []string // the label as wrapped
	// Vertical is set on the head of a column of marks: its label runs upwards, along
	// Rect.H.
	Vertical bool
}

// Cubic is a cubic Bézier segment from P[0] to P[3]; a straight piece has its control
// points on the line.
type Cubic [4]Point

// EdgePath is an edge as laid out, from its From node's border (Start) to its To node's
// border (End).
type EdgePath struct {
	From, To, Kind string
	Start, End     Point
	Curves         []Cubic // consecutive, from Start to End; none for a mark
	Arrow          []Point // the arrowhead's outline, tip first; nil without arrows
	Head           Head    // the arrowhead's shape
	// Mark is set on an edge to a column (Graph.Columns), drawn as a dot at Start (and
	// End), in the column, on the row of the node at its other end.
	Mark bool
}

// GroupBox is a group's band.
type GroupBox struct {
	ID    string
	Rect  Rect
	Lines []string // the label as wrapped
	Label Point    // baseline start of the first line
}

// LegendBox is a legend entry as laid out.
type LegendBox struct {
	Item   LegendItem
	Swatch Rect
	Text   Point // baseline start
}

// Layout is the geometry Render drew, for tests and for callers that place HTML
// around the figure.
type Layout struct {
	Width, Height float64
	Nodes         []NodeBox  // in drawing and focus order: by layer, then along the layer
	Edges         []EdgePath // in the order of Graph.Edges
	Groups        []GroupBox // in the order of the bands; groups without nodes omitted
	Legend        []LegendBox
	LegendFrame   Rect // zero without a legend
	Crossings     int  // edge crossings between adjacent layers, as counted on the order
	// Metrics used: a label line fits if TextWidth(line, FontSize) <= Rect.W - 2*PadX.
	FontSize, PadX, PadY, LineHeight float64
}

// Render lays g out and draws it as an SVG element. The bytes depend only on g and opt.
func Render(g Graph, opt Options) ([]byte, Layout, error) {
	d, err := build(g, opt.withDefaults())
	if err != nil {
		return nil, Layout{}, err
	}
	d.place()
	return d.svg(), d.lay, nil
}

// ClassName reduces s to a CSS class token: ASCII letters lowered, digits and '-' kept,
// runs of anything else become one '-'; empty input gives "none".
func ClassName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	t := strings.TrimRight(b.String(), "-")
	if t == "" {
		return "none"
	}
	return t
}

// validate checks the graph and returns every problem found, in input order. Without
// problems, it returns the index of each node ID in g.Nodes and of each group ID in
// g.Groups.
func validate(g Graph) (nodes, groups map[string]int, err error) {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	nodes = make(map[string]int, len(g.Nodes))
	groups = make(map[string]int, len(g.Groups))
	for i, gr := range g.Groups {
		if _, dup := groups[gr.ID]; gr.ID == "" {
			add("diagram: a group has an empty ID")
		} else if dup {
			add("diagram: group %q is listed twice", gr.ID)
		} else {
			groups[gr.ID] = i
		}
	}
	for i, n := range g.Nodes {
		if _, dup := nodes[n.ID]; n.ID == "" {
			add("diagram: node %d (%q) has an empty ID", i, n.Label)
			nodes[n.ID] = i
		} else if dup {
			add("diagram: node %q is listed twice", n.ID)
		} else {
			nodes[n.ID] = i
		}
		if _, ok := groups[n.Group]; n.Group != "" && !ok {
			add("diagram: node %q is in group %q, which is not in Graph.Groups", n.ID, n.Group)
		}
	}
	// An edge is listed twice if an earlier edge joins the same nodes with the same
	// kind. The accepted edges are chained by starting node (last, prev: 1 + an edge
	// index, 0 for none), which is cheaper than a map of every edge.
	last := make([]int, len(g.Nodes))
	prev := make([]int, len(g.Edges))
	repeated := func(from int, ed Edge) bool {
		for f := last[from]; f > 0; f = prev[f-1] {
			if g.Edges[f-1].To == ed.To && g.Edges[f-1].Kind == ed.Kind {
				return true
			}
		}
		return false
	}
	for e, ed := range g.Edges {
		from, okFrom := nodes[ed.From]
		_, okTo := nodes[ed.To]
		switch {
		case !okFrom:
			add("diagram: edge %q -> %q starts at an unknown node", ed.From, ed.To)
		case !okTo:
			add("diagram: edge %q -> %q ends at an unknown node", ed.From, ed.To)
		case ed.From == ed.To:
			add("diagram: edge %q -> %q is a loop; drop it", ed.From, ed.To)
		case repeated(from, ed):
			add("diagram: edge %q -> %q (%s) is listed twice", ed.From, ed.To, ed.Kind)
		default:
			prev[e], last[from] = last[from], e+1
		}
	}
	if g.Layers != nil {
		layer := slices.Repeat([]int{-1}, len(g.Nodes)) // by index in nodes: the layer listing it, or -1
		layerOf := func(id string) (int, bool) {
			if i, ok := nodes[id]; ok && layer[i] >= 0 {
				return layer[i], true
			}
			return 0, false
		}
		for i, l := range g.Layers {
			for _, id := range l {
				n, ok := nodes[id]
				if !ok {
					add("diagram: layer %d lists unknown node %q", i, id)
					continue
				}
				if j := layer[n]; j >= 0 {
					add("diagram: node %q is in layers %d and %d", id, j, i)
					continue
				}
				layer[n] = i
			}
		}
		column := map[string]bool{}
		for _, id := range g.Columns {
			column[id] = true
			if _, ok := nodes[id]; !ok {
				add("diagram: column %q is not a node", id)
			} else if k, ok := layerOf(id); ok {
				add("diagram: column %q is in layer %d; a column is in no layer", id, k)
			}
		}
		for _, n := range g.Nodes {
			if _, ok := layerOf(n.ID); !ok && n.ID != "" && !column[n.ID] {
				add("diagram: node %q is in no layer; add it to Graph.Layers", n.ID)
			}
		}
		for _, e := range g.Edges {
			if !column[e.From] && !column[e.To] {
				continue
			}
			other := e.From
			if column[e.From] {
				other = e.To
			}
			if k, ok := layerOf(other); !ok || k != 0 || column[other] {
				add("diagram: edge %q -> %q joins a column to a node outside the first layer", e.From, e.To)
			}
		}
		for _, e := range g.Edges {
			lf, okf := layerOf(e.From)
			lt, okt := layerOf(e.To)
			if okf && okt && lf == lt {
				add("diagram: edge %q -> %q joins two nodes of layer %d; edges must join different layers", e.From, e.To, lf)
			}
		}
		for _, k := range g.KeepOrder {
			if k < 0 || k >= len(g.Layers) {
				add("diagram: KeepOrder names layer %d; there are %d", k, len(g.Layers))
			}
		}
	}
	if len(g.Nodes) == 0 {
		add("diagram: the graph has no nodes")
	}
	if len(g.Columns) > 0 && g.Layers == nil {
		add("diagram: columns of marks need Graph.Layers")
	}
	if g.Title == "" {
		add("diagram: the graph has no Title; it is the figure's accessible name")
	}
	for _, it := range g.Legend {
		if it.Label == "" {
			add("diagram: legend item %q has no label", it.Kind)
		}
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	return nodes, groups, nil
}
