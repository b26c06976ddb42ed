package diagram

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// item is a node or a virtual slot of a long edge in one layer.
type item struct {
	node     int // index into Graph.Nodes; -1 for a slot
	layer    int
	lane     int
	up, down []int // items joined to this one in the previous / next layer, once per segment
	// The segments that arrive from the previous layer and leave for the next, in the
	// order of drawing.segs; parallel to up and down.
	upSegs, downSegs []int
	pos              int // index within the layer
	key              float64

	lines []string
	textW float64 // widest line, px
	o, os float64 // start and size along the order axis
}

// lane is a group's band (or, with group -1, the ungrouped nodes, drawn without a band).
type lane struct {
	group         int   // index into Graph.Groups, -1 for the ungrouped nodes
	lo, hi        int   // layers spanned
	label         label // the group's label, prepared for wrapping in bold
	lines         []string
	textW         float64 // widest header line, px
	head          float64 // header size along the order axis, gap included
	start, extent float64 // along the order axis
}

// segment of an edge's chain between adjacent layers: from item a (layer k) to b (k+1).
type seg struct{ edge, a, b int }

type drawing struct {
	g   Graph
	opt Options

	items  []item
	layers [][]int // item indexes, in order
	keep   []bool
	chains [][]int // per edge: items from the lower layer to the higher
	segs   []seg
	lanes  []lane

	from, to []int // per edge: the indexes of its nodes in Graph.Nodes
	kind     []int // per edge: an index into kinds
	kinds    []string

	labels []label // per node: its label, prepared for wrapping
	boxOf  []int   // per node: its index in lay.Nodes

	// Columns of marks (Graph.Columns): per node its column or -1, per edge whether it
	// is a mark; the strip of columns right of the first layer's labels.
	col   []int
	mark  []bool
	colW  float64
	strip float64

	// Scratch space reused by the hot loops, so that they do not allocate.
	text   textBuf
	intBuf []int

	// metrics
	fs, lh, padX, padY float64
	// along the layer axis
	rankStart, rankSize []float64

	lay Layout
}

// Spacing, in pixels. Names say along which axis: rank is the axis of the layers (x),
// order is the axis along a layer (y).
const (
	margin      = 8.0
	lanePadRank = 12.0 // band beyond the boxes, into the gap
	lanePadOrd  = 8.0  // band beyond the first and last box
	laneGap     = 12.0 // between two bands in one layer
	slotSize    = 2.0  // a long edge's slot
	arrowLen    = 7.0
	arrowHalf   = 3.5
	stripPad    = 4.0  // between a first-layer box and its columns of marks, and after them
	portInset   = 5.0  // edge ends keep this far from a box's corners
	textSlack   = 1.05 // boxes are 5 % wider than the measured text, for other fonts
)

func build(g Graph, opt Options) (*drawing, error) {
	index, groupIndex, err := validate(g)
	if err != nil {
		return nil, err
	}
	d := &drawing{g: g, opt: opt, fs: opt.FontSize}
	d.lh = 1.3 * d.fs
	d.padX = 0.75 * d.fs
	d.padY = 0.4 * d.fs

	// Lanes: groups with nodes in the order of Graph.Groups, then the ungrouped nodes.
	laneOf := make([]int, len(g.Nodes))
	laneOfGroup := make([]int, len(g.Groups))
	hasNodes := make([]bool, len(g.Groups))
	for _, n := range g.Nodes {
		if n.Group != "" {
			hasNodes[groupIndex[n.Group]] = true
		}
	}
	for gi := range g.Groups {
		if hasNodes[gi] {
			laneOfGroup[gi] = len(d.lanes)
			d.lanes = append(d.lanes, lane{group: gi, lo: math.MaxInt, hi: -1})
		}
	}
	d.col = slices.Repeat([]int{-1}, len(g.Nodes))
	for c, id := range g.Columns {
		d.col[index[id]] = c
	}
	ungrouped := -1
	for i, n := range g.Nodes {
		if d.col[i] >= 0 {
			continue
		}
		if n.Group == "" {
			if ungrouped < 0 {
				ungrouped = len(d.lanes)
				d.lanes = append(d.lanes, lane{group: -1, lo: math.MaxInt, hi: -1})
			}
			laneOf[i] = ungrouped
		} else {
			laneOf[i] = laneOfGroup[groupIndex[n.Group]]
		}
	}

	d.from, d.to, d.kind = make([]int, len(g.Edges)), make([]int, len(g.Edges)), make([]int, len(g.Edges))
	d.mark = make([]bool, len(g.Edges))
	for e, ed := range g.Edges {
		d.from[e], d.to[e] = index[ed.From], index[ed.To]
		d.mark[e] = d.col[d.from[e]] >= 0 || d.col[d.to[e]] >= 0
		// Edge kinds are a small vocabulary: a linear search beats a map.
		k := slices.Index(d.kinds, ed.Kind)
		if k < 0 {
			k = len(d.kinds)
			d.kinds = append(d.kinds, ed.Kind)
		}
		d.kind[e] = k
	}

	layerOf, order, keep, err := d.assignLayers(index, laneOf)
	if err != nil {
		return nil, err
	}
	d.keep = keep
	d.layers = make([][]int, len(keep))
	d.items = make([]item, 0, len(order)+len(g.Edges))
	for _, i := range order {
		d.items = append(d.items, item{node: i, layer: layerOf[i], lane: laneOf[i]})
	}
	// Carve the layers out of one array, each with room for its nodes and for the
	// slots of the long edges added below.
	{
		size := make([]int, len(d.layers))
		for _, it := range d.items {
			size[it.layer]++
		}
		total := len(d.items)
		for e := range g.Edges {
			if d.mark[e] {
				continue
			}
			a, b := layerOf[d.from[e]], layerOf[d.to[e]]
			for k := min(a, b) + 1; k < max(a, b); k++ {
				size[k]++
				total++
			}
		}
		flat := make([]int, total)
		for k := range d.layers {
			d.layers[k], flat = flat[:0:size[k]], flat[size[k]:]
		}
	}
	for v, it := range d.items {
		d.layers[it.layer] = append(d.layers[it.layer], v)
	}
	itemOf := make([]int, len(g.Nodes))
	for k, it := range d.items {
		itemOf[it.node] = k
	}
	for _, it := range d.items {
		l := &d.lanes[it.lane]
		l.lo, l.hi = min(l.lo, it.layer), max(l.hi, it.layer)
	}

	// Chains: long edges get a slot in every layer they cross, in the band of an
	// endpoint that spans that layer, else in the band of the lower end.
	d.chains = make([][]int, len(g.Edges))
	d.segs = make([]seg, 0, len(g.Edges))
	chainBuf := make([]int, 0, 2*len(g.Edges))
	for e := range g.Edges {
		if d.mark[e] {
			continue
		}
		a, b := itemOf[d.from[e]], itemOf[d.to[e]]
		if d.items[a].layer > d.items[b].layer {
			a, b = b, a
		}
		start := len(chainBuf)
		chainBuf = append(chainBuf, a)
		for k := d.items[a].layer + 1; k < d.items[b].layer; k++ {
			ln := d.items[a].lane
			if l := d.lanes[ln]; k < l.lo || k > l.hi {
				if l2 := d.lanes[d.items[b].lane]; k >= l2.lo && k <= l2.hi {
					ln = d.items[b].lane
				}
			}
			d.items = append(d.items, item{node: -1, layer: k, lane: ln})
			d.layers[k] = append(d.layers[k], len(d.items)-1)
			chainBuf = append(chainBuf, len(d.items)-1)
		}
		chainBuf = append(chainBuf, b)
		chain := chainBuf[start:len(chainBuf):len(chainBuf)]
		d.chains[e] = chain
		for i := 0; i+1 < len(chain); i++ {
			d.segs = append(d.segs, seg{edge: e, a: chain[i], b: chain[i+1]})
		}
	}
	d.linkSegments()
	for _, it := range d.items {
		l := &d.lanes[it.lane]
		l.lo, l.hi = min(l.lo, it.layer), max(l.hi, it.layer)
	}
	if g.ArrangeGroups {
		d.arrangeLanes()
	}
	for k := range d.layers {
		d.sortByLane(k)
	}
	d.reduceCrossings()
	return d, nil
}

