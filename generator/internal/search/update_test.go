package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// edits are the changes TestUpdateMatchesBuild makes to the records between builds.
var edits = []string{
	"title", "name", "body", "body-cut", "body-empty", "rare", "new", "several", "nothing",
	"ends", "swap", "url", "kind", "lang", "invalid", "count", "order",
}

// edit returns records after an edit of the given kind, and the language of the next
// build; for "rare", the token that no record holds any more, if it was one. It never
// modifies records.
func edit(rng *rand.Rand, kind, lang string, records []Record, step int) (recs []Record, nextLang, gone string) {
	recs = slices.Clone(records)
	words := []string{"クラウド", "監査", "の", "ゼロ・トラスト", "ｸﾗｳﾄﾞ", "cloud", "audit", "Straße", "ISO/IEC 27017", "e\u0301", "①", "\n", " "}
	text := func() string {
		if rng.IntN(4) == 0 {
			return nastyText(rng, rng.IntN(30))
		}
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	// insert puts s into t at a random character boundary.
	insert := func(t, s string) string {
		i := rng.IntN(len(t) + 1)
		for i < len(t) && !utf8RuneStart(t[i]) {
			i++
		}
		return t[:i] + s + t[i:]
	}
	one := func() int { return rng.IntN(len(recs)) }
	change := func(i int) {
		switch rng.IntN(3) {
		case 0:
			recs[i].Title = insert(recs[i].Title, text())
		case 1:
			recs[i].Name = text()
		default:
			recs[i].Body = insert(recs[i].Body, text())
		}
	}
	if len(recs) == 0 && kind != "count" && kind != "lang" {
		kind = "nothing"
	}
	switch kind {
	case "title":
		i := one()
		recs[i].Title = insert(recs[i].Title, text())
	case "name":
		recs[one()].Name = text()
	case "body":
		i := one()
		recs[i].Body = insert(recs[i].Body, text())
	case "body-cut": // tokens leave the record, maybe the index
		i := one()
		b := recs[i].Body
		j := rng.IntN(len(b) + 1)
		recs[i].Body = b[:j/2] + b[j:]
	case "body-empty":
		i := one()
		recs[i].Body, recs[i].Name = "", ""
	case "rare": // every occurrence of a token held by few records
		acr := recs[one()].Name
		if acronym.MatchString(acr) && !slices.Contains([]string{"THE", "AND", "ISO", "IEC"}, acr) {
			gone = strings.ToLower(acr) // the corpus's acronyms, in no other word
		} else if acr == "" {
			acr = "ISO"
		}
		for i := range recs {
			for _, s := range []*string{&recs[i].Title, &recs[i].Name, &recs[i].Body} {
				*s = strings.ReplaceAll(strings.ReplaceAll(*s, acr, ""), strings.ToLower(acr), "")
			}
			if strings.TrimSpace(recs[i].Title) == "" {
				recs[i].Title = "t"
			}
		}
	case "new": // tokens no record had, at the start, the end and inside the dictionary
		i := one()
		recs[i].Body = insert(recs[i].Body, fmt.Sprintf(" zq%dx 00%d 𠀀%c ", step, step, rune(0x20001+step)))
	case "several":
		for range 2 + rng.IntN(6) {
			change(one())
		}
	case "nothing":
	case "ends":
		change(0)
		change(len(recs) - 1)
	case "swap":
		i, j := one(), one()
		recs[i], recs[j] = recs[j], recs[i]
	case "url":
		recs[one()].URL = fmt.Sprintf("moved/%d.html", step)
	case "kind":
		i := one()
		recs[i].Kind = Kinds[(slices.Index(Kinds, recs[i].Kind)+1)%len(Kinds)]
	case "lang":
		if lang == "ja" {
			lang = "ja-JP"
		} else {
			lang = strings.TrimSuffix(lang, "-JP")
		}
	case "invalid":
		i := one()
		recs[i].Title, recs[i].URL = " ", "/rooted.html"
	case "count":
		if len(recs) > 0 && rng.IntN(2) == 0 {
			recs = slices.Delete(recs, len(recs)-1, len(recs))
		} else {
			recs = append(recs, Record{URL: "new.html", Title: text() + "t", Kind: "page", Body: text()})
		}
	case "order":
		if len(recs) > 1 {
			recs = append(recs[1:], recs[0])
		}
	default:
		panic(kind)
	}
	return recs, lang, gone
}

var acronym = regexp.MustCompile(`^[A-Z]{3,6}$`)

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// TestUpdateMatchesBuild updates indexes through random edits of realistic and of
// hostile records and checks, after each, that the index is byte for byte that of
// Build, that Update went the expected way (patching or building afresh), that the
// previous index was left as it was, and that the index survives saving and restoring.
func TestUpdateMatchesBuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	type run struct {
		lang  string
		recs  []Record
		steps int
	}
	runs := map[string]run{
		"fixture-ja": {"ja", fixture["ja"], 60},
		"fixture-en": {"en", fixture["en"], 60},
		"corpus-ja":  {"ja", corpus("ja", 60), 80},
		"corpus-en":  {"en", corpus("en", 60), 80},
		"nasty":      {"ja", nastyRecords(rng, 25), 80},
		"empty":      {"en", nil, 10},
		// Each edit once, on a corpus the size of a real survey's.
		"large-ja": {"ja", corpus("ja", 2000), len(edits)},
		"large-en": {"en", corpus("en", 2000), len(edits)},
	}
	for name, r := range runs {
		seed := uint64(len(name))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testUpdate(t, rand.New(rand.NewPCG(seed, 9)), r.lang, r.recs, r.steps)
		})
	}
}

