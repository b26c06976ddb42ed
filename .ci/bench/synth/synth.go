// Synth writes a synthetic survey of any size: a complete, valid content folder for
// benchmarks and scale tests of the generator (make bench, .ci/bench/run.sh).
//
//	go run ./.ci/bench/synth -n N -out DIR
//
// writes the folder for N schemes (default 25) into DIR and prints one line. Exit status:
// 0 on success, 1 when the folder cannot be written, 2 on usage errors.
//
// [Files] returns the folder for n schemes as file contents by path: site.toml, n scheme
// cards, the same 40 standard cards and 5 prose pages whatever n is, and a glossary of 52
// terms. [Write] puts them in a folder.
//
// It stands alone: it imports nothing of the generator, so the generator can change its
// packages freely. The few lists of the card schema it needs (languages, regions, kinds,
// ...) are copied below, in the schema's order; the order matters, as the choices among
// them are drawn by index. A corpus that the generator no longer accepts shows in
// TestBuildsClean, which runs the generator's check on one.
//
// # What the text is like
//
// Text is assembled from fragments of the survey's own vocabulary, each with the English
// wording of the real cards' [en] tables, so that [ja] is Japanese, [en] is its English
// translation, and both have the script, length and Markdown structure of the real
// cards. Every scheme, standard and page carries 1.2 to 1.8 KB (bytes) of Markdown per
// language: a bullet list with nested items, a footnote, strong emphasis, two or three
// links to standards (for a scheme, among the 3 to 6 standards it lists) and one external
// URL (on reserved example domains). One scheme in five also names an earlier scheme and
// links to it.
//
// # Determinism
//
// The corpus is a pure function of n: every choice comes from a PCG generator with a
// fixed seed, one stream per card, and there is no clock and no map order. Scheme i is
// the same in every corpus with more than i schemes, so a corpus of 25 is a prefix of a
// corpus of 1000; only site.toml names n.
//
// # Writing
//
// [Write] keeps a list of the files it wrote in the marker file [Marker]. It refuses to
// write into a folder that is not empty unless that folder holds the marker, so that it
// can never clobber a real content folder; when it rewrites a folder it deletes the files
// of the earlier corpus that the new one lacks, and nothing else.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Marker is the file in which Write lists the files it wrote.
const Marker = ".synth-manifest"

// markerHeader is the first line of the marker. It still names `generator synth`, the
// command this program was taken out of, so that a corpus is byte for byte the one that
// command wrote (corpora made by either are interchangeable, and Write rewrites both).
const markerHeader = "# synthetic content written by `generator synth`; it may rewrite or delete the files listed here\n"

// The values of the card schema's enumerations that a synthetic card draws from, in the
// schema's order (README.md, "Content schema"; package content of the generator).
var (
	langs        = []string{"ja", "en"}
	regions      = []string{"domestic", "international", "foreign"}
	kinds        = []string{"scheme", "guideline", "law"}
	orgRoles     = []string{"operator", "author", "publisher", "study", "composition", "none"}
	scopeLabels  = []string{"scope", "target"}
	targetValues = []string{"csp", "csc", "government", "business", "healthcare", "finance", "essential-services"}
)

// Size of the Markdown of every card, per language, in bytes.
const (
	minTarget = 1250 // each card aims at a size drawn from [minTarget, maxTarget]
	maxTarget = 1550
	hardLimit = 1760 // no filler may push either language above this
)

// seed is fixed: the corpus must not change from run to run.
const seed = 0x4a49504445432d31 // "JIPDEC-1"

// Streams of the generator, one per kind of card; the card's index selects the sequence.
const (
	streamMeta uint64 = iota + 1
	streamScheme
	streamStandard
	streamPage
)

// rng draws from PCG directly rather than through rand.Rand, whose methods may change
// their algorithms between Go releases; PCG's output is specified.
type rng struct{ p *rand.PCG }

func newRNG(stream uint64, i int) *rng { return &rng{rand.NewPCG(seed, stream<<48|uint64(i))} }