// linkSegments fills each item's up, down, upSegs and downSegs from d.segs, in its
// order, out of four shared arrays.
func (d *drawing) linkSegments() {
	nUp := make([]int, len(d.items))
	nDown := make([]int, len(d.items))
	for _, s := range d.segs {
		nDown[s.a]++
		nUp[s.b]++
	}
	n := len(d.segs)
	flat := make([]int, 4*n)
	up, down, upSegs, downSegs := flat[:n], flat[n:2*n], flat[2*n:3*n], flat[3*n:]
	for v := range d.items {
		it := &d.items[v]
		it.up, up = up[:0:nUp[v]], up[nUp[v]:]
		it.upSegs, upSegs = upSegs[:0:nUp[v]], upSegs[nUp[v]:]
		it.down, down = down[:0:nDown[v]], down[nDown[v]:]
		it.downSegs, downSegs = downSegs[:0:nDown[v]], downSegs[nDown[v]:]
	}
	for i, s := range d.segs {
		a, b := &d.items[s.a], &d.items[s.b]
		a.down, a.downSegs = append(a.down, s.b), append(a.downSegs, i)
		b.up, b.upSegs = append(b.up, s.a), append(b.upSegs, i)
	}
}

// assignLayers returns each node's layer, the nodes in their starting order (layer by
// layer) and which layers keep their order.
func (d *drawing) assignLayers(index map[string]int, laneOf []int) (layerOf, order []int, keep []bool, err error) {
	g := d.g
	layerOf = make([]int, len(g.Nodes))
	order = make([]int, 0, len(g.Nodes))
	nl := 0
	if g.Layers != nil {
		renumber := make([]int, len(g.Layers))
		for k, l := range g.Layers {
			renumber[k] = -1
			if len(l) > 0 {
				renumber[k] = nl
				nl++
			}
			for _, id := range l {
				layerOf[index[id]] = renumber[k]
				order = append(order, index[id])
			}
		}
		keep = make([]bool, nl)
		for _, k := range g.KeepOrder {
			if renumber[k] >= 0 {
				keep[renumber[k]] = true
			}
		}
		return layerOf, order, keep, nil
	}
	nl = d.longestPath(index, layerOf, laneOf)
	keep = make([]bool, nl)
	for _, k := range g.KeepOrder {
		if k < 0 || k >= nl {
			return nil, nil, nil, fmt.Errorf("diagram: KeepOrder names layer %d; the edges give %d", k, nl)
		}
		keep[k] = true
	}
	for k := range nl {
		for i := range g.Nodes {
			if layerOf[i] == k {
				order = append(order, i)
			}
		}
	}
	return layerOf, order, keep, nil
}