func testUpdate(t *testing.T, rng *rand.Rand, lang string, recs []Record, steps int) {
	x, err := NewIndex(lang, recs)
	if err != nil {
		t.Fatal(err)
	}
	order := rng.Perm(len(edits))
	var patched, added, dropped int
	for step := range steps {
		kind := edits[rng.IntN(len(edits))]
		if steps == len(edits) {
			kind = edits[order[step]]
		}
		next, nextLang, gone := edit(rng, kind, lang, recs, step)
		if step%3 == 1 {
			data, err := x.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var w bytes.Buffer
			if n, err := x.WriteTo(&w); err != nil || n != int64(len(data)) || !bytes.Equal(w.Bytes(), data) {
				t.Fatalf("step %d: WriteTo wrote %d bytes (%v), not the %d of MarshalBinary", step, n, err, len(data))
			}
			// The file as the next build reads it back: another copy of the bytes.
			if x, err = UnmarshalIndex(data, bytes.Clone(x.Bytes())); err != nil {
				t.Fatalf("step %d: restoring: %v", step, err)
			}
		}
		before := bytes.Clone(x.Bytes())
		// Through UpdateFrom, which Update calls, to see which records it reads.
		var mu sync.Mutex
		read := map[int]bool{}
		y, err := x.UpdateFrom(nextLang, Digests(next), func(i int) Record {
			mu.Lock()
			defer mu.Unlock()
			read[i] = true
			return next[i]
		})
		want, wantErr := Build(nextLang, next)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("step %d (%s): Update fails with %v, Build with %v", step, kind, err, wantErr)
		}
		if !bytes.Equal(x.Bytes(), before) {
			t.Fatalf("step %d (%s): Update modified the index it updated", step, kind)
		}
		if err != nil {
			continue // x stays the index of recs
		}
		if have := y.Bytes(); !bytes.Equal(have, want) {
			t.Fatalf("step %d (%s): Update differs from Build at byte %d of %d", step, kind, firstDiff(have, want), len(want))
		}
		// The routing: patch when the count is the same and some records changed,
		// but not too many; give x back when nothing changed.
		diff := 0
		for i := range min(len(recs), len(next)) {
			if recs[i] != next[i] {
				diff++
			}
		}
		same := len(recs) == len(next)
		switch {
		case same && diff == 0 && lang == nextLang:
			if y != x {
				t.Errorf("step %d (%s): nothing changed but Update made a new index", step, kind)
			}
		case y.patched != (same && diff <= maxPatched(len(next))):
			t.Errorf("step %d (%s): %d of %d records changed (%d before), patched = %v", step, kind, diff, len(next), len(recs), y.patched)
		}
		switch {
		case y.patched || y == x:
			for i := range next {
				if read[i] != (recs[i] != next[i]) {
					t.Fatalf("step %d (%s): record %d read %v, changed %v", step, kind, i, read[i], recs[i] != next[i])
				}
			}
		case len(read) != len(next):
			t.Fatalf("step %d (%s): built afresh from %d of %d records", step, kind, len(read), len(next))
		}
		if y.patched {
			patched++
		} else if same && err == nil {
			// Patching gives the same index for any change, even where building
			// afresh is cheaper.
			if have := forcePatch(x, nextLang, next).Bytes(); !bytes.Equal(have, want) {
				t.Fatalf("step %d (%s): patching differs from Build at byte %d of %d", step, kind, firstDiff(have, want), len(want))
			}
		}
		// The offsets of the new index: what a restored one is checked for.
		c := *y
		if err := c.check(); err != nil || c.postAt != y.postAt || c.recAt != y.recAt || c.dictAt != y.dictAt {
			t.Fatalf("step %d (%s): inconsistent index: %v", step, kind, err)
		}
		a, d := tokenChanges(x, y)
		added += a
		dropped += d
		if gone != "" && (!hasToken(x, gone) || hasToken(y, gone)) {
			t.Errorf("step %d (%s): token %q was not in the index, or still is", step, kind, gone)
		}
		x, recs, lang = y, next, nextLang
	}
	if steps >= len(edits) && (patched < steps/5 || added == 0 || dropped == 0) {
		t.Errorf("%d steps, %d patched, %d tokens added, %d dropped: the edits do not test Update", steps, patched, added, dropped)
	}
}

