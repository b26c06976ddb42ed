package diagram

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestTextWidth(t *testing.T) {
	tests := []struct {
		s    string
		want float64 // in em
	}{
		{"", 0},
		{"ISO/IEC 27001", 6.726}, // 278+667+778+278+278+667+722+278+5*556
		{"政府情報", 4},              // ideographs: 1 em each
		{"（ISMAP）", 2 + 3.112},   // full-width brackets, Latin capitals
		{"ｱｲｳ", 1.5},             // half-width katakana
		{"ＡＢ１", 3},               // full-width Latin and digits
		{"iiii", 0.888},          // narrow Latin is not assumed to be 0.5 em
		{"WWWW", 3.776},          // nor is wide Latin
		{"CS マーク", 0.722 + 0.667 + 0.278 + 3}, // mixed
	}
	for _, tt := range tests {
		if have := TextWidth(tt.s, 10); math.Abs(have-tt.want*10) > 1e-9 {
			t.Errorf("TextWidth(%q, 10) = %g, want %g", tt.s, have, tt.want*10)
		}
	}
	if b, r := BoldTextWidth("ISO", 10), TextWidth("ISO", 10); b <= r {
		t.Errorf("bold %g not wider than regular %g", b, r)
	}
	if b, r := BoldTextWidth("国内", 10), TextWidth("国内", 10); b != r {
		t.Errorf("bold CJK %g differs from regular %g", b, r)
	}
}

func TestWrapLabel(t *testing.T) {
	tests := []struct {
		label string
		maxEm float64
		want  []string
	}{
		{"ISO/IEC 27001", 14, []string{"ISO/IEC 27001"}},
		{"ISMS クラウドセキュリティ認証", 14, []string{"ISMS", "クラウドセキュリティ認証"}},
		{"政府情報システムのためのセキュリティ評価制度（ISMAP）", 14,
			[]string{"政府情報システムのための", "セキュリティ評価制度", "（ISMAP）"}},
		{"総務省によるクラウド事業者のためのガイドライン", 14, []string{"総務省によるクラウド", "事業者のためのガイドライン"}},
		{"プライバシーフレームワーク", 8, []string{"プライバシー", "フレームワーク"}},
		{"Information system Security Management and Assessment Program (ISMAP)", 14,
			[]string{"Information system Security", "Management and Assessment", "Program (ISMAP)"}},
		// An unbreakable word wider than the limit widens the box instead of overflowing.
		{"Supercalifragilisticexpialidocious", 5, []string{"Supercalifragilisticexpialidocious"}},
		// More than three lines' worth: widened to three.
		{"一二三四五六七八九十一二三四五六七八九十", 4, []string{"一二三四五六七", "八九十一二三四", "五六七八九十"}},
	}
	for _, tt := range tests {
		have, w := wrapLabel(tt.label, false, int(tt.maxEm*1000), 3)
		if !slices.Equal(have, tt.want) {
			t.Errorf("wrapLabel(%q, %g em):\nhave %q\nwant %q", tt.label, tt.maxEm, have, tt.want)
		}
		widest := 0
		for _, l := range have {
			widest = max(widest, textUnits(l, false))
		}
		if w != widest {
			t.Errorf("wrapLabel(%q): reported width %d, widest line %d", tt.label, w, widest)
		}
	}
}