// longestPath layers the graph so that every edge points to a later layer: edges that
// close a cycle (found by depth-first search in input order) are turned round, each node
// goes one layer after its latest predecessor, sources move up next to their earliest
// successor, and nodes without edges fill the layers where their group has fewest nodes.
func (d *drawing) longestPath(index map[string]int, layerOf, laneOf []int) int {
	g := d.g
	n := len(g.Nodes)
	out := make([][]int, n) // edge indexes by source
	for e, ed := range g.Edges {
		out[index[ed.From]] = append(out[index[ed.From]], e)
	}
	reversed := make([]bool, len(g.Edges))
	state := make([]int8, n)
	var dfs func(u int)
	dfs = func(u int) {
		state[u] = 1
		for _, e := range out[u] {
			v := index[g.Edges[e].To]
			switch state[v] {
			case 1:
				reversed[e] = true
			case 0:
				dfs(v)
			}
		}
		state[u] = 2
	}
	for i := range n {
		if state[i] == 0 {
			dfs(i)
		}
	}
	succ := make([][]int, n)
	pred := make([][]int, n)
	for e, ed := range g.Edges {
		a, b := index[ed.From], index[ed.To]
		if reversed[e] {
			a, b = b, a
		}
		succ[a] = append(succ[a], b)
		pred[b] = append(pred[b], a)
	}
	// Kahn's algorithm, lowest input index first.
	indeg := make([]int, n)
	for i := range n {
		indeg[i] = len(pred[i])
	}
	done := make([]bool, n)
	var topo []int
	for len(topo) < n {
		for i := range n {
			if !done[i] && indeg[i] == 0 {
				done[i] = true
				topo = append(topo, i)
				for _, s := range succ[i] {
					indeg[s]--
				}
				break
			}
		}
	}
	for _, v := range topo {
		layerOf[v] = 0
		for _, p := range pred[v] {
			layerOf[v] = max(layerOf[v], layerOf[p]+1)
		}
	}
	for _, v := range slices.Backward(topo) {
		if len(pred[v]) == 0 && len(succ[v]) > 0 {
			m := math.MaxInt
			for _, s := range succ[v] {
				m = min(m, layerOf[s])
			}
			layerOf[v] = m - 1
		}
	}
	nl := 1
	count := make(map[[2]int]int) // lane, layer -> nodes
	for i := range n {
		if len(pred[i])+len(succ[i]) > 0 {
			nl = max(nl, layerOf[i]+1)
			count[[2]int{laneOf[i], layerOf[i]}]++
		}
	}
	for i := range n {
		if len(pred[i])+len(succ[i]) > 0 {
			continue
		}
		best := 0
		for k := 1; k < nl; k++ {
			if count[[2]int{laneOf[i], k}] < count[[2]int{laneOf[i], best}] {
				best = k
			}
		}
		layerOf[i] = best
		count[[2]int{laneOf[i], best}]++
	}
	return nl
}

// arrangeLanes orders the bands as the nodes fall when no band holds them: it reduces
// crossings with every item in one lane, then sorts the bands by the mean relative
// position of their items. Bands without edges keep their order, after the others, and
// the ungrouped nodes stay last.
func (d *drawing) arrangeLanes() {
	lanes := make([]int, len(d.items))
	for v := range d.items {
		lanes[v], d.items[v].lane = d.items[v].lane, 0
	}
	for k := range d.layers {
		d.renumber(k)
	}
	d.reduceCrossings()
	sum := make([]float64, len(d.lanes))
	n := make([]int, len(d.lanes))
	for k, l := range d.layers {
		for _, v := range l {
			if len(d.items[v].up)+len(d.items[v].down) > 0 {
				sum[lanes[v]] += (float64(d.items[v].pos) + 0.5) / float64(len(d.layers[k]))
				n[lanes[v]]++
			}
		}
	}
	order := make([]int, len(d.lanes))
	key := make([]float64, len(d.lanes))
	for ln := range d.lanes {
		order[ln] = ln
		switch {
		case d.lanes[ln].group < 0:
			key[ln] = 3
		case n[ln] == 0:
			key[ln] = 2
		default:
			key[ln] = sum[ln] / float64(n[ln])
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key[a], key[b]) })
	order = d.unblock(order, lanes)
	newLane := make([]int, len(d.lanes))
	sorted := make([]lane, len(d.lanes))
	for i, ln := range order {
		newLane[ln] = i
		sorted[i] = d.lanes[ln]
	}
	d.lanes = sorted
	for v := range d.items {
		d.items[v].lane = newLane[lanes[v]]
	}
}

// unblock improves a stacking order of the lanes (order[i] is the i-th lane) by moving
// one lane at a time, for as long as a move lowers the number of edges that must pass a
// band between their own two (one spanning a gap the edge crosses), then the total
// distance, in the order, between the lanes of each edge's ends. lanes gives each
// item's lane.
func (d *drawing) unblock(order, lanes []int) []int {
	rank := make([]int, len(order))
	cost := func(order []int) (blocked, span int) {
		for i, ln := range order {
			rank[ln] = i
		}
		for _, s := range d.chains {
			if len(s) == 0 {
				continue // a mark
			}
			a, b := s[0], s[len(s)-1]
			ra, rb := rank[lanes[a]], rank[lanes[b]]
			if ra > rb {
				ra, rb = rb, ra
			}
			span += rb - ra
			ka, kb := d.items[a].layer, d.items[b].layer
			for _, c := range order[min(ra+1, rb):rb] {
				if l := d.lanes[c]; l.group >= 0 && l.lo < kb && l.hi > ka {
					blocked++
				}
			}
		}
		return blocked, span
	}
	bb, bs := cost(order)
	try := make([]int, len(order))
	for improved := true; improved; {
		improved = false
		for i := range order {
			for j := range order {
				if i == j {
					continue
				}
				// Move the lane at i to position j.
				try = append(try[:0], order[:i]...)
				try = append(try, order[i+1:]...)
				try = slices.Insert(try, j, order[i])
				if b, s := cost(try); b < bb || (b == bb && s < bs) {
					order, try = try, order
					bb, bs, improved = b, s, true
				}
			}
		}
	}
	return order
}

// sortByLane makes the lanes contiguous in layer k, keeping the order within each.
func (d *drawing) sortByLane(k int) {
	slices.SortStableFunc(d.layers[k], func(a, b int) int {
		return cmp.Compare(d.items[a].lane, d.items[b].lane)
	})
	d.renumber(k)
}

func (d *drawing) renumber(k int) {
	for i, v := range d.layers[k] {
		d.items[v].pos = i
	}
}