func hasToken(x *Index, tok string) bool {
	for t := range len(x.tokOff) - 1 {
		if string(x.token(t)) == tok {
			return true
		}
	}
	return false
}

// forcePatch returns x patched into the index of records, as Update does for few
// changes, whatever their number. The records must be valid and as many as x's.
func forcePatch(x *Index, lang string, records []Record) *Index {
	digests := Digests(records)
	var changed []int
	for i := range digests {
		if digests[i] != x.digests[i] {
			changed = append(changed, i)
		}
	}
	return x.patch(lang, records, digests, changed)
}

// tokenChanges returns how many tokens y has that x has not, and the other way round.
func tokenChanges(x, y *Index) (added, dropped int) {
	i, j := 0, 0
	for i < len(x.tokOff)-1 || j < len(y.tokOff)-1 {
		switch {
		case i == len(x.tokOff)-1:
			added, j = added+1, j+1
		case j == len(y.tokOff)-1:
			dropped, i = dropped+1, i+1
		default:
			switch c := bytes.Compare(x.token(i), y.token(j)); {
			case c < 0:
				dropped, i = dropped+1, i+1
			case c > 0:
				added, j = added+1, j+1
			default:
				i, j = i+1, j+1
			}
		}
	}
	return added, dropped
}

// TestUpdateEdges walks through updates at the edges of the dictionary and of the
// postings: the first and the last token and record, tokens whose every record
// changes, an index that loses all its tokens and gets them back.
func TestUpdateEdges(t *testing.T) {
	rec := func(url, title, body string) Record { return Record{URL: url, Title: title, Kind: "page", Body: body} }
	steps := [][]Record{
		{rec("a.html", "m", "m n"), rec("b.html", "m", "n"), rec("c.html", "x", "m")},
		// A first and a last token:
		{rec("a.html", "m", "0 m n"), rec("b.html", "m", "n"), rec("c.html", "x", "m 𠀀")},
		// Gone again:
		{rec("a.html", "m", "m n"), rec("b.html", "m", "n"), rec("c.html", "x", "m")},
		// A record leaves a list:
		{rec("a.html", "m", "n"), rec("b.html", "m", "n"), rec("c.html", "x", "m")},
		// First and last records lose all:
		{rec("a.html", "、", ""), rec("b.html", "m", "n"), rec("c.html", "、", "")},
		// No tokens at all:
		{rec("a.html", "、", ""), rec("b.html", "、", ""), rec("c.html", "、", "")},
		// From nothing:
		{rec("a.html", "z", "a"), rec("b.html", "、", ""), rec("c.html", "、", "")},
		// The same tokens, more records:
		{rec("a.html", "z", "a"), rec("b.html", "、", ""), rec("c.html", "z", "a b")},
		// The same tokens, other fields:
		{rec("a.html", "a", "z"), rec("b.html", "、", ""), rec("c.html", "z", "a b")},
		// A token moves:
		{rec("a.html", "a", "z"), rec("b.html", "b", "b"), rec("c.html", "z", "a")},
		// First and last swap:
		{rec("c.html", "z", "a"), rec("b.html", "b", "b"), rec("a.html", "a", "z")},
		// No token changes:
		{rec("c.html", "z", "a"), rec("b.html", "b", "b"), rec("a.html", "a", "z"+strings.Repeat(" z", 3))},
	}
	// Gaps that need more digits once a record between leaves, and fewer once one
	// comes in.
	var many, holes []Record
	for i := range 400 {
		many = append(many, rec(fmt.Sprintf("%d.html", i), "t", fmt.Sprint("common w", i%5)))
		holes = append(holes, many[i])
		if i%50 != 0 {
			holes[i].Body = ""
		}
	}
	steps = append(steps, many, holes, many)
	x, err := NewIndex("en", steps[0])
	if err != nil {
		t.Fatal(err)
	}
	for i, recs := range steps[1:] {
		if len(recs) == len(steps[i]) {
			x = forcePatch(x, "en", recs)
		} else if x, err = x.Update("en", recs); err != nil {
			t.Fatal(err)
		}
		want, err := Build("en", recs)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x.Bytes(), want) {
			t.Fatalf("step %d: Update differs from Build at byte %d:\nhave %s\nwant %s", i+1, firstDiff(x.Bytes(), want), x.Bytes(), want)
		}
	}
}