func (r *rng) intn(n int) int { return int(r.p.Uint64() % uint64(n)) }

// chance is true pct times in a hundred.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weighted returns one of values with the given weights.
func weighted(r *rng, values []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.intn(total)
	for i, w := range weights {
		if x < w {
			return values[i]
		}
		x -= w
	}
	return values[len(values)-1]
}

// Files returns the content folder for n schemes, by slash-separated path.
func Files(n int) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range corpus(n) {
		m[f.path] = f.data
	}
	return m
}

type file struct {
	path string
	data []byte
}

// corpus returns the files sorted by path.
func corpus(n int) []file {
	var out []file
	out = append(out, file{"site.toml", siteTOML(n)}, file{"glossary.toml", glossaryTOML()})
	metas := schemeMetas(n)
	for i := range metas {
		out = append(out, file{"schemes/" + metas[i].id + ".toml", schemeTOML(metas, i)})
	}
	for i := range standards {
		out = append(out, file{"standards/" + standards[i].id + ".toml", standardTOML(i)})
	}
	for i := range pages {
		out = append(out, file{"pages/" + pages[i].id + ".toml", pageTOML(i)})
	}
	slices.SortFunc(out, func(a, b file) int { return strings.Compare(a.path, b.path) })
	return out
}

// Write writes the content folder for n schemes into dir, creating it. See the package
// comment for what it refuses to overwrite.
func Write(dir string, n int) error {
	if n < 0 {
		return fmt.Errorf("synth: the number of schemes must not be negative (got %d)", n)
	}
	old, err := readMarker(dir)
	if err != nil {
		return err
	}
	files := corpus(n)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()

	newPaths := make([]string, len(files))
	for i, f := range files {
		newPaths[i] = f.path
	}
	// List old and new files before touching any, so that an interrupted Write leaves a
	// folder that the next Write may still clean up.
	if err := writeMarker(root, union(old, newPaths)); err != nil {
		return err
	}
	for _, p := range old {
		if _, ok := slices.BinarySearch(newPaths, p); !ok {
			if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	for _, f := range files {
		if d := path.Dir(f.path); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
		if err := root.WriteFile(f.path, f.data, 0o644); err != nil {
			return err
		}
	}
	return writeMarker(root, newPaths)
}

// readMarker returns the files listed by dir's marker, or none for a missing or empty
// folder; a folder with files but no marker is an error.
func readMarker(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path.Join(dir, Marker))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("synth: refusing to write into %s: the folder is not empty and has no %s, so synth did not write it; choose a new or empty folder", dir, Marker)
	}
	if err != nil {
		return nil, err
	}
	var paths []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		p := sc.Text()
		if p == "" || strings.HasPrefix(p, "#") || !fs.ValidPath(p) || p == Marker {
			continue
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return slices.Compact(paths), nil
}

func writeMarker(root *os.Root, paths []string) error {
	var b bytes.Buffer
	b.WriteString(markerHeader)
	for _, p := range paths {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	return root.WriteFile(Marker, b.Bytes(), 0o644)
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// ---- schemes ----

// schemeMeta is everything about a scheme but its text, so that a scheme's text can
// name another scheme.
type schemeMeta struct {
	id, section, region, kind, orgRole, scopeLabel, addedIn string
	targets, standards, urls                                []string
	related                                                 int // index of an earlier scheme it names, or -1
	org                                                     org
	name                                                    bi // full name
	label                                                   string
	title                                                   bi
}

func schemeMetas(n int) []schemeMeta {
	metas := make([]schemeMeta, n)
	count := map[string]int{}
	regionNo := map[string]int{"domestic": 1, "international": 2, "foreign": 3}
	for i := range metas {
		r := newRNG(streamMeta, i)
		m := &metas[i]
		m.region = weighted(r, regions, []int{45, 20, 35})
		count[m.region]++
		m.section = fmt.Sprintf("2.%d.%d", regionNo[m.region], count[m.region])
		m.kind = weighted(r, kinds, []int{55, 35, 10})
		m.orgRole = weighted(r, orgRoles, []int{50, 20, 15, 5, 5, 5})
		m.scopeLabel = weighted(r, scopeLabels, []int{60, 40})
		m.targets = distinct(r, 1+r.intn(3), func() string {
			if r.chance(50) {
				return "csp"
			}
			return pick(r, targetValues)
		})
		if r.chance(5) {
			m.addedIn = "1.2"
		}
		m.standards = distinct(r, 3+r.intn(4), func() string {
			if r.chance(40) {
				return pick(r, popular)
			}
			return pick(r, standards).id
		})
		m.related = -1
		if i > 0 && r.chance(20) {
			m.related = r.intn(i)
		}
		m.org = pick(r, orgs[m.region])
		d, q, k := pick(r, domains), pick(r, qualifiers), pick(r, kindNouns[m.kind])
		m.name = bi{d.ja + q.ja + k.ja, d.en + " " + q.en + " " + k.en}
		m.label = acronym(m.name.en)
		m.id = strings.ToLower(m.label) + "-" + fmt.Sprintf("%04d", i+1)
		switch m.region {
		case "domestic":
			m.title = bi{m.name.ja + "（" + m.label + "）", m.name.en + " (" + m.label + ")"}
		case "international":
			m.title = bi{m.label + "（" + m.org.short.ja + "）", m.label + " (" + m.org.short.en + ")"}
		default:
			m.title = bi{m.label + "（" + m.org.country.ja + "）", m.label + " (" + m.org.country.en + ")"}
		}
		m.urls = []string{exampleURL(r, m.id, "")}
		if r.chance(30) {
			m.urls = append(m.urls, exampleURL(r, m.id, "faq.html"))
		}
	}
	return metas
}

// distinct draws k different values.
func distinct(r *rng, k int, draw func() string) []string {
	var out []string
	for tries := 0; len(out) < k && tries < 100; tries++ {
		if v := draw(); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func acronym(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		b.WriteRune(unicode.ToUpper([]rune(w)[0]))
	}
	return b.String()
}

func exampleURL(r *rng, id, leaf string) string {
	dirs := []string{"security/cloud/", "en/schemes/", "publications/", "documents/", ""}
	return "https://" + pick(r, hosts) + "/" + pick(r, dirs) + id + "/" + leaf
}

// doc is the Markdown fields of a card, for sizing.
type doc struct {
	parts []*bi
}

func (d doc) size() (ja, en int) {
	for _, p := range d.parts {
		ja += len(p.ja)
		en += len(p.en)
	}
	return ja, en
}

// grow adds fillers to a document, through add, until both languages have at least
// target bytes. Of a few candidates it takes the one that keeps the languages closest in
// size, so that neither leaves the bounds.
func grow(r *rng, d doc, target int, gen func() bi, add func(bi)) {
	for {
		ja, en := d.size()
		if min(ja, en) >= target {
			return
		}
		best, bestDiff := bi{}, -1
		for range 4 {
			c := gen()
			cj, ce := ja+len(c.ja)+3, en+len(c.en)+3 // "- " and "\n", or a space
			if cj > hardLimit || ce > hardLimit {
				continue
			}
			if diff := abs(cj - ce); bestDiff < 0 || diff < bestDiff {
				best, bestDiff = c, diff
			}
		}
		if bestDiff < 0 {
			return
		}
		add(best)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func capFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func join(sep string, parts ...bi) bi {
	var out bi
	for i, p := range parts {
		if i > 0 {
			out.en += sep
		}
		out.ja += p.ja
		out.en += p.en
	}
	return out
}

// sentence is one filler sentence. label names the card, subj is "本制度" / "the scheme".
func sentence(r *rng, label string, subj bi) bi {
	a, o, v := pick(r, actors), pick(r, objects), pick(r, verbs)
	switch r.intn(7) {
	case 0:
		return bi{a.ja + "は、" + o.ja + "を" + v.ja + "。", capFirst(a.en) + " " + v.en3 + " " + o.en + "."}
	case 1:
		c := pick(r, contexts)
		return bi{c.ja + "、" + a.ja + "は" + o.ja + "を" + v.ja + "。", c.en + ", " + a.en + " " + v.en3 + " " + o.en + "."}
	case 2:
		return bi{a.ja + "は、" + o.ja + "を" + v.ja + "ことが求められる。", capFirst(a.en) + " is required to " + v.en + " " + o.en + "."}
	case 3:
		p := pick(r, purposes)
		return bi{a.ja + "は、" + o.ja + "を" + v.ja + "ことにより、" + p.ja + "ことができる。", "By " + v.ing + " " + o.en + ", " + a.en + " can " + p.en + "."}
	case 4:
		return dated(r, "")
	case 5:
		return bi{label + " では、" + a.ja + "が" + o.ja + "を" + v.ja + "。", "Under " + label + ", " + a.en + " " + v.en3 + " " + o.en + "."}
	default:
		p := pick(r, purposes)
		return bi{subj.ja + "は、" + p.ja + "ことを目的としている。", capFirst(subj.en) + " aims to " + p.en + "."}
	}
}

// dated is a sentence about a year and month, with a footnote marker when mark is set.
func dated(r *rng, mark string) bi {
	y, mo, e := 2013+r.intn(12), 1+r.intn(12), pick(r, events)
	return bi{
		fmt.Sprintf("%d 年 %d 月に%s%s。", y, mo, e.ja, mark),
		fmt.Sprintf("In %s %d, %s%s.", months[mo-1], y, e.en, mark),
	}
}

// purposeLine names the aim of a card, with strong emphasis.
func purposeLine(r *rng, subj bi) bi {
	a, o, v, p := pick(r, actors), pick(r, objects), pick(r, verbs), pick(r, purposes)
	return bi{
		subj.ja + "は、" + a.ja + "が**" + o.ja + "**を" + v.ja + "ことにより、" + p.ja + "ことを目的としている。",
		capFirst(subj.en) + " aims to " + p.en + " by having " + a.en + " " + v.en + " **" + o.en + "**.",
	}
}

// refLine is a sentence linking a standard.
func refLine(r *rng, label string, st *stdSpec) bi {
	ref := "[" + st.designation + "](std:" + st.id + ")"
	switch r.intn(5) {
	case 0:
		return bi{label + " の要求事項は、" + ref + " を参照して作成されている。", "The requirements of " + label + " were drawn up with reference to " + ref + "."}
	case 1:
		return bi{ref + " とのマッピングが公開されており、ギャップ分析等に役立つツールとして提供されている。", "A mapping to " + ref + " has been published and is provided as a tool useful for gap analysis and the like."}
	case 2:
		return bi{"監査・報告は、" + ref + " を適用して実施される。", "Audits and reports are carried out by applying " + ref + "."}
	case 3:
		return bi{label + " の基準は、" + ref + " をベースに策定されている。", "The criteria of " + label + " are based on " + ref + "."}
	default:
		return bi{ref + " の認証を取得している場合は、評価の一部が免除される。", "Where certification to " + ref + " has been obtained, part of the assessment is waived."}
	}
}

func isms(r *rng, st *stdSpec) bi {
	ref := "[" + st.designation + "](std:" + st.id + ")"
	out := bi{ref + " とのマッピングがとられている。", "A mapping to " + ref + " is provided."}
	if r.chance(60) {
		out = join(" ", out, pick(r, fixedISMS))
	}
	return out
}

// bullet renders an item of a Markdown list, with nested items.
func bullet(item bi, sub ...bi) bi {
	out := bi{"- " + item.ja + "\n", "- " + item.en + "\n"}
	for _, s := range sub {
		out.ja += "  - " + s.ja + "\n"
		out.en += "  - " + s.en + "\n"
	}
	return out
}

func subListBullet(r *rng, label string) bi {
	s := pick(r, subLists)
	intro := bi{fmt.Sprintf(s.intro.ja, label), fmt.Sprintf(s.intro.en, label)}
	return bullet(intro, s.items...)
}

func stdByID(id string) *stdSpec {
	for i := range standards {
		if standards[i].id == id {
			return &standards[i]
		}
	}
	panic("synth: no standard " + id)
}

// schemeText is a scheme's Markdown fields in both languages.
type schemeText struct {
	name, scope, overview, isms, notes bi
}

func makeSchemeText(metas []schemeMeta, i int) schemeText {
	m := &metas[i]
	r := newRNG(streamScheme, i)
	subj := subjects[m.kind]
	var t schemeText

	t.name = bi{
		m.name.ja + "（" + m.label + "）\n（" + m.org.name.ja + "[^1]）\n",
		m.name.en + " (" + m.label + ")\n(" + m.org.name.en + "[^1])\n",
	}
	scope := pick(r, scopes)
	t.scope = bi{scope.ja + "\n", scope.en + "\n"}
	if r.chance(40) {
		more := pick(r, scopeMore)
		t.scope.ja += "\n" + more.ja + "\n"
		t.scope.en += "\n" + more.en + "\n"
	}

	// Two or three of the listed standards are linked: all but the last in the overview,
	// the last in the ISMS field.
	refs := slices.Clone(m.standards)
	for j := len(refs) - 1; j > 0; j-- {
		k := r.intn(j + 1)
		refs[j], refs[k] = refs[k], refs[j]
	}
	refs = refs[:min(len(refs), 2+r.intn(2))]

	bullets := []bi{bullet(purposeLine(r, subj))}
	for _, id := range refs[:len(refs)-1] {
		bullets = append(bullets, bullet(refLine(r, m.label, stdByID(id))))
	}
	bullets = append(bullets, subListBullet(r, m.label))
	if m.related >= 0 {
		o := &metas[m.related]
		bullets = append(bullets, bullet(bi{
			"[" + o.title.ja + "](scheme:" + o.id + ")（本書の " + o.section + " 参照）との整合も図られている。",
			"Consistency with [" + o.title.en + "](scheme:" + o.id + ") (see " + o.section + " of this document) is also ensured.",
		}))
	}
	bullets = append(bullets, bullet(dated(r, "[^2]")))
	t.isms = isms(r, stdByID(refs[len(refs)-1]))
	t.isms.ja += "\n"
	t.isms.en += "\n"

	sup := pick(r, supporters)
	url := exampleURL(r, m.id, "news.html")
	t.notes = bi{
		"[^1]: " + sup.ja + "が、制度運用に係る実務を行っている。\n\n[^2]: " + m.label + " の公表資料：<" + url + ">\n",
		"[^1]: " + sup.en + " carries out the practical work of operating the scheme.\n\n[^2]: Published material on " + m.label + ": <" + url + ">\n",
	}

	// Fillers go between the purpose and the footnoted last item.
	var overview bi
	d := doc{parts: []*bi{&t.name, &t.scope, &t.isms, &t.notes, &overview}}
	assemble := func() { overview = join("", bullets...) }
	assemble()
	if ja, en := d.size(); max(ja, en) > hardLimit-100 {
		// The fixed parts are long already: drop the optional second paragraph of scope.
		t.scope = bi{scope.ja + "\n", scope.en + "\n"}
	}
	target := minTarget + r.intn(maxTarget-minTarget+1)
	grow(r, d, target, func() bi {
		s := sentence(r, m.label, subj)
		for k := 0; k < 2 && r.chance(50); k++ {
			s = join(" ", s, sentence(r, m.label, subj))
		}
		return s
	}, func(s bi) {
		at := 1 + r.intn(len(bullets)-1)
		bullets = slices.Insert(bullets, at, bullet(s))
		assemble()
	})
	t.overview = overview
	return t
}

func schemeTOML(metas []schemeMeta, i int) []byte {
	m := &metas[i]
	t := makeSchemeText(metas, i)
	var w tomlWriter
	w.str("id", m.id)
	w.str("section", m.section)
	w.str("region", m.region)
	w.str("kind", m.kind)
	w.str("org_role", m.orgRole)
	w.str("scope_label", m.scopeLabel)
	w.list("targets", m.targets)
	if m.addedIn != "" {
		w.str("added_in", m.addedIn)
	}
	w.list("standards", m.standards)
	if m.related >= 0 {
		w.list("schemes", []string{metas[m.related].id})
	}
	w.list("urls", m.urls)
	for _, lang := range langs {
		w.table(lang)
		w.str("title", m.title.in(lang))
		w.str("label", m.label)
		w.ml("name", t.name.in(lang))
		w.ml("scope", t.scope.in(lang))
		w.ml("overview", t.overview.in(lang))
		w.ml("isms", t.isms.in(lang))
		w.ml("notes", t.notes.in(lang))
	}
	return w.bytes()
}

func (b bi) in(lang string) string {
	if lang == "ja" {
		return b.ja
	}
	return b.en
}

// ---- standards ----

func standardTOML(i int) []byte {
	st := &standards[i]
	r := newRNG(streamStandard, i)
	subj := subjects["standard"]
	label := st.designation

	// Link two or three other standards: the related ones first.
	var refs []string
	for _, rel := range st.relations {
		refs = append(refs, rel.to)
	}
	want := 2 + r.intn(2)
	for len(refs) < want {
		if id := pick(r, standards).id; id != st.id && !slices.Contains(refs, id) {
			refs = append(refs, id)
		}
	}
	refs = refs[:min(len(refs), want)]

	p := pick(r, purposes)
	intro := bi{
		st.designation + "（" + st.title.ja + "）は、" + p.ja + "ことを目的としている。",
		st.designation + " (" + st.title.en + ") aims to " + p.en + ".",
	}
	var para []bi
	for _, id := range refs {
		para = append(para, refLine(r, label, stdByID(id)))
	}
	para = append(para, dated(r, "[^1]"))
	list := []bi{bullet(purposeLine(r, subj)), subListBullet(r, label)}
	url := exampleURL(r, st.id, "")
	notes := bi{
		"[^1]: " + st.designation + " の公表資料：<" + url + ">\n",
		"[^1]: Published material on " + st.designation + ": <" + url + ">\n",
	}
	var description bi
	assemble := func() {
		p2 := join(" ", para...)
		description = bi{
			intro.ja + "\n\n" + join("", list...).ja + "\n" + p2.ja + "\n",
			intro.en + "\n\n" + join("", list...).en + "\n" + p2.en + "\n",
		}
	}
	assemble()
	d := doc{parts: []*bi{&description, &notes}}
	grow(r, d, minTarget+r.intn(maxTarget-minTarget+1), func() bi { return sentence(r, label, subj) }, func(s bi) {
		if r.chance(50) {
			list = append(list, bullet(s))
		} else {
			para = slices.Insert(para, r.intn(len(para)), s)
		}
		assemble()
	})

	var w tomlWriter
	w.str("id", st.id)
	w.str("designation", st.designation)
	if st.section != "" {
		w.str("section", st.section)
	}
	if st.edition != "" {
		w.str("edition", st.edition)
	}
	if st.status != "" {
		w.str("status", st.status)
	}
	w.list("groups", st.groups)
	if len(st.jis) > 0 {
		w.list("jis", st.jis)
	}
	w.list("urls", []string{exampleURL(r, st.id, "index.html")})
	for _, rel := range st.relations {
		w.raw("\n[[relations]]\n")
		w.str("type", rel.typ)
		w.str("to", rel.to)
		if rel.note.ja != "" {
			w.raw("note = { ja = " + quote(rel.note.ja) + ", en = " + quote(rel.note.en) + " }\n")
		}
	}
	for _, lang := range langs {
		w.table(lang)
		w.str("title", st.title.in(lang))
		w.ml("description", description.in(lang))
		w.ml("notes", notes.in(lang))
	}
	return w.bytes()
}

// ---- prose pages ----

type pageSpec struct {
	id, part string
	order    int
	title    bi
	headings []bi
}

var pages = []pageSpec{
	{"introduction", "front", 1, bi{"はじめに", "Introduction"}, []bi{{"本書の背景", "Background of this document"}}},
	{"overview", "front", 2, bi{"1 概要", "1 Overview"}, []bi{{"1.1 本書の主旨", "1.1 Purpose of this document"}, {"1.2 本書の構成", "1.2 Structure of this document"}}},
	{"security-schemes", "front", 3, bi{"2 国内外のセキュリティ関連制度", "2 Domestic and international security schemes"}, []bi{{"制度・ガイドラインの分類", "Classification of schemes and guidelines"}}},
	{"conclusion", "back", 1, bi{"3 まとめ", "3 Conclusion"}, []bi{{"3.1 クラウドサービスの利用に当たって", "3.1 When using cloud services"}, {"3.2 今後の課題", "3.2 Future issues"}}},
	{"committee", "back", 2, bi{"検討委員会", "Study committee"}, []bi{{"委員構成", "Members"}}},
}

func pageTOML(i int) []byte {
	pg := &pages[i]
	r := newRNG(streamPage, i)
	subj := subjects["page"]

	var refs []bi
	for _, id := range distinct(r, 2+r.intn(2), func() string { return pick(r, popular) }) {
		refs = append(refs, refLine(r, "ISMS", stdByID(id)))
	}
	sections := make([][]bi, len(pg.headings))
	sections[0] = append([]bi{purposeLine(r, subj)}, refs...)
	sections[len(sections)-1] = append(sections[len(sections)-1],
		bi{"各制度と規格の対応は、[対応表](page:matrix) 及び [関連図](page:diagram) に示す。", "The correspondence between the schemes and the standards is shown in the [matrix](page:matrix) and the [diagram](page:diagram)."},
		dated(r, "[^1]"))
	list := []bi{subListBullet(r, "ISMS")}
	url := exampleURL(r, pg.id, "")
	notes := bi{"[^1]: 公表資料：<" + url + ">\n", "[^1]: Published material: <" + url + ">\n"}
	var body bi
	assemble := func() {
		body = bi{}
		for k, h := range pg.headings {
			p := join(" ", sections[k]...)
			body.ja += "## " + h.ja + "\n\n" + p.ja + "\n\n"
			body.en += "## " + h.en + "\n\n" + p.en + "\n\n"
			if k == 0 {
				l := join("", list...)
				body.ja += l.ja + "\n"
				body.en += l.en + "\n"
			}
		}
		body.ja = strings.TrimSuffix(body.ja, "\n")
		body.en = strings.TrimSuffix(body.en, "\n")
	}
	assemble()
	d := doc{parts: []*bi{&body, &notes}}
	grow(r, d, minTarget+r.intn(maxTarget-minTarget+1), func() bi { return sentence(r, "ISMS", subj) }, func(s bi) {
		if r.chance(30) {
			list = append(list, bullet(s))
		} else {
			k := r.intn(len(sections))
			sections[k] = slices.Insert(sections[k], r.intn(len(sections[k])+1), s)
		}
		assemble()
	})

	var w tomlWriter
	w.str("id", pg.id)
	w.raw("order = " + strconv.Itoa(pg.order) + "\n")
	w.str("part", pg.part)
	for _, lang := range langs {
		w.table(lang)
		w.str("title", pg.title.in(lang))
		w.ml("body", body.in(lang))
		w.ml("notes", notes.in(lang))
	}
	return w.bytes()
}

// ---- site and glossary ----

func siteTOML(n int) []byte {
	var w tomlWriter
	w.raw("# Synthetic survey for benchmarks: " + strconv.Itoa(n) + " schemes (generator synth -n " + strconv.Itoa(n) + ").\n")
	w.str("document", "JIP-ISMS201-1.2")
	w.table("ja")
	w.str("title", "クラウドサービスに関連する国内外のセキュリティ制度・ガイドライン（合成データ）")
	w.str("publisher", "一般財団法人日本情報経済社会推進協会（JIPDEC）")
	w.str("description", fmt.Sprintf("ベンチマーク用の合成データ：%d 件の制度・ガイドラインと、それらが参照する規格。", n))
	w.table("en")
	w.str("title", "Domestic and International Security Schemes and Guidelines Related to Cloud Services (synthetic data)")
	w.str("publisher", "Japan Institute for Promotion of Digital Economy and Community (JIPDEC)")
	w.str("description", fmt.Sprintf("Synthetic data for benchmarks: %d schemes and guidelines and the standards they refer to.", n))
	revs := []struct {
		id, date string
		title    bi
		summary  bi
	}{
		{"1.0", "2019-05", bi{"初版", "First edition"}, bi{"文献調査等に基づき、クラウドサービスに関連する国内外の制度・ガイドラインをとりまとめた。", "Compiled the domestic and international schemes and guidelines related to cloud services on the basis of literature research."}},
		{"1.1", "2021-03", bi{"改訂版 1.1", "Revision 1.1"}, bi{"海外の制度を更新し、[ISO/IEC 27017](std:iso-iec-27017) の記述を見直した。", "Updated the foreign schemes and revised the text on [ISO/IEC 27017](std:iso-iec-27017)."}},
		{"1.2", "", bi{"改訂版 1.2", "Revision 1.2"}, bi{"主に国内の制度・ガイドラインについて更新し、[ISO/IEC 27001:2022](std:iso-iec-27001) の内容も反映した。", "Updated mainly the domestic schemes and guidelines and reflected the content of [ISO/IEC 27001:2022](std:iso-iec-27001)."}},
	}
	for _, rev := range revs {
		w.raw("\n[[revisions]]\n")
		w.str("id", rev.id)
		if rev.date != "" {
			w.str("date", rev.date)
		}
		for _, lang := range langs {
			w.table("revisions." + lang)
			w.str("title", rev.title.in(lang))
			w.str("summary", rev.summary.in(lang))
		}
	}
	return w.bytes()
}

func glossaryTOML() []byte {
	var w tomlWriter
	w.raw("# Abbreviations and terms of the synthetic survey.\n")
	for _, t := range glossary {
		w.raw("\n[[terms]]\n")
		w.str("id", t.id)
		if t.abbr != "" {
			w.str("abbr", t.abbr)
		}
		for _, lang := range langs {
			w.raw("[terms." + lang + "]\n")
			w.str("term", t.term.in(lang))
			if t.desc.ja != "" {
				w.str("description", t.desc.in(lang))
			}
		}
	}
	return w.bytes()
}

// ---- TOML ----

// tomlWriter writes TOML 1.0 the way the real cards are written: one key per line,
// Markdown in multi-line strings.
type tomlWriter struct{ b bytes.Buffer }

func (w *tomlWriter) bytes() []byte { return w.b.Bytes() }

func (w *tomlWriter) raw(s string) { w.b.WriteString(s) }

func (w *tomlWriter) table(name string) { w.b.WriteString("\n[" + name + "]\n") }

func (w *tomlWriter) str(key, v string) { w.b.WriteString(key + " = " + quote(v) + "\n") }

func (w *tomlWriter) list(key string, vs []string) {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quote(v)
	}
	w.b.WriteString(key + " = [" + strings.Join(q, ", ") + "]\n")
}

// ml writes a multi-line basic string; v ends in a newline, so that the closing quotes
// stand on their own line.
func (w *tomlWriter) ml(key, v string) {
	w.b.WriteString(key + " = \"\"\"\n" + escape(v, true) + "\"\"\"\n")
}

func quote(s string) string { return "\"" + escape(s, false) + "\"" }

func escape(s string, multiline bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