// reduceCrossings alternates barycenter sweeps down and up the layers, keeps the best
// order seen, and finishes with swaps of neighbours that reduce crossings.
func (d *drawing) reduceCrossings() {
	snapshot := func() [][]int {
		s := make([][]int, len(d.layers))
		for k, l := range d.layers {
			s[k] = slices.Clone(l)
		}
		return s
	}
	bestC := d.crossings()
	if bestC == 0 {
		// Nothing to improve, and the layers are numbered: only the swaps remain.
		d.transpose()
		d.lay.Crossings = d.crossings()
		return
	}
	best := snapshot()
	stale := 0
	for it := 0; it < 32 && bestC > 0 && stale < 6; it++ {
		if it%2 == 0 {
			for k := 1; k < len(d.layers); k++ {
				d.sweep(k, true)
			}
		} else {
			for k := len(d.layers) - 2; k >= 0; k-- {
				d.sweep(k, false)
			}
		}
		if c := d.crossings(); c < bestC {
			best, bestC, stale = snapshot(), c, 0
		} else {
			stale++
		}
	}
	d.layers = best
	for k := range d.layers {
		d.renumber(k)
	}
	d.transpose()
	d.lay.Crossings = d.crossings()
}

// sweep orders layer k by the mean relative position of each item's neighbours in the
// layer above (up) or below; an item without such neighbours keeps its own relative
// position.
func (d *drawing) sweep(k int, up bool) {
	if d.keep[k] {
		return
	}
	other := k + 1
	if up {
		other = k - 1
	}
	nOther := float64(len(d.layers[other]))
	nOwn := float64(len(d.layers[k]))
	for _, v := range d.layers[k] {
		it := &d.items[v]
		nb := it.down
		if up {
			nb = it.up
		}
		if len(nb) == 0 {
			it.key = (float64(it.pos) + 0.5) / nOwn
			continue
		}
		s := 0.0
		for _, w := range nb {
			s += (float64(d.items[w].pos) + 0.5) / nOther
		}
		it.key = s / float64(len(nb))
	}
	slices.SortStableFunc(d.layers[k], func(a, b int) int {
		ia, ib := &d.items[a], &d.items[b]
		return cmp.Or(cmp.Compare(ia.lane, ib.lane), cmp.Compare(ia.key, ib.key), cmp.Compare(ia.pos, ib.pos))
	})
	d.renumber(k)
}

// crossings counts pairs of segments that cross between adjacent layers.
func (d *drawing) crossings() int {
	n := 0
	for k := 0; k+1 < len(d.layers); k++ {
		// ends holds pairs: the positions of a segment's upper and lower item.
		ends := d.intBuf[:0]
		for _, v := range d.layers[k] {
			for _, w := range d.items[v].down {
				ends = append(ends, d.items[v].pos, d.items[w].pos)
			}
		}
		d.intBuf = ends
		for i := 0; i < len(ends); i += 2 {
			a0, a1 := ends[i], ends[i+1]
			for j := i + 2; j < len(ends); j += 2 {
				b0, b1 := ends[j], ends[j+1]
				if (a0 < b0 && a1 > b1) || (a0 > b0 && a1 < b1) {
					n++
				}
			}
		}
	}
	return n
}

// pairCrossings counts crossings among the segments of v and w if v is just before w.
func (d *drawing) pairCrossings(v, w int) int {
	n := 0
	count := func(a, b []int) {
		for _, x := range a {
			for _, y := range b {
				if d.items[x].pos > d.items[y].pos {
					n++
				}
			}
		}
	}
	count(d.items[v].up, d.items[w].up)
	count(d.items[v].down, d.items[w].down)
	return n
}

func (d *drawing) transpose() {
	for round := 0; round < 32; round++ {
		improved := false
		for k, l := range d.layers {
			if d.keep[k] {
				continue
			}
			for i := 0; i+1 < len(l); i++ {
				v, w := l[i], l[i+1]
				if d.items[v].lane != d.items[w].lane {
					continue
				}
				if d.pairCrossings(v, w) > d.pairCrossings(w, v) {
					l[i], l[i+1] = w, v
					d.items[v].pos, d.items[w].pos = i+1, i
					improved = true
				}
			}
		}
		if !improved {
			return
		}
	}
}

// place sizes the boxes, positions layers, bands and boxes, routes the edges and lays
// out the legend, filling d.lay.
func (d *drawing) place() {
	d.sizeBoxes()
	d.placeRanks()
	d.placeLanes()
	d.fillLayout()
	d.route()
	d.translate()
	d.placeLegend()
}

func (d *drawing) units(px float64) int { return int(px * 1000 / d.fs) }
func (d *drawing) px(units int) float64 { return float64(units) * d.fs / 1000 }

// portGroups splits the ends of a side of item v into ports, keeping their order: with
// arrows, the heads of one kind of edge at a node share a port (and draw one arrowhead);
// every other end has a port of its own. It sets group[i] to the port of ends[i] and
// returns the number of ports. group and head (per edge kind) are scratch space.
func (d *drawing) portGroups(v int, ends []int, group, head []int) int {
	n := 0
	node := d.items[v].node
	for i := range head {
		head[i] = -1
	}
	for i, s := range ends {
		e := d.segs[s].edge
		if d.opt.Arrows && node >= 0 && d.to[e] == node {
			k := d.kind[e]
			if head[k] >= 0 {
				group[i] = head[k]
				continue
			}
			head[k] = n
		}
		group[i] = n
		n++
	}
	return n
}

// ports is how many ports item v has on its busier side.
func (d *drawing) ports(v int) int {
	low, high := d.items[v].upSegs, d.items[v].downSegs
	n := max(len(low), len(high))
	buf := d.scratchInts(n + len(d.kinds))
	return max(d.portGroups(v, low, buf[:n], buf[n:]), d.portGroups(v, high, buf[:n], buf[n:]))
}

// scratchInts returns d.intBuf grown to n ints, for use until the next call.
func (d *drawing) scratchInts(n int) []int {
	if cap(d.intBuf) < n {
		d.intBuf = make([]int, n)
	}
	return d.intBuf[:n]
}

// portGap is the least space between two ports of a side.
func (d *drawing) portGap() float64 {
	if d.opt.Arrows {
		return 2*arrowHalf + 2
	}
	return 4
}