// TestKinsoku checks the Japanese line-breaking rules on every break the wrapper may
// take: no line starts with a closing bracket or small kana, none ends with an opening
// bracket.
func TestKinsoku(t *testing.T) {
	labels := []string{
		"EU-SEC（EU の HORIZON 2020 におけるプロジェクトの１つ）／EUCC",
		"クラウドコンピューティングコンプライアンスコントロールカタログ（C5）（ドイツ）",
		"政府機関等のサイバーセキュリティ対策のための統一基準群",
		"情報技術－セキュリティ技術－「ISO/IEC 27002」に基づく、クラウドサービスのための情報セキュリティ管理策の実践の規範",
	}
	for _, l := range labels {
		for em := 2; em <= 20; em++ {
			lines, _ := wrapLabel(l, false, em*1000, 3)
			for i, line := range lines {
				first, _ := firstRune(line)
				last := []rune(line)[len([]rune(line))-1]
				if i > 0 && strings.ContainsRune(noStart, first) {
					t.Errorf("%q at %d em: line %q starts with %q", l, em, line, first)
				}
				if i < len(lines)-1 && strings.ContainsRune(noEnd, last) {
					t.Errorf("%q at %d em: line %q ends with %q", l, em, line, last)
				}
			}
			if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(l, " ", "") {
				t.Errorf("%q at %d em: lines %q lose text", l, em, lines)
			}
		}
	}
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

func TestClassName(t *testing.T) {
	for in, want := range map[string]string{
		"scheme": "scheme", "based-on": "based-on", "Cloud Computing": "cloud-computing",
		"": "none", "国内": "none", "a__b": "a-b", "x!": "x",
	} {
		if have := ClassName(in); have != want {
			t.Errorf("ClassName(%q) = %q, want %q", in, have, want)
		}
	}
}

// small is the golden fixture: two groups of schemes, standards with a withdrawn one,
// a label that wraps, arrows, a legend.
func small() Graph {
	return Graph{
		ID:    "fig-small",
		Title: "Schemes & standards",
		Desc:  "Which standards each scheme refers to.",
		Nodes: []Node{
			{ID: "ismap", Label: "政府情報システムのためのセキュリティ評価制度（ISMAP）", URL: "schemes/ismap.html", Kind: "scheme", Group: "domestic"},
			{ID: "fisc", Label: "金融分野のガイドライン", URL: "schemes/fisc.html", Kind: "guideline", Group: "domestic"},
			{ID: "nis2", Label: "NIS2 Directive", URL: "schemes/nis2.html", Kind: "law", Group: "foreign"},
			{ID: "27001", Label: "ISO/IEC 27001", Title: "Information security management systems", URL: "standards/27001.html", Kind: "standard"},
			{ID: "27017", Label: "ISO/IEC 27017", URL: "standards/27017.html", Kind: "standard"},
			{ID: "17788", Label: "ISO/IEC 17788", URL: "standards/17788.html", Kind: "standard", Muted: true},
			{ID: "pci", Label: "PCI DSS <v4>", URL: "standards/pci.html?a=1&b=2", Kind: "standard"},
		},
		Edges: []Edge{
			{From: "ismap", To: "27001", Kind: "lists"},
			{From: "ismap", To: "27017", Kind: "lists"},
			{From: "fisc", To: "27001", Kind: "lists"},
			{From: "fisc", To: "pci", Kind: "lists"},
			{From: "nis2", To: "27001", Kind: "lists"},
			{From: "nis2", To: "17788", Kind: "references"},
		},
		Layers: [][]string{{"ismap", "fisc", "nis2"}, {"27001", "27017", "17788", "pci"}},
		Groups: []GroupInfo{{ID: "domestic", Label: "国内"}, {ID: "foreign", Label: "諸外国"}},
		Legend: []LegendItem{
			{Kind: "scheme", Label: "制度"}, {Kind: "guideline", Label: "ガイドライン類"},
			{Kind: "law", Label: "法令・指令"}, {Kind: "standard", Label: "規格"},
			{Kind: "standard", Label: "廃止", Muted: true},
			{Kind: "lists", Label: "参照", IsEdge: true}, {Kind: "references", Label: "言及", IsEdge: true},
		},
	}
}

func TestGolden(t *testing.T) {
	svg, lay, err := Render(small(), Options{Arrows: true})
	if err != nil {
		t.Fatal(err)
	}
	checkLayout(t, small(), Options{Arrows: true}.withDefaults(), svg, lay)
	golden := filepath.Join("testdata", "small.svg")
	if *update {
		if err := os.WriteFile(golden, svg, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(svg, want) {
		t.Errorf("%s differs (run with -update to accept):\n%s", golden, lineDiff(string(want), string(svg)))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, have string) string {
	w, h := strings.Split(want, "\n"), strings.Split(have, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(h)) && n < 5; i++ {
		var wl, hl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(h) {
			hl = h[i]
		}
		if wl != hl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  have %s\n", i+1, wl, hl)
			n++
		}
	}
	return b.String()
}

// rng is a fixed linear congruential generator: the synthetic graphs are the same on
// every run and every platform.
type rng uint64

func (r *rng) intn(n int) int {
	*r = *r*6364136223846793005 + 1442695040888963407
	return int(uint64(*r>>33) % uint64(n))
}

var (
	schemeLabelsJA = []string{
		"ISMS クラウドセキュリティ認証", "CS マーク", "政府情報システムのためのセキュリティ評価制度（ISMAP）",
		"DX 認定制度", "政府機関等のサイバーセキュリティ対策のための統一基準群",
		"総務省によるクラウド事業者のためのガイドライン", "医療分野のガイドライン", "金融分野のガイドライン",
		"CSA STAR（本部：米国）", "ECE StarAudit Certification（本部：ルクセンブルク）",
		"EU-SEC（EU の HORIZON 2020 におけるプロジェクトの１つ）／EUCC",
		"FedRAMP（米国政府）", "G-Cloud（英国政府）", "NIS 指令（EU）", "NIS2 指令（EU）",
		"クラウドコンピューティングコンプライアンスコントロールカタログ（C5）（ドイツ）",
		"IRAP（オーストラリア）", "MTCS（シンガポール）",
	}
	schemeLabelsEN = []string{
		"ISMS Cloud Security Certification", "CS Mark",
		"Information system Security Management and Assessment Program (ISMAP)",
		"DX Certification Program", "Common Standards for Cybersecurity Measures for Government Agencies and Related Agencies",
		"Guidelines for Cloud Service Providers by the Ministry of Internal Affairs and Communications",
		"Guidelines in the Medical Sector", "Guidelines in the Financial Sector",
		"CSA STAR (Headquarters: United States)", "ECE StarAudit Certification (Headquarters: Luxembourg)",
		"EU-SEC (One of the Projects under the EU's HORIZON 2020) / EUCC",
		"FedRAMP (US Government)", "G-Cloud (UK Government)", "NIS Directive (EU)", "NIS2 Directive (EU)",
		"Cloud Computing Compliance Controls Catalogue (C5) (Germany)",
		"IRAP (Australia)", "MTCS (Singapore)",
	}
	schemeKinds  = []string{"scheme", "scheme", "scheme", "scheme", "guideline", "guideline", "guideline", "guideline", "scheme", "scheme", "scheme", "scheme", "scheme", "law", "law", "guideline", "scheme", "scheme"}
	schemeGroups = []string{"domestic", "domestic", "domestic", "domestic", "domestic", "domestic", "domestic", "domestic", "international", "international", "international", "foreign", "foreign", "foreign", "foreign", "foreign", "foreign", "foreign"}
)

// standardLabels are 30 designations, some long and some Japanese.
func standardLabels(lang string) []string {
	var out []string
	for _, n := range []string{"27001", "27002", "27005", "27014", "27017", "27018", "27036", "27036-4", "17788", "17789", "20000-1", "22123-1", "22123-2", "29100", "29134", "29151"} {
		out = append(out, "ISO/IEC "+n)
	}
	out = append(out, "ISO 22301", "ISO 31000", "NIST SP 800-53", "NIST SP 800-37", "NIST CSF", "CSA CCM", "SOC2", "PCI DSS", "ISAE 3000")
	if lang == "ja" {
		return append(out, "プライバシーマーク", "サイバーセキュリティ経営ガイドライン", "政府機関等の対策基準策定のためのガイドライン", "情報セキュリティ管理基準", "ＪＩＳ　Ｑ　２７００１")
	}
	return append(out, "PrivacyMark", "Cybersecurity Management Guidelines", "NCSC Cloud Security Principles", "Information Security Management Standards", "Australian Government Information Security Manual")
}

// bipartite is shaped like the survey's figure: 18 schemes in three regions, 30
// standards, about 45 edges.
func bipartite(lang string) Graph {
	labels := schemeLabelsEN
	if lang == "ja" {
		labels = schemeLabelsJA
	}
	g := Graph{ID: "fig", Title: "Schemes and standards", Desc: "Synthetic.",
		Groups: []GroupInfo{{ID: "domestic", Label: "国内 / Domestic"}, {ID: "international", Label: "国際"}, {ID: "foreign", Label: "諸外国 (foreign)"}},
		Legend: []LegendItem{{Kind: "scheme", Label: "Scheme"}, {Kind: "guideline", Label: "Guideline"}, {Kind: "law", Label: "Law"}, {Kind: "standard", Label: "Standard"}, {Kind: "lists", Label: "refers to", IsEdge: true}},
	}
	var left, right []string
	for i, l := range labels {
		id := fmt.Sprintf("s%02d", i)
		g.Nodes = append(g.Nodes, Node{ID: id, Label: l, URL: "schemes/" + id + ".html", Kind: schemeKinds[i], Group: schemeGroups[i]})
		left = append(left, id)
	}
	for i, l := range standardLabels(lang) {
		id := fmt.Sprintf("t%02d", i)
		g.Nodes = append(g.Nodes, Node{ID: id, Label: l, URL: "standards/" + id + ".html", Kind: "standard", Muted: i == 8 || i == 9})
		right = append(right, id)
	}
	g.Layers = [][]string{left, right}
	r := rng(1)
	seen := map[[2]int]bool{}
	for i := range 18 {
		// Every scheme lists ISO/IEC 27001 or 27017, like the real ones, plus one or two more.
		targets := []int{i % 2 * 4}
		for range 1 + r.intn(2) {
			targets = append(targets, r.intn(30))
		}
		for _, t := range targets {
			if !seen[[2]int{i, t}] {
				seen[[2]int{i, t}] = true
				g.Edges = append(g.Edges, Edge{From: left[i], To: right[t], Kind: "lists"})
			}
		}
	}
	return g
}

// families is shaped like the standards family figure: groups, typed edges, a cycle,
// a long edge, many nodes without edges, layers computed.
func families() Graph {
	g := Graph{ID: "fam", Title: "Families"}
	fams := []string{"isms", "controls", "cloud", "pii", "risk", "other"}
	for _, f := range fams {
		g.Groups = append(g.Groups, GroupInfo{ID: f, Label: "ファミリー " + f})
	}
	for i, l := range standardLabels("ja") {
		g.Nodes = append(g.Nodes, Node{ID: fmt.Sprintf("t%02d", i), Label: l, URL: fmt.Sprintf("t%02d.html", i), Kind: "standard", Group: fams[i%len(fams)]})
	}
	for _, e := range [][3]string{
		{"t04", "t01", "based-on"}, {"t05", "t01", "based-on"}, {"t05", "t13", "references"},
		{"t00", "t01", "corresponds-to"}, {"t07", "t06", "part-of"}, {"t11", "t08", "succeeds"},
		{"t12", "t08", "succeeds"}, {"t02", "t17", "specialises"}, {"t14", "t13", "within-framework"},
		{"t15", "t13", "within-framework"}, {"t18", "t00", "corresponds-to"}, {"t18", "t19", "references"},
		{"t19", "t18", "references"}, // a cycle
		{"t20", "t01", "references"}, // spans layers
		{"t21", "t04", "references"}, {"t21", "t05", "references"}, {"t21", "t20", "extends"},
	} {
		g.Edges = append(g.Edges, Edge{From: e[0], To: e[1], Kind: e[2]})
	}
	return g
}

// neighbourhood is one card with what refers to it on the left and what it refers to on
// the right.
func neighbourhood() Graph {
	g := bipartite("ja")
	center := "t00"
	var left, right []string
	var nodes []Node
	var edges []Edge
	for _, e := range g.Edges {
		if e.To == center {
			left = append(left, e.From)
			edges = append(edges, e)
		}
	}
	for _, t := range []string{"t01", "t02", "t13"} {
		right = append(right, t)
		edges = append(edges, Edge{From: center, To: t, Kind: "references"})
	}
	// Against the flow: an edge back from the right, and one that skips the middle.
	edges = append(edges, Edge{From: "t13", To: center, Kind: "references"}, Edge{From: left[0], To: "t02", Kind: "lists"})
	keep := append(append(slices.Clone(left), center), right...)
	for _, n := range g.Nodes {
		if slices.Contains(keep, n.ID) {
			n.Group = ""
			n.Current = n.ID == center
			nodes = append(nodes, n)
		}
	}
	return Graph{ID: "nb", Title: "ISO/IEC 27001", Nodes: nodes, Edges: edges, Layers: [][]string{left, {center}, right}}
}

// withColumns draws the given nodes of the second layer as columns of marks.
func withColumns(g Graph, ids ...string) Graph {
	g.Columns = ids
	g.Layers[1] = slices.DeleteFunc(slices.Clone(g.Layers[1]), func(id string) bool { return slices.Contains(ids, id) })
	g.KeepOrder = []int{0}
	g.Legend = append(g.Legend, LegendItem{Kind: "lists", IsEdge: true, Mark: true, Label: "in the column"})
	return g
}

// TestColumns checks that edges to columns become marks, one per edge, and that only
// the other edges are lines that may cross.
func TestColumns(t *testing.T) {
	g := withColumns(bipartite("en"), "t00", "t04")
	svg, lay, err := Render(g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	marks := 0
	for i, e := range lay.Edges {
		if want := g.Edges[i].To == "t00" || g.Edges[i].To == "t04"; e.Mark != want {
			t.Errorf("edge %s -> %s: mark %v, want %v", e.From, e.To, e.Mark, want)
		}
		if e.Mark {
			marks++
		}
	}
	if n := bytes.Count(svg, []byte(`<g class="edge mark`)); n != 3*marks+1 { // each in the edges, two highlights, and the legend
		t.Errorf("%d marks drawn, want %d", n, 3*marks+1)
	}
	for _, b := range lay.Nodes {
		if (b.ID == "t00" || b.ID == "t04") != b.Vertical {
			t.Errorf("%s: vertical %v", b.ID, b.Vertical)
		}
	}
}

func TestGeometry(t *testing.T) {
	tests := []struct {
		name string
		g    Graph
		opt  Options
	}{
		{"bipartite-ja", bipartite("ja"), Options{}},
		{"bipartite-en", bipartite("en"), Options{}},
		{"bipartite-ja-arrows-keep", func() Graph { g := bipartite("ja"); g.KeepOrder = []int{0}; return g }(), Options{Arrows: true}},
		{"families-lr", families(), Options{Arrows: true}},
		{"families-narrow", families(), Options{Arrows: true, MaxLabelWidth: 6, Gap: 20, MaxLines: 4}},
		{"families-big-font", families(), Options{FontSize: 16, MaxLines: 2}},
		{"neighbourhood", neighbourhood(), Options{Arrows: true}},
		{"bipartite-columns-ja", withColumns(bipartite("ja"), "t00", "t04"), Options{}},
		{"bipartite-columns-en-narrow", withColumns(bipartite("en"), "t00", "t04", "t13"), Options{MaxLabelWidth: 6, Gap: 40, MaxLines: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, lay, err := Render(tt.g, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			checkLayout(t, tt.g, tt.opt.withDefaults(), svg, lay)
			for range 3 {
				again, _, err := Render(tt.g, tt.opt)
				if err != nil || !bytes.Equal(svg, again) {
					t.Fatalf("a second rendering differs (err %v)", err)
				}
			}
		})
	}
}

// checkLayout asserts what every rendering must satisfy.
func checkLayout(t *testing.T, g Graph, opt Options, svg []byte, lay Layout) {
	t.Helper()
	for _, p := range Check(g, opt, lay) {
		t.Error(p)
	}
	checkSVG(t, g, svg, lay)
}

// checkSVG parses the output as XML and checks what the page relies on: the accessible
// structure, one link per node in layout order, no inline style, a hover copy of every
// edge at both of its ends.
func checkSVG(t *testing.T, g Graph, svg []byte, lay Layout) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	ids := map[string]string{} // id -> element
	var labelledBy, describedBy string
	var hrefs, names []string
	inLinkTitle := false
	var stack []xml.StartElement
	hlEdges := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if el.Name.Local != "svg" || el.Name.Space != "http://www.w3.org/2000/svg" {
					t.Fatalf("root element is %v", el.Name)
				}
				if attr(el, "role") != "group" {
					t.Errorf("root role %q, want group", attr(el, "role"))
				}
				labelledBy, describedBy = attr(el, "aria-labelledby"), attr(el, "aria-describedby")
			}
			if el.Name.Local == "style" {
				t.Errorf("the SVG has a <style> element")
			}
			if attr(el, "style") != "" {
				t.Errorf("<%s> has a style attribute", el.Name.Local)
			}
			if id := attr(el, "id"); id != "" {
				if ids[id] != "" {
					t.Errorf("id %q is repeated", id)
				}
				ids[id] = el.Name.Local
			}
			if el.Name.Local == "a" {
				hrefs = append(hrefs, attr(el, "href"))
				names = append(names, "") // filled from its <title> child, its accessible name
			}
			if el.Name.Local == "title" && len(stack) > 0 && stack[len(stack)-1].Name.Local == "a" {
				inLinkTitle = true
			}
			if el.Name.Local == "g" && strings.HasPrefix(attr(el, "class"), "edge ") && len(stack) > 0 && attr(stack[len(stack)-1], "class") == "hl" {
				hlEdges++
			}
			stack = append(stack, el)
		case xml.CharData:
			if inLinkTitle {
				names[len(names)-1] += string(el)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			inLinkTitle = false
		}
	}
	if ids[labelledBy] != "title" {
		t.Errorf("aria-labelledby=%q does not name the <title>", labelledBy)
	}
	if g.Desc != "" && ids[describedBy] != "desc" {
		t.Errorf("aria-describedby=%q does not name the <desc>", describedBy)
	}
	byID := map[string]Node{}
	for _, n := range g.Nodes {
		byID[n.ID] = n
	}
	if len(hrefs) != len(lay.Nodes) {
		t.Fatalf("%d links for %d nodes", len(hrefs), len(lay.Nodes))
	}
	for i, b := range lay.Nodes {
		n := byID[b.ID]
		if hrefs[i] != n.URL {
			t.Errorf("link %d goes to %q, want %q (node %s)", i, hrefs[i], n.URL, n.ID)
		}
		want := n.Title
		if want == "" {
			want = n.Label
		}
		if names[i] != want {
			t.Errorf("link %d is named %q, want %q", i, names[i], want)
		}
	}
	if hlEdges != 2*len(g.Edges) {
		t.Errorf("%d highlight copies of edges, want 2 x %d", hlEdges, len(g.Edges))
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestLayers checks the computed layering: edges point to later layers except those
// turned round to break a cycle, and sources sit next to their successors.
func TestLayers(t *testing.T) {
	g := families()
	_, lay, err := Render(g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	layer := map[string]int{}
	for _, b := range lay.Nodes {
		layer[b.ID] = b.Layer
	}
	backward := 0
	for _, e := range g.Edges {
		switch d := layer[e.To] - layer[e.From]; {
		case d == 0:
			t.Errorf("edge %s -> %s within layer %d", e.From, e.To, layer[e.From])
		case d < 0:
			backward++
		}
	}
	if backward != 1 {
		t.Errorf("%d edges point backwards; the one cycle needs 1", backward)
	}
	if layer["t04"] != layer["t01"]-1 {
		t.Errorf("source t04 in layer %d, its successor in %d", layer["t04"], layer["t01"])
	}
}

// TestArrangeGroups draws bands whose given order leads an edge through a band between
// its ends, and checks that arranging them leads no edge through a band.
func TestArrangeGroups(t *testing.T) {
	g := Graph{Title: "bands", Groups: []GroupInfo{{ID: "a", Label: "A"}, {ID: "b", Label: "B"}, {ID: "c", Label: "C"}, {ID: "d", Label: "D"}}}
	for _, n := range [][2]string{{"a1", "a"}, {"b1", "b"}, {"b2", "b"}, {"c1", "c"}, {"d1", "d"}, {"d2", "d"}} {
		g.Nodes = append(g.Nodes, Node{ID: n[0], Label: n[0], URL: n[0], Group: n[1]})
	}
	for _, e := range [][2]string{{"a1", "c1"}, {"b1", "b2"}, {"d1", "d2"}, {"d1", "c1"}} {
		g.Edges = append(g.Edges, Edge{From: e[0], To: e[1]})
	}
	_, fixed, err := Render(g, Options{Arrows: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(ThroughBands(g, fixed)) == 0 {
		t.Fatal("the fixture leads no edge through a band: it tests nothing")
	}
	g.ArrangeGroups = true
	svg, lay, err := Render(g, Options{Arrows: true})
	if err != nil {
		t.Fatal(err)
	}
	checkLayout(t, g, Options{Arrows: true}.withDefaults(), svg, lay)
	for _, p := range ThroughBands(g, lay) {
		t.Error(p)
	}
}

// TestCrossings checks that crossing reduction does its job on a graph whose best order
// has no crossings at all.
func TestCrossings(t *testing.T) {
	g := Graph{Title: "ladder"}
	var left, right []string
	for i := range 8 {
		l, r := fmt.Sprintf("l%d", i), fmt.Sprintf("r%d", (i*5)%8)
		left, right = append(left, l), append(right, fmt.Sprintf("r%d", i))
		g.Nodes = append(g.Nodes, Node{ID: l, Label: l, URL: l})
		g.Edges = append(g.Edges, Edge{From: l, To: r})
	}
	for _, r := range right {
		g.Nodes = append(g.Nodes, Node{ID: r, Label: r, URL: r})
	}
	g.Layers = [][]string{left, right}
	_, lay, err := Render(g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if lay.Crossings != 0 {
		t.Errorf("%d crossings, want 0", lay.Crossings)
	}
	g.KeepOrder = []int{0, 1}
	if _, lay, _ := Render(g, Options{}); lay.Crossings == 0 {
		t.Errorf("KeepOrder of both layers still removed the crossings")
	}
}

func TestErrors(t *testing.T) {
	base := func() Graph {
		return Graph{Title: "t", Nodes: []Node{{ID: "a", Label: "A"}, {ID: "b", Label: "B"}}, Edges: []Edge{{From: "a", To: "b"}}}
	}
	tests := []struct {
		name   string
		change func(*Graph)
		want   []string
	}{
		{"no title", func(g *Graph) { g.Title = "" }, []string{"no Title"}},
		{"no nodes", func(g *Graph) { g.Nodes, g.Edges = nil, nil }, []string{"no nodes"}},
		{"duplicate node", func(g *Graph) { g.Nodes = append(g.Nodes, Node{ID: "a"}) }, []string{`node "a" is listed twice`}},
		{"unknown ends", func(g *Graph) { g.Edges = append(g.Edges, Edge{From: "x", To: "b"}, Edge{From: "a", To: "y"}) },
			[]string{`"x" -> "b" starts at an unknown node`, `"a" -> "y" ends at an unknown node`}},
		{"loop", func(g *Graph) { g.Edges = append(g.Edges, Edge{From: "a", To: "a"}) }, []string{"is a loop"}},
		{"duplicate edge", func(g *Graph) { g.Edges = append(g.Edges, Edge{From: "a", To: "b"}) }, []string{"listed twice"}},
		{"unknown group", func(g *Graph) { g.Nodes[0].Group = "nowhere" }, []string{`group "nowhere"`}},
		{"missing from layers", func(g *Graph) { g.Layers = [][]string{{"a"}} }, []string{`node "b" is in no layer`}},
		{"same layer", func(g *Graph) { g.Layers = [][]string{{"a", "b"}} }, []string{"joins two nodes of layer 0"}},
		{"twice in layers", func(g *Graph) { g.Layers = [][]string{{"a"}, {"b", "a"}} }, []string{`node "a" is in layers 0 and 1`}},
		{"keep order", func(g *Graph) { g.KeepOrder = []int{3} }, []string{"KeepOrder names layer 3"}},
		{"column without layers", func(g *Graph) { g.Columns = []string{"b"} }, []string{"columns of marks need Graph.Layers"}},
		{"column in a layer", func(g *Graph) { g.Layers = [][]string{{"a"}, {"b"}}; g.Columns = []string{"b"} }, []string{`column "b" is in layer 1`}},
		{"column from a later layer", func(g *Graph) {
			g.Nodes = append(g.Nodes, Node{ID: "c", Label: "C"})
			g.Edges = append(g.Edges, Edge{From: "b", To: "c"})
			g.Layers, g.Columns = [][]string{{"a"}, {"b"}}, []string{"c"}
		}, []string{`edge "b" -> "c" joins a column to a node outside the first layer`}},
		{"unknown column", func(g *Graph) { g.Layers = [][]string{{"a"}, {"b"}}; g.Columns = []string{"x"} }, []string{`column "x" is not a node`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := base()
			tt.change(&g)
			_, _, err := Render(g, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestNoLink draws a node without a URL: no <a>, no accessible name of its own.
func TestNoLink(t *testing.T) {
	g := Graph{Title: "t", Nodes: []Node{{ID: "a", Label: "A", URL: "a.html"}, {ID: "b", Label: "B"}}, Edges: []Edge{{From: "a", To: "b"}}}
	svg, _, err := Render(g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(svg, []byte("<a ")); n != 1 {
		t.Errorf("%d links, want 1", n)
	}
}

func ExampleRender() {
	g := Graph{
		ID:    "fig-1",
		Title: "ISMAP and the standards it refers to",
		Nodes: []Node{
			{ID: "ismap", Label: "ISMAP", URL: "ismap.html", Kind: "scheme"},
			{ID: "iso-iec-27001", Label: "ISO/IEC 27001", URL: "iso-iec-27001.html", Kind: "standard"},
		},
		Edges:  []Edge{{From: "ismap", To: "iso-iec-27001", Kind: "lists"}},
		Layers: [][]string{{"ismap"}, {"iso-iec-27001"}},
	}
	_, lay, err := Render(g, Options{})
	if err != nil {
		panic(err)
	}
	for _, b := range lay.Nodes {
		fmt.Println(b.ID, b.Layer, b.Lines)
	}
	e := lay.Edges[0]
	fmt.Println(e.Start.X == lay.Nodes[0].Rect.X+lay.Nodes[0].Rect.W, e.End.X == lay.Nodes[1].Rect.X)
	// Output:
	// ismap 0 [ISMAP]
	// iso-iec-27001 1 [ISO/IEC 27001]
	// true true
}

// TestRandomGraphs runs the layout checks on many small graphs of every shape: fixed or
// computed layers, groups or none, both directions, arrows or not, cycles, parallel
// edges of different kinds, isolated nodes, empty labels.
func TestRandomGraphs(t *testing.T) {
	words := []string{"", "ISO/IEC 27001", "政府情報システムのためのセキュリティ評価制度（ISMAP）", "CS マーク", "A", "Guidelines for Cloud Service Providers", "ｸﾗｳﾄﾞ", "情報セキュリティ管理基準"}
	r := rng(7)
	for n := range 150 {
		nodes := 1 + r.intn(14)
		g := Graph{ID: fmt.Sprintf("r%d", n), Title: "random"}
		ngroups := r.intn(4)
		for i := range ngroups {
			g.Groups = append(g.Groups, GroupInfo{ID: fmt.Sprintf("g%d", i), Label: words[1+r.intn(len(words)-1)]})
		}
		nlayers := 1 + r.intn(4)
		fixed := r.intn(2) == 0
		if fixed {
			g.Layers = make([][]string, nlayers)
		}
		for i := range nodes {
			id := fmt.Sprintf("n%d", i)
			nd := Node{ID: id, Label: words[r.intn(len(words))], URL: id + ".html", Kind: []string{"scheme", "standard", "law"}[r.intn(3)]}
			if ngroups > 0 && r.intn(4) > 0 {
				nd.Group = fmt.Sprintf("g%d", r.intn(ngroups))
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
		seen := map[Edge]bool{}
		for range r.intn(2 * nodes) {
			e := Edge{From: fmt.Sprintf("n%d", r.intn(nodes)), To: fmt.Sprintf("n%d", r.intn(nodes)), Kind: []string{"lists", "based-on"}[r.intn(2)]}
			if e.From == e.To || seen[e] || (fixed && layerOf[e.From] == layerOf[e.To]) {
				continue
			}
			seen[e] = true
			g.Edges = append(g.Edges, e)
		}
		opt := Options{Arrows: r.intn(2) == 0, MaxLabelWidth: float64(4 + r.intn(12)), MaxLines: 1 + r.intn(3)}
		t.Run(g.ID, func(t *testing.T) {
			svg, lay, err := Render(g, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkLayout(t, g, opt.withDefaults(), svg, lay)
		})
	}
}
