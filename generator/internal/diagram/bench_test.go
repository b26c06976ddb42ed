package diagram

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// schemeNeighbourhood is shaped like the diagram on a scheme's page (see
// render.schemeNeighbourhood): the scheme, a scheme that names it on the left, one it
// names and its nstd standards on the right, a legend of the two edge kinds.
func schemeNeighbourhood(lang string, i, nstd int) Graph {
	labels := schemeLabelsEN
	if lang == "ja" {
		labels = schemeLabelsJA
	}
	stds := standardLabels(lang)
	scheme := func(j int) Node {
		j %= len(labels)
		id := fmt.Sprintf("s-%02d", j)
		return Node{ID: id, Label: labels[j], Title: "2.1." + fmt.Sprint(j) + " " + labels[j],
			URL: "../schemes/" + id + ".html", Kind: schemeKinds[j]}
	}
	me := scheme(i)
	me.Current, me.URL = true, "s.html"
	left, right := scheme(i+5), scheme(i+11)
	g := Graph{ID: "neighbourhood", Title: "関係図: " + me.Label, Desc: "このページの制度又は規格と、それが参照するもの（右）、それを参照するもの（左）。",
		Nodes:  []Node{me, right, left},
		Edges:  []Edge{{From: me.ID, To: right.ID, Kind: "names"}, {From: left.ID, To: me.ID, Kind: "names"}},
		Legend: []LegendItem{{Kind: "lists", Label: "参照する規格", IsEdge: true}, {Kind: "names", Label: "Names another scheme", IsEdge: true}},
	}
	ids := []string{right.ID}
	for k := range nstd {
		j := (i*5 + k*7) % len(stds)
		n := Node{ID: fmt.Sprintf("t-%02d", j), Label: stds[j], Title: stds[j] + " 情報セキュリティ", URL: fmt.Sprintf("../standards/t%02d.html", j), Kind: "standard", Muted: j == 8}
		g.Nodes = append(g.Nodes, n)
		g.Edges = append(g.Edges, Edge{From: me.ID, To: n.ID, Kind: "lists"})
		ids = append(ids, n.ID)
	}
	g.Layers = [][]string{{left.ID}, {me.ID}, ids}
	return g
}

// standardNeighbourhood is shaped like the diagram on a standard's page (see
// render.standardNeighbourhood): nref schemes that list the standard on the left, a
// standard it is based on, and two it relates to on the right.
func standardNeighbourhood(lang string, nref int) Graph {
	labels := schemeLabelsEN
	if lang == "ja" {
		labels = schemeLabelsJA
	}
	stds := standardLabels(lang)
	me := Node{ID: "t-00", Label: stds[0], Title: stds[0] + " 情報セキュリティマネジメントシステム", URL: "t.html", Kind: "standard", Current: true}
	g := Graph{ID: "neighbourhood", Title: "Neighbourhood: " + me.Label, Desc: "This card, what it refers to (right) and what refers to it (left).",
		Nodes:  []Node{me},
		Legend: []LegendItem{{Kind: "lists", Label: "Lists", IsEdge: true}, {Kind: "based-on", Label: "基づく", IsEdge: true}, {Kind: "references", Label: "References", IsEdge: true}},
	}
	var left, right []string
	for j := range nref {
		l := labels[j%len(labels)]
		if j >= len(labels) {
			l += fmt.Sprintf(" %d", j)
		}
		n := Node{ID: fmt.Sprintf("s-%02d", j), Label: l, Title: "2.1." + fmt.Sprint(j) + " " + l, URL: fmt.Sprintf("../schemes/s%02d.html", j), Kind: schemeKinds[j%len(schemeKinds)]}
		g.Nodes = append(g.Nodes, n)
		left = append(left, n.ID)
		g.Edges = append(g.Edges, Edge{From: n.ID, To: me.ID, Kind: "lists"})
	}
	rel := func(j int, kind string, incoming bool) {
		n := Node{ID: fmt.Sprintf("t-%02d", j), Label: stds[j], URL: fmt.Sprintf("t%02d.html", j), Kind: "standard", Muted: j == 9}
		g.Nodes = append(g.Nodes, n)
		if incoming {
			left = append(left, n.ID)
			g.Edges = append(g.Edges, Edge{From: n.ID, To: me.ID, Kind: kind})
		} else {
			right = append(right, n.ID)
			g.Edges = append(g.Edges, Edge{From: me.ID, To: n.ID, Kind: kind})
		}
	}
	rel(4, "based-on", true)
	rel(1, "references", false)
	rel(9, "references", false)
	rel(26, "based-on", false)
	g.Layers = [][]string{left, {me.ID}, right}
	return g
}