// sizeBoxes wraps labels and sets each layer's extent along the rank axis (rankSize) and
// each item's extent along the order axis (os).
func (d *drawing) sizeBoxes() {
	maxUnits := int(d.opt.MaxLabelWidth * 1000)
	d.rankSize = make([]float64, len(d.layers))
	d.labels = make([]label, len(d.g.Nodes))
	size := 0
	for _, n := range d.g.Nodes {
		size += len(n.Label)
	}
	for _, l := range d.lanes {
		if l.group >= 0 {
			size += len(d.g.Groups[l.group].Label)
		}
	}
	d.text.chars = make([]char, 0, size)
	d.text.lines = make([]string, 0, 2*len(d.g.Nodes)+len(d.lanes))
	for i, n := range d.g.Nodes {
		d.labels[i] = d.text.prepare(n.Label, false)
	}
	for ln := range d.lanes {
		if l := &d.lanes[ln]; l.group >= 0 {
			l.label = d.text.prepare(d.g.Groups[l.group].Label, true)
		}
	}
	for k, l := range d.layers {
		colUnits := 0
		for _, v := range l {
			it := &d.items[v]
			if it.node < 0 {
				continue
			}
			lines, w := d.labels[it.node].wrap(maxUnits, d.opt.MaxLines, &d.text)
			it.lines, it.textW = lines, d.px(w)
			colUnits = max(colUnits, w)
		}
		// A group's label wraps inside the column where its band starts, so the
		// column holds the label's longest unbreakable run.
		for ln := range d.lanes {
			if l := &d.lanes[ln]; l.group >= 0 && l.lo == k {
				colUnits = max(colUnits, l.label.longestRun(&d.text))
			}
		}
		// A column is as wide as its widest label; the others may then use
		// fewer lines, balanced. A label on one line stays as it is: it is
		// no wider than the column, so it fits on one line again.
		for _, v := range l {
			it := &d.items[v]
			if it.node < 0 || len(it.lines) == 1 {
				continue
			}
			lines, w := d.labels[it.node].wrap(colUnits, d.opt.MaxLines, &d.text)
			it.lines, it.textW = lines, d.px(w)
		}
		d.rankSize[k] = math.Ceil(d.px(colUnits)*textSlack) + 2*d.padX
		if k == 0 && len(d.g.Columns) > 0 {
			d.colW = math.Ceil(d.lh + 2*d.padY)
			d.strip = float64(len(d.g.Columns))*d.colW + 2*stripPad
			d.rankSize[k] += d.strip
		}
		for _, v := range l {
			it := &d.items[v]
			if it.node < 0 {
				it.os = slotSize
				continue
			}
			textH := float64(len(it.lines))*d.lh + 2*d.padY
			portH := 2*portInset + float64(d.ports(v))*d.portGap()
			it.os = max(textH, portH)
		}
	}
}

// gap is the space between layers k and k+1, wider the more edges cross it.
func (d *drawing) gap(k int) float64 {
	m := 0
	for _, s := range d.segs {
		if d.items[s.a].layer == k {
			m++
		}
	}
	// The gap grows with the edges crossing it, from the least gap to about three times
	// as much.
	g := min(max(56+2.5*float64(m), 72), 200) / 72 * d.opt.Gap
	if d.opt.Arrows {
		g += arrowLen
	}
	return g
}

func (d *drawing) placeRanks() {
	d.rankStart = make([]float64, len(d.layers))
	for k := 1; k < len(d.layers); k++ {
		d.rankStart[k] = d.rankStart[k-1] + d.rankSize[k-1] + d.gap(k-1)
	}
}

func (d *drawing) rankEnd(k int) float64 { return d.rankStart[k] + d.rankSize[k] }

// itemGap is the space between two neighbouring items of a layer.
func (d *drawing) itemGap(a, b int) float64 {
	if d.items[a].node < 0 || d.items[b].node < 0 { // a slot
		return 12
	}
	return 10
}

// placeLanes stacks each layer's items band by band. A band spans its layers with one
// extent, so bands are placed in order, each as early as the bands before it in any of
// its layers allow; within a band each layer's items are centred. Layers whose bands all
// lie in that layer alone are then centred on the tallest layer.
func (d *drawing) placeLanes() {
	for ln := range d.lanes {
		l := &d.lanes[ln]
		if l.group < 0 {
			continue
		}
		// The label heads the band across all its layers.
		lines, w := l.label.wrap(d.units(d.rankEnd(l.hi)-d.rankStart[l.lo]), 1<<20, &d.text)
		l.lines, l.textW = lines, d.px(w)
		l.head = float64(len(lines))*d.lh + 4
	}
	sky := make([]float64, len(d.layers))
	for ln := range d.lanes {
		l := &d.lanes[ln]
		pad := l.pad()
		content := 0.0
		for k := l.lo; k <= l.hi; k++ {
			content = max(content, d.stackSize(d.members(ln, k))+l.head)
		}
		l.extent = content + 2*pad
		start := 0.0
		for k := l.lo; k <= l.hi; k++ {
			start = max(start, sky[k])
		}
		l.start = start
		for k := l.lo; k <= l.hi; k++ {
			sky[k] = start + l.extent + laneGap
		}
		for k := l.lo; k <= l.hi; k++ {
			s := d.members(ln, k)
			o := start + pad + l.head + (content-l.head-d.stackSize(s))/2
			for i, v := range s {
				if i > 0 {
					o += d.itemGap(s[i-1], v)
				}
				d.items[v].o = o
				o += d.items[v].os
			}
		}
	}
	total := 0.0
	for _, l := range d.lanes {
		total = max(total, l.start+l.extent)
	}
	for k := range d.layers {
		alone, used := true, 0.0
		for _, l := range d.lanes {
			if l.lo <= k && k <= l.hi {
				alone = alone && l.lo == l.hi
				used = max(used, l.start+l.extent)
			}
		}
		if !alone {
			continue
		}
		shift := math.Floor((total - used) / 2)
		for ln := range d.lanes {
			if d.lanes[ln].lo == k {
				d.lanes[ln].start += shift
			}
		}
		for _, v := range d.layers[k] {
			d.items[v].o += shift
		}
		// Ungrouped nodes alone in their layer may use its whole length.
		for ln := range d.lanes {
			if l := &d.lanes[ln]; l.group < 0 && l.lo == k && l.hi == k && len(d.members(ln, k)) == len(d.layers[k]) {
				l.start, l.extent = 0, total
			}
		}
	}
	d.relax()
}