// TestUnmarshalIndexRefusesDamage flips every byte of a saved state and of its index
// file, cuts each at every length and changes the state's versions: each must be
// refused, with the right error.
func TestUnmarshalIndexRefusesDamage(t *testing.T) {
	recs := fixture["ja"]
	x, err := NewIndex("ja", recs)
	if err != nil {
		t.Fatal(err)
	}
	data, err := x.AppendBinary([]byte("prefix"))
	if err != nil {
		t.Fatal(err)
	}
	data = data[len("prefix"):]
	file := bytes.Clone(x.Bytes())
	y, err := UnmarshalIndex(data, file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(y.Bytes(), x.Bytes()) || !slices.Equal(y.digests, x.digests) || !slices.Equal(y.recOff, x.recOff) ||
		!slices.Equal(y.listOff, x.listOff) || !slices.Equal(y.tokOff, x.tokOff) || !bytes.Equal(y.tokens, x.tokens) ||
		y.lang != x.lang || y.postAt != x.postAt || y.recAt != x.recAt || y.dictAt != x.dictAt {
		t.Fatal("the restored index differs")
	}
	if bytes.Contains(data, file[x.recAt:x.dictAt]) {
		t.Error("the state holds the index file's records")
	}

	for _, whole := range [][]byte{data, file} {
		damaged := func(b []byte) (*Index, error) {
			if &whole[0] == &data[0] {
				return UnmarshalIndex(b, file)
			}
			return UnmarshalIndex(data, b)
		}
		for i := range whole {
			for _, bit := range []byte{0x01, 0x80} {
				bad := bytes.Clone(whole)
				bad[i] ^= bit
				if _, err := damaged(bad); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("byte %d of %d flipped: %v", i, len(whole), err)
				}
			}
		}
		for n := range len(whole) {
			if _, err := damaged(whole[:n]); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("cut at %d of %d: %v", n, len(whole), err)
			}
		}
		if _, err := damaged(append(bytes.Clone(whole), 0)); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("a byte more than %d: %v", len(whole), err)
		}
	}
	// Another version, with a right checksum: stale, not corrupt.
	for _, at := range []int{8, 12, 16} {
		bad, _ := resum(data, file, func(b, _ []byte) { b[at]++ })
		if _, err := UnmarshalIndex(bad, file); !errors.Is(err, ErrStale) {
			t.Errorf("field at %d changed: %v", at, err)
		}
	}
}

// resum returns copies of a state and its index file changed by f, with the state's
// checksums of the file and of itself made right again.
func resum(data, file []byte, f func(state, file []byte)) ([]byte, []byte) {
	b, fl := bytes.Clone(data), bytes.Clone(file)
	f(b, fl)
	binary.LittleEndian.PutUint64(b[len(b)-16:], xxhash.Sum64(fl))
	binary.LittleEndian.PutUint64(b[len(b)-8:], xxhash.Sum64(b[:len(b)-8]))
	return b, fl
}

// TestUnmarshalIndexChecksStructure changes every byte of a saved state and of its
// index file and makes the checksums right again, as a bug in a later version could:
// UnmarshalIndex may accept the change (in text it only copies), but then updating the
// index must not panic.
func TestUnmarshalIndexChecksStructure(t *testing.T) {
	recs := fixture["en"]
	x, err := NewIndex("en", recs)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := x.MarshalBinary()
	file := x.Bytes()
	next := slices.Clone(recs)
	next[0].Body += " more text"
	next[2].Title = "Zero"
	refused := 0
	try := func(bad, badFile []byte) {
		y, err := UnmarshalIndex(bad, badFile)
		if err != nil {
			refused++
			return
		}
		y.Update("en", next)
	}
	for i := range len(data) - 16 {
		for _, v := range []byte{0, ' ', 'P', 0xFF, data[i] + 1} {
			try(resum(data, file, func(b, _ []byte) { b[i] = v }))
		}
	}
	for i := range file {
		for _, v := range []byte{0, ' ', 'P', 0xFF, file[i] + 1} {
			try(resum(data, file, func(_, f []byte) { f[i] = v }))
		}
	}
	if refused == 0 {
		t.Error("no change refused")
	}
}