// figure11 is Figure 1-1 as render.schemeGraph builds it.
func figure11(lang string) Graph {
	g := bipartite(lang)
	g.KeepOrder = []int{0}
	return g
}

type benchCase struct {
	name string
	g    Graph
	opt  Options
}

// benchCases are the diagrams the site draws, in the proportions that matter: one
// neighbourhood per scheme and standard page, one Figure 1-1 and one family figure.
func benchCases() []benchCase {
	arrows := Options{Arrows: true}
	return []benchCase{
		{"scheme-nb-ja-3", schemeNeighbourhood("ja", 2, 3), arrows},
		{"scheme-nb-en-6", schemeNeighbourhood("en", 9, 6), arrows},
		{"standard-nb-ja-24", standardNeighbourhood("ja", 24), arrows},
		{"standard-nb-en-8", standardNeighbourhood("en", 8), arrows},
		{"figure11-ja", figure11("ja"), Options{}},
		{"families-en", families(), arrows},
	}
}

// BenchmarkRender renders each kind of diagram the site draws:
//
//	go test ./generator/internal/diagram -run '^$' -bench Render -benchmem -benchtime 200x
func BenchmarkRender(b *testing.B) {
	for _, c := range benchCases() {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Render(c.g, c.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var corpusDir = flag.String("corpus", "", "directory to write the SVG and layout of every corpus graph into, to compare two versions of the package byte for byte (a development aid)")

// corpus is the benchmark graphs, the test graphs, and many seeded random graphs of
// every shape, with varied options.
func corpus() []benchCase {
	cases := benchCases()
	for _, lang := range []string{"ja", "en"} {
		for i := range 18 {
			cases = append(cases, benchCase{fmt.Sprintf("scheme-nb-%s-%d", lang, i), schemeNeighbourhood(lang, i, 1+i%7), Options{Arrows: true}})
		}
		for _, n := range []int{0, 1, 2, 5, 13, 24, 30} {
			cases = append(cases, benchCase{fmt.Sprintf("standard-nb-%s-%d", lang, n), standardNeighbourhood(lang, n), Options{Arrows: true, MaxLines: 1 + n%3}})
		}
		cases = append(cases, benchCase{"bipartite-" + lang, bipartite(lang), Options{MaxLabelWidth: 9}})
	}
	cases = append(cases,
		benchCase{"small", small(), Options{Arrows: true}},
		benchCase{"neighbourhood", neighbourhood(), Options{Arrows: true}},
		benchCase{"families-narrow", families(), Options{Arrows: true, MaxLabelWidth: 6, Gap: 20, MaxLines: 4}},
		benchCase{"families-big-font", families(), Options{FontSize: 16, MaxLines: 2}},
	)
	words := []string{"", "ISO/IEC 27001", "政府情報システムのためのセキュリティ評価制度（ISMAP）", "CS マーク", "A",
		"Guidelines for Cloud Service Providers", "ｸﾗｳﾄﾞ", "情報セキュリティ管理基準", "PCI DSS <v4> & \"more\"",
		"EU-SEC（EU の HORIZON 2020 におけるプロジェクトの１つ）／EUCC", "Ünïcödé — “quoted” … ©",
		"クラウドコンピューティングコンプライアンスコントロールカタログ（C5）（ドイツ）", "a\tb\nc", "  spaced   out  ",
		"Supercalifragilisticexpialidocious", "한국어 라벨", "Ελληνικά Кириллица", "「括弧」『二重』【隅付き】", "\x01bad\uFFFE"}
	r := rng(11)
	for n := range 1500 {
		nodes := 1 + r.intn(6+n%30)
		g := Graph{ID: fmt.Sprintf("r%d", n), Title: words[r.intn(len(words)-1)+1], Desc: words[r.intn(len(words))]}
		ngroups := r.intn(5)
		for i := range ngroups {
			g.Groups = append(g.Groups, GroupInfo{ID: fmt.Sprintf("g %d", i), Label: words[1+r.intn(len(words)-1)]})
		}
		nlayers := 1 + r.intn(5)
		fixed := r.intn(2) == 0
		if fixed {
			g.Layers = make([][]string, nlayers)
		}
		for i := range nodes {
			id := fmt.Sprintf("n%d", i)
			nd := Node{ID: id, Label: words[r.intn(len(words))], Kind: []string{"scheme", "standard", "law", "Odd Kind!"}[r.intn(4)],
				Muted: r.intn(5) == 0, Current: r.intn(9) == 0}
			if r.intn(6) > 0 {
				nd.URL = id + ".html?a=1&b=2"
			}
			if r.intn(3) == 0 {
				nd.Title = words[r.intn(len(words))]
			}
			if ngroups > 0 && r.intn(4) > 0 {
				nd.Group = fmt.Sprintf("g %d", r.intn(ngroups))
			}
			g.Nodes = append(g.Nodes, nd)
			if fixed {
				k := r.intn(nlayers)
				g.Layers[k] = append(g.Layers[k], id)
			}
		}
		layerOf := map[string]int{}
		for k, l := range g.Layers {
			for _, id := range l {
				layerOf[id] = k
			}
		}
		if fixed && r.intn(2) == 0 {
			g.KeepOrder = []int{r.intn(nlayers)}
		}
		seen := map[Edge]bool{}
		for range r.intn(3 * nodes) {
			e := Edge{From: fmt.Sprintf("n%d", r.intn(nodes)), To: fmt.Sprintf("n%d", r.intn(nodes)), Kind: []string{"lists", "based-on", "refs"}[r.intn(3)]}
			if e.From == e.To || seen[e] || (fixed && layerOf[e.From] == layerOf[e.To]) {
				continue
			}
			seen[e] = true
			g.Edges = append(g.Edges, e)
		}
		for range r.intn(4) {
			g.Legend = append(g.Legend, LegendItem{Kind: []string{"scheme", "lists", "x y"}[r.intn(3)], Label: words[1+r.intn(len(words)-1)], IsEdge: r.intn(2) == 0, Muted: r.intn(3) == 0})
		}
		opt := Options{Arrows: r.intn(2) == 0, MaxLabelWidth: float64(4 + r.intn(12)), MaxLines: 1 + r.intn(3)}
		if r.intn(4) == 0 {
			opt.FontSize = []float64{11, 12.5, 16, 17.3}[r.intn(4)]
		}
		cases = append(cases, benchCase{g.ID, g, opt})
	}
	return cases
}

// TestCorpus writes every corpus graph's SVG and layout (or error) into -corpus:
//
//	go test ./generator/internal/diagram -run Corpus -corpus /tmp/before
//	(change the package)
//	go test ./generator/internal/diagram -run Corpus -corpus /tmp/after
//	diff -r /tmp/before /tmp/after
func TestCorpus(t *testing.T) {
	if *corpusDir == "" {
		t.Skip("no -corpus directory")
	}
	if err := os.MkdirAll(*corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range corpus() {
		svg, lay, err := Render(c.g, c.opt)
		out := fmt.Appendf(svg, "\n%#v\n%v\n", lay, err)
		if err := os.WriteFile(filepath.Join(*corpusDir, c.name+".txt"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