// members are the items of lane ln in layer k, in order: a part of d.layers[k], which
// is sorted by lane (sortByLane; sweeps keep it so and transpose swaps only within a
// lane).
func (d *drawing) members(ln, k int) []int {
	l := d.layers[k]
	i := 0
	for i < len(l) && d.items[l[i]].lane != ln {
		i++
	}
	j := i
	for j < len(l) && d.items[l[j]].lane == ln {
		j++
	}
	return l[i:j:j]
}

// stackSize is the length of items s placed one after the other.
func (d *drawing) stackSize(s []int) float64 {
	t := 0.0
	for i, v := range s {
		t += d.items[v].os
		if i > 0 {
			t += d.itemGap(s[i-1], v)
		}
	}
	return t
}

// pad is the band's margin beyond its first and last box; the ungrouped nodes have no
// band.
func (l *lane) pad() float64 {
	if l.group < 0 {
		return 0
	}
	return lanePadOrd
}

// room is the part of lane ln where its items may lie.
func (d *drawing) room(ln int) (lo, hi float64) {
	l := &d.lanes[ln]
	return l.start + l.pad() + l.head, l.start + l.extent - l.pad()
}

// relax moves the items of each layer towards the centres of their neighbours, in
// order and within their band: sweeps over the layers, each solving, for every band of a
// layer, a least-squares placement under the ordering and spacing constraints (isotonic
// regression by pooling adjacent violators, then clamping to the band).
func (d *drawing) relax() {
	maxLayer := 0
	for _, l := range d.layers {
		maxLayer = max(maxLayer, len(l))
	}
	buf := make([]float64, 2*maxLayer)
	var blocks []block
	for it := 0; it < 12; it++ {
		moved := false
		for i := range d.layers {
			k := i
			if it%2 == 1 {
				k = len(d.layers) - 1 - i
			}
			for ln := range d.lanes {
				if l := d.lanes[ln]; k < l.lo || k > l.hi {
					continue
				}
				s := d.members(ln, k)
				if len(s) == 0 {
					continue
				}
				lo, hi := d.room(ln)
				// t[i] is item i's start less its offset in a tight stack; it must not
				// decrease along the stack.
				t, off := buf[:len(s)], buf[maxLayer:maxLayer+len(s)]
				for i, v := range s {
					off[i] = 0
					if i > 0 {
						off[i] = off[i-1] + d.items[s[i-1]].os + d.itemGap(s[i-1], v)
					}
					want, n := 0.0, len(d.items[v].up)+len(d.items[v].down)
					for _, w := range d.items[v].up {
						want += d.center(w)
					}
					for _, w := range d.items[v].down {
						want += d.center(w)
					}
					if n == 0 {
						t[i] = d.items[v].o - off[i]
						continue
					}
					t[i] = want/float64(n) - d.items[v].os/2 - off[i]
				}
				blocks = isotonic(t, blocks)
				last := hi - (off[len(s)-1] + d.items[s[len(s)-1]].os)
				for i, v := range s {
					o := min(max(t[i], lo), last) + off[i]
					moved = moved || o != d.items[v].o
					d.items[v].o = o
				}
			}
		}
		// Each step depends only on the positions: a sweep that moved nothing
		// leaves every later one nothing to move.
		if !moved {
			break
		}
	}
}

// block is a run of values pooled by isotonic: their sum and count.
type block struct {
	sum float64
	n   int
}

// isotonic replaces y by the non-decreasing sequence nearest to it in least squares.
// st is scratch space, returned for reuse.
func isotonic(y []float64, st []block) []block {
	st = st[:0]
	for _, v := range y {
		st = append(st, block{v, 1})
		for len(st) > 1 {
			a, b := st[len(st)-2], st[len(st)-1]
			if a.sum/float64(a.n) <= b.sum/float64(b.n) {
				break
			}
			st = append(st[:len(st)-2], block{a.sum + b.sum, a.n + b.n})
		}
	}
	i := 0
	for _, b := range st {
		for range b.n {
			y[i] = b.sum / float64(b.n)
			i++
		}
	}
	return st
}

// center is the middle of item v along the order axis.
func (d *drawing) center(v int) float64 { return d.items[v].o + d.items[v].os/2 }

// box is the rectangle of an item.
func (d *drawing) box(v int) Rect {
	it := &d.items[v]
	return Rect{X: d.rankStart[it.layer], Y: it.o, W: d.rankSize[it.layer], H: it.os}
}

func (d *drawing) fillLayout() {
	d.lay.FontSize, d.lay.PadX, d.lay.PadY, d.lay.LineHeight = d.fs, d.padX, d.padY, d.lh
	d.lay.Nodes = make([]NodeBox, 0, len(d.g.Nodes))
	d.boxOf = make([]int, len(d.g.Nodes))
	d.columnHeads()
	for k, l := range d.layers {
		idx := 0
		for _, v := range l {
			it := &d.items[v]
			if it.node < 0 {
				continue
			}
			d.boxOf[it.node] = len(d.lay.Nodes)
			d.lay.Nodes = append(d.lay.Nodes, NodeBox{
				ID: d.g.Nodes[it.node].ID, Rect: d.box(v), Layer: k, Index: idx, Lines: it.lines,
			})
			idx++
		}
	}
	for _, l := range d.lanes {
		if l.group < 0 {
			continue
		}
		rs, re := d.rankStart[l.lo]-lanePadRank, d.rankEnd(l.hi)+lanePadRank
		gb := GroupBox{ID: d.g.Groups[l.group].ID, Lines: l.lines}
		gb.Rect = Rect{X: rs, Y: l.start, W: re - rs, H: l.extent}
		gb.Label = Point{X: d.rankStart[l.lo], Y: l.start + lanePadOrd + d.baseline()}
		d.lay.Groups = append(d.lay.Groups, gb)
	}
}