// TestUnmarshalIndexChecksPostings damages the postings and the tokens of a saved
// index, with the checksums made right: each damage must be refused.
func TestUnmarshalIndexChecksPostings(t *testing.T) {
	x, err := NewIndex("en", corpus("en", 50))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := x.MarshalBinary()
	file := x.Bytes()
	long := 0 // a list of 12 bytes or more
	for long < len(x.listOff)-1 && len(x.list(long)) < 12 {
		long++
	}
	listAt := x.postAt + x.listOff[long] + 1
	tokAt := len(data) - 16 - len(x.tokens) // where the tokens start in the state
	tok := func(t int) int { return tokAt + x.tokOff[t] }
	for name, damage := range map[string]func(b, f []byte){
		"a number of 12 digits": func(_, f []byte) { copy(f[listAt:], "~~~~~~~~~~~!") },
		"a digit that is not":   func(_, f []byte) { f[listAt] = '"' },
		"a list cut":            func(_, f []byte) { f[listAt+len(x.list(long))-1] = 'P' },
		"a space too many":      func(_, f []byte) { f[listAt+1] = ' ' },
		"tokens out of order":   func(b, _ []byte) { b[tok(1)] = b[tok(0)] - 1 },
		"a token not UTF-8":     func(b, _ []byte) { b[tok(3)] = 0x80 },
		"a comma missing":       func(_, f []byte) { f[x.recAt+x.recOff[1]] = ' ' },
	} {
		if _, err := UnmarshalIndex(resum(data, file, damage)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// FuzzUpdate updates an index of a few records with one record changed to the fuzzed
// text, through a saved state, and checks it against Build.
func FuzzUpdate(f *testing.F) {
	f.Add(uint8(0), "ゼロトラスト", "ISMAP", "クラウド\nサービス")
	f.Add(uint8(4), "", "e\u0301", "\xff"+strings.Repeat("x", 40))
	f.Add(uint8(2), "、", "", "")
	f.Fuzz(func(t *testing.T, at uint8, title, name, body string) {
		recs := slices.Clone(fixture["ja"])
		x, err := NewIndex("ja", recs)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := x.MarshalBinary()
		if x, err = UnmarshalIndex(data, bytes.Clone(x.Bytes())); err != nil {
			t.Fatal(err)
		}
		r := &recs[int(at)%len(recs)]
		r.Title, r.Name, r.Body = "t"+title, name, body
		y, err := x.Update("ja", recs)
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := Build("ja", recs); !bytes.Equal(y.Bytes(), want) {
			t.Errorf("Update differs from Build at byte %d", firstDiff(y.Bytes(), want))
		}
	})
}

// TestDigest checks that a record's digest covers every field, its body through
// BodySum only, and that Digests agrees with Digest.
func TestDigest(t *testing.T) {
	r := Record{URL: "a.html", Title: "t", Section: "1", Kind: "page", Name: "n", Body: "body"}
	d := Digest(r, BodySum(r.Body))
	if Digests([]Record{r})[0] != d {
		t.Error("Digests differs from Digest")
	}
	noBody := r
	noBody.Body = ""
	if Digest(noBody, BodySum(r.Body)) != d {
		t.Error("Digest read the body")
	}
	for i, other := range []Record{
		{URL: "b.html", Title: "t", Section: "1", Kind: "page", Name: "n"},
		{URL: "a.html", Title: "T", Section: "1", Kind: "page", Name: "n"},
		{URL: "a.html", Title: "t", Section: "2", Kind: "page", Name: "n"},
		{URL: "a.html", Title: "t", Section: "1", Kind: "term", Name: "n"},
		{URL: "a.html", Title: "t", Section: "1", Kind: "page", Name: "m"},
		// The same bytes, in other fields:
		{URL: "a.htm", Title: "lt", Section: "1", Kind: "page", Name: "n"},
	} {
		if Digest(other, BodySum(r.Body)) == d {
			t.Errorf("record %d: the same digest as another", i)
		}
	}
	if Digest(noBody, BodySum("other")) == d {
		t.Error("another body, the same digest")
	}
}