// columnHeads lays out the heads of the columns of marks, above the first layer: each
// a box as wide as a line, its label set upwards on one line.
func (d *drawing) columnHeads() {
	if len(d.g.Columns) == 0 {
		return
	}
	top := math.Inf(1)
	for _, l := range d.lanes {
		if l.lo == 0 {
			top = min(top, l.start)
		}
	}
	// The heads are as tall as the longest label: first their lines, then their boxes.
	start := len(d.lay.Nodes)
	h := 0.0
	for c, id := range d.g.Columns {
		i := slices.IndexFunc(d.g.Nodes, func(n Node) bool { return n.ID == id })
		lines, w := d.labels[i].wrap(1<<30, 1, &d.text)
		h = max(h, math.Ceil(d.px(w)*textSlack)+2*d.padX)
		d.boxOf[i] = len(d.lay.Nodes)
		d.lay.Nodes = append(d.lay.Nodes, NodeBox{ID: id, Layer: -1, Index: c, Lines: lines, Vertical: true})
	}
	x := d.columnX()
	for c := range d.g.Columns {
		d.lay.Nodes[start+c].Rect = Rect{X: x + float64(c)*d.colW, Y: top - stripPad - h, W: d.colW, H: h}
	}
}

// columnX is where the first column of marks starts.
func (d *drawing) columnX() float64 { return d.rankEnd(0) - d.strip + stripPad }

// baseline is the offset of a text baseline below the top of its line box.
func (d *drawing) baseline() float64 { return d.lh/2 + 0.35*d.fs }

// route draws every edge: a cubic curve across each gap, from a port on the side of one
// box to a port on the facing side of the next, and a straight line through each slot.
// The ports of a side are ordered like the items at their other ends, so edges leave a
// side without crossing each other.
func (d *drawing) route() {
	ports := make([]float64, 2*len(d.segs))
	portLow, portHigh := ports[:len(d.segs)], ports[len(d.segs):]
	// Scratch space for assign, for the busiest side of any item.
	m := 0
	for _, it := range d.items {
		m = max(m, len(it.upSegs), len(it.downSegs))
	}
	buf := make([]int, 4*m+len(d.kinds))
	sorted, group, order, slot, head := buf[:0:m], buf[m:2*m], buf[2*m:3*m], buf[3*m:4*m], buf[4*m:]
	rank := make([]float64, m)
	assign := func(v int, ends []int, out []float64, other func(int) int) {
		ends = append(sorted, ends...)
		slices.SortStableFunc(ends, func(a, b int) int {
			return cmp.Or(cmp.Compare(d.center(other(a)), d.center(other(b))), cmp.Compare(d.segs[a].edge, d.segs[b].edge))
		})
		// A shared port sits at the mean rank of its ends: order the ports by it.
		n := d.portGroups(v, ends, group, head)
		count := slot[:n] // ends per port
		clear(rank[:n])
		clear(count)
		for i := range ends {
			rank[group[i]] += float64(i)
			count[group[i]]++
		}
		for p := range n {
			rank[p] /= float64(count[p])
			order[p] = p
		}
		slices.SortStableFunc(order[:n], func(a, b int) int { return cmp.Compare(rank[a], rank[b]) })
		for i, p := range order[:n] {
			slot[p] = i
		}
		it := &d.items[v]
		nf := float64(n)
		step := 0.0
		if n > 1 && it.node >= 0 {
			step = min((it.os-2*portInset)/(nf-1), 2*d.portGap())
		}
		for j, s := range ends {
			out[s] = d.center(v) + (float64(slot[group[j]])-(nf-1)/2)*step
		}
	}
	for v := range d.items {
		assign(v, d.items[v].upSegs, portLow, func(s int) int { return d.segs[s].a })
		assign(v, d.items[v].downSegs, portHigh, func(s int) int { return d.segs[s].b })
	}
	// Segments of one edge are consecutive in d.segs, in chain order.
	first := make([]int, len(d.g.Edges))
	for i := len(d.segs) - 1; i >= 0; i-- {
		first[d.segs[i].edge] = i
	}
	// The curves and arrowheads of all edges, carved out of one array each: a chain of
	// n items has n-1 segments, each a curve, and n-2 slots, each a straight line.
	lines := 0
	for e := range d.g.Edges {
		if !d.mark[e] {
			lines++
		}
	}
	nCurves := 2*len(d.segs) - lines
	curveBuf := make([]Cubic, 0, nCurves)
	var arrowBuf []Point
	if d.opt.Arrows {
		arrowBuf = make([]Point, 0, 12*len(d.g.Edges))
	}
	if len(d.g.Edges) > 0 { // nil without edges
		d.lay.Edges = make([]EdgePath, 0, len(d.g.Edges))
	}
	for e, ed := range d.g.Edges {
		if d.mark[e] {
			row, c := d.from[e], d.col[d.to[e]]
			if c < 0 {
				row, c = d.to[e], d.col[d.from[e]]
			}
			b := d.lay.Nodes[d.boxOf[row]].Rect
			p := Point{X: d.columnX() + (float64(c)+0.5)*d.colW, Y: b.Y + b.H/2}
			d.lay.Edges = append(d.lay.Edges, EdgePath{From: ed.From, To: ed.To, Kind: ed.Kind, Start: p, End: p, Mark: true})
			continue
		}
		chain := d.chains[e]
		curves := curveBuf[len(curveBuf):len(curveBuf)]
		for i := 0; i+1 < len(chain); i++ {
			s := first[e] + i
			a, b := chain[i], chain[i+1]
			ka, kb := d.items[a].layer, d.items[b].layer
			if i > 0 { // a is a slot: cross its layer straight
				p, q := Point{d.rankStart[ka], portHigh[s]}, Point{d.rankEnd(ka), portHigh[s]}
				curves = append(curves, Cubic{p, p, q, q})
			}
			r0, r1 := d.rankEnd(ka), d.rankStart[kb]
			mid := (r0 + r1) / 2
			curves = append(curves, Cubic{
				{r0, portHigh[s]}, {mid, portHigh[s]}, {mid, portLow[s]}, {r1, portLow[s]},
			})
		}
		if d.g.Nodes[d.items[chain[0]].node].ID != ed.From {
			slices.Reverse(curves)
			for i := range curves {
				c := curves[i]
				curves[i] = Cubic{c[3], c[2], c[1], c[0]}
			}
		}
		curveBuf = curveBuf[:len(curveBuf)+len(curves)]
		curves = curves[:len(curves):len(curves)]
		ep := EdgePath{From: ed.From, To: ed.To, Kind: ed.Kind, Curves: curves,
			Start: curves[0][0], End: curves[len(curves)-1][3]}
		if d.opt.Arrows {
			ep.Head = ed.Head
			a := arrowhead(curves[len(curves)-1], ed.Head)
			arrowBuf = append(arrowBuf, a...)
			ep.Arrow = arrowBuf[len(arrowBuf)-len(a) : len(arrowBuf) : len(arrowBuf)]
		}
		d.lay.Edges = append(d.lay.Edges, ep)
	}
}

// arrowhead is the outline of a head of shape head at the end of c, pointing along its
// last control leg, tip first.
func arrowhead(c Cubic, head Head) []Point {
	tip, from := c[3], c[2]
	if from == tip {
		from = c[0]
	}
	dx, dy := tip.X-from.X, tip.Y-from.Y
	n := math.Hypot(dx, dy)
	dx, dy = dx/n, dy/n
	// at is the point back along the edge from the tip, and across it to the left.
	at := func(back, across float64) Point {
		return Point{tip.X - dx*back - dy*across, tip.Y - dy*back + dx*across}
	}
	switch head.shape() {
	case "diamond":
		return []Point{tip, at(arrowLen*0.75, arrowHalf+0.5), at(arrowLen*1.5, 0), at(arrowLen*0.75, -arrowHalf-0.5)}
	case "circle":
		r := arrowHalf + 0.5
		ps := make([]Point, 12)
		for i := range ps {
			a := 2 * math.Pi * float64(i) / float64(len(ps))
			ps[i] = at(r-r*math.Cos(a), r*math.Sin(a))
		}
		return ps
	case "vee":
		return []Point{tip, at(arrowLen+1, arrowHalf+1), at(arrowLen*0.55, 0), at(arrowLen+1, -arrowHalf-1)}
	}
	return []Point{tip, at(arrowLen, arrowHalf), at(arrowLen, -arrowHalf)}
}

// translate moves everything so that the drawing starts at the margin.
func (d *drawing) translate() {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	grow := func(r Rect) {
		minX, minY = min(minX, r.X), min(minY, r.Y)
		maxX, maxY = max(maxX, r.X+r.W), max(maxY, r.Y+r.H)
	}
	for _, n := range d.lay.Nodes {
		grow(n.Rect)
	}
	for _, e := range d.lay.Edges { // a curve lies within its control points
		for _, c := range e.Curves {
			for _, p := range c {
				grow(Rect{X: p.X, Y: p.Y})
			}
		}
	}
	for _, g := range d.lay.Groups {
		grow(g.Rect)
		for _, l := range g.Lines {
			grow(Rect{X: g.Label.X, Y: g.Label.Y, W: math.Ceil(BoldTextWidth(l, d.fs))})
		}
	}
	dx, dy := margin-minX, margin-minY
	mv := func(p Point) Point { return Point{p.X + dx, p.Y + dy} }
	for i := range d.lay.Nodes {
		r := &d.lay.Nodes[i].Rect
		r.X, r.Y = r.X+dx, r.Y+dy
	}
	for i := range d.lay.Groups {
		g := &d.lay.Groups[i]
		g.Rect.X, g.Rect.Y = g.Rect.X+dx, g.Rect.Y+dy
		g.Label = mv(g.Label)
	}
	for i := range d.lay.Edges {
		e := &d.lay.Edges[i]
		e.Start, e.End = mv(e.Start), mv(e.End)
		for j := range e.Curves {
			for k := range e.Curves[j] {
				e.Curves[j][k] = mv(e.Curves[j][k])
			}
		}
		for j := range e.Arrow {
			e.Arrow[j] = mv(e.Arrow[j])
		}
	}
	d.lay.Width = math.Ceil(maxX - minX + 2*margin)
	d.lay.Height = math.Ceil(maxY - minY + 2*margin)
}

// Legend swatches.
const (
	swatchW     = 28.0
	swatchH     = 16.0
	swatchGap   = 6.0  // between swatch and text
	legendGap   = 20.0 // between items
	legendPad   = 10.0
	legendAbove = 12.0
)

// placeLegend flows the legend items in rows below the drawing, as wide as the drawing
// (at least 320 px), and grows the drawing to hold them.
func (d *drawing) placeLegend() {
	if len(d.g.Legend) == 0 {
		return
	}
	width := max(d.lay.Width-2*margin, 320)
	top := d.lay.Height - margin + legendAbove
	x, y := legendPad, legendPad
	rowH := max(d.lh, swatchH) + 4
	widest := 0.0
	d.lay.Legend = make([]LegendBox, 0, len(d.g.Legend))
	for _, it := range d.g.Legend {
		w := swatchW + swatchGap + math.Ceil(TextWidth(it.Label, d.fs))
		if x > legendPad && x+w+legendPad > width {
			x, y = legendPad, y+rowH
		}
		sw := Rect{X: margin + x, Y: top + y + (rowH-swatchH)/2, W: swatchW, H: swatchH}
		d.lay.Legend = append(d.lay.Legend, LegendBox{
			Item:   it,
			Swatch: sw,
			Text:   Point{X: sw.X + swatchW + swatchGap, Y: top + y + (rowH-d.lh)/2 + d.baseline()},
		})
		widest = max(widest, x+w)
		x += w + legendGap
	}
	frame := Rect{X: margin, Y: top, W: widest + legendPad, H: y + rowH + legendPad}
	d.lay.LegendFrame = frame
	d.lay.Width = max(d.lay.Width, math.Ceil(frame.W+2*margin))
	d.lay.Height = math.Ceil(frame.Y + frame.H + margin)
}
