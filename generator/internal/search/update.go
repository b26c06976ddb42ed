package search

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/cespare/xxhash/v2"

	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

// Update returns the index of records, the new full list, reusing x, the index of the
// previous build. Records are matched by position: a record whose digest of all its
// fields differs from that of the record at the same position in x is re-tokenised,
// and only the postings lists of the tokens it had or has are rewritten; the rest of
// the file is copied as it is. The result is the same as NewIndex(lang, records), and
// its Bytes the same as Build(lang, records).
//
// Update builds afresh when x is nil, when the number of records differs, or when so
// many records changed that building afresh is cheaper (a record inserted or moved
// near the start changes every position after it). The digest covers the URL and the
// kind too, so a record replaced by another at the same position is one changed record.
//
// Update never modifies x, which stays valid whether Update fails or not; the result
// may share memory with x, and is x itself when nothing changed. Errors are those of
// Build; records that did not change are known to be good.
func (x *Index) Update(lang string, records []Record) (*Index, error) {
	return x.UpdateFrom(lang, Digests(records), func(i int) Record { return records[i] })
}

// UpdateFrom is Update for records given by their digests ([Digest], in order) and one
// by one: record(i) is called only for the records Update needs in full, those whose
// digest changed, or all of them when it builds afresh. A caller that keeps each body's
// digest ([BodySum]) need not have the bodies of the others at hand. record may be
// called from several goroutines at once.
func (x *Index) UpdateFrom(lang string, digests []uint64, record func(i int) Record) (*Index, error) {
	if x == nil || len(digests) != len(x.digests) {
		return newIndex(lang, allRecords(len(digests), record), digests)
	}
	var changed []int
	for i, d := range digests {
		if d != x.digests[i] {
			changed = append(changed, i)
		}
	}
	if len(changed) > maxPatched(len(digests)) {
		return newIndex(lang, allRecords(len(digests), record), digests)
	}
	records := make([]Record, len(digests)) // the changed ones
	var errs []error
	if !langPattern.MatchString(lang) {
		errs = append(errs, errLang(lang))
	}
	for _, i := range changed {
		records[i] = record(i)
		if err := records[i].check(); err != nil {
			errs = append(errs, errRecord(i, records[i], err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(changed) == 0 && lang == x.lang {
		return x, nil
	}
	return x.patch(lang, records, digests, changed), nil
}

// allRecords returns the n records of record, taken on every core (each may read its
// body from disk).
func allRecords(n int, record func(i int) Record) []Record {
	records := make([]Record, n)
	parallel.ForEach(n, func(i int) { records[i] = record(i) })
	return records
}

// maxPatched is how many of n records may change for Update to patch the index
// rather than build it afresh. Patching costs a pass over the postings and a copy of
// the file (some 10 ms for 10,000 records) plus the tokenising of the changed records,
// which building afresh does for every record; but building afresh writes the
// records' part on a second core meanwhile, and patching many records splices most
// postings lists in many places. BenchmarkPatchMany measures it: for 10,000 Japanese
// cards, patching half of them costs about two thirds of a build, three quarters
// about as much as one.
func maxPatched(n int) int { return n / 2 }

// Digest returns the digest of the fields of r by which Update tells whether it
// changed, given bodySum, the digest of its body ([BodySum]): r.Body itself is not
// read. Each field is preceded by its length, so that no two records give the same
// stream of bytes.
func Digest(r Record, bodySum uint64) uint64 {
	var d xxhash.Digest
	d.Reset()
	var n [8]byte
	for _, s := range [...]string{r.URL, r.Title, r.Section, r.Kind, r.Name} {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		d.Write(n[:])
		d.WriteString(s)
	}
	binary.LittleEndian.PutUint64(n[:], bodySum)
	d.Write(n[:])
	return d.Sum64()
}

// BodySum returns the digest of a record's body, for [Digest]: xxhash64 of its bytes.
func BodySum(body string) uint64 { return xxhash.Sum64String(body) }

// Digests returns the digests of records ([Digest]), on every core: they read all the
// text of the survey (30 MB for 10,000 cards in two languages).
func Digests(records []Record) []uint64 {
	digests := make([]uint64, len(records))
	parallel.ForEach(len(records), func(i int) { digests[i] = Digest(records[i], BodySum(records[i].Body)) })
	return digests
}

// entry is one entry of a postings list: a record and its fields minus one (0 to 6).
type entry struct {
	rec, f int
}

// patch returns the index of records made from x, given their digests and the
// positions of the records that changed, in order.
func (x *Index) patch(lang string, records []Record, digests []uint64, changed []int) *Index {
	// The new versions of the changed records: their tokens, with their postings
	// among the changed records, and their parts of the records.
	ix := newIndexer()
	var frags, line []byte
	fragOff := make([]int, len(changed)+1)
	for k, c := range changed {
		r := records[c]
		ix.add(r.Title, inTitle)
		ix.add(r.Name, inName)
		ix.add(r.Body, inBody)
		ix.endRecord(c)
		fragOff[k] = len(frags)
		frags, line = appendRecord(frags, line, r)
	}
	fragOff[len(changed)] = len(frags)
	order := ix.sorted()

	isChanged := make([]bool, len(records))
	for _, c := range changed {
		isChanged[c] = true
	}
	last := -1 // the last changed record
	if len(changed) > 0 {
		last = changed[len(changed)-1]
	}

	// The tokens of the changed records, in order: where each is or would go among
	// the old tokens, and its entries.
	type newToken struct {
		id    int32
		at    int  // the old token it is, or the first old token after it
		found bool // it is an old token
		adds  []entry
	}
	toks := make([]newToken, len(order))
	var entries []entry
	starts := make([]int, len(order)+1)
	for i, id := range order {
		starts[i] = len(entries)
		entries = decodeList(entries, ix.postings[id])
	}
	starts[len(order)] = len(entries)
	m := len(x.tokOff) - 1
	lo := 0
	for i, id := range order {
		tok := ix.tokens[id]
		// Binary search among the old tokens after the previous one's place.
		at, hi := lo, m
		for at < hi {
			mid := int(uint(at+hi) / 2)
			if string(x.token(mid)) < tok {
				at = mid + 1
			} else {
				hi = mid
			}
		}
		lo = at
		toks[i] = newToken{id, at, at < m && string(x.token(at)) == tok, entries[starts[i]:starts[i+1]:starts[i+1]]}
	}

	// The size of the file, which it seldom outgrows: an entry added, and the one
	// after it encoded anew, take at most 16 bytes; a new token at most 6 bytes of
	// JSON for each of its bytes; an old token left out may lengthen the front coding
	// of the next one a little.
	p := patcher{x: x}
	size := len(x.file) - len(x.lang) + 2*len(lang) + len(frags) + 16*len(entries) + 4096
	for _, c := range changed {
		size -= x.recOff[c+1] - x.recOff[c]
	}
	for _, t := range toks {
		if !t.found {
			size += 6*len(ix.tokens[t.id]) + 2
		}
	}
	p.out = appendHead(make([]byte, 0, size), lang)
	p.postAt = len(p.out)
	p.listOff = make([]int, 0, m+len(order)+1)

	// The postings: old lists as they are, in runs, but those of the changed
	// records' tokens and those that hold a changed record, which are spliced.
	k := 0
	for t := 0; t <= m; t++ {
		for k < len(toks) && toks[k].at == t && !toks[k].found {
			// A new token: its list holds changed records alone.
			p.flushLists(t)
			p.appendList(ix.postings[toks[k].id])
			p.insertToken(t, ix.tokens[toks[k].id])
			k++
		}
		if t == m {
			break
		}
		var adds []entry
		if k < len(toks) && toks[k].at == t {
			adds = toks[k].adds
			k++
		}
		old := x.list(t)
		s, prev := firstChange(old, adds, isChanged, last)
		if s < 0 {
			continue // as it is, in the run that flushLists copies
		}
		p.flushLists(t)
		mark := len(p.out)
		p.appendList(nil)
		at := len(p.out)
		p.out = splice(p.out, old, s, prev, adds, isChanged, last)
		if len(p.out) == at {
			// The token's records all changed, and none holds it now.
			p.out = p.out[:mark]
			p.listOff = p.listOff[:len(p.listOff)-1]
			p.dropToken(t)
		}
		p.listRun = t + 1
	}
	p.flushLists(m)
	p.listOff = append(p.listOff, len(p.out)-p.postAt)

	y := &Index{lang: lang, postAt: p.postAt, digests: digests, listOff: p.listOff, tokens: x.tokens, tokOff: x.tokOff, patched: true}
	if p.tokensChanged {
		p.flushTokens(m)
		y.tokens, y.tokOff = p.tokens, append(p.tokOff, len(p.tokens))
	}

	// The records: the old ones as they are, in runs, and the changed ones anew.
	p.out = append(p.out, afterPostings...)
	y.recAt = len(p.out)
	y.recOff = make([]int, len(records)+1)
	from := 0
	copyRecords := func(to int) {
		if from >= to {
			return
		}
		shift := len(p.out) - y.recAt - x.recOff[from]
		for i := from; i < to; i++ {
			y.recOff[i] = x.recOff[i] + shift
		}
		p.out = append(p.out, x.file[x.recAt+x.recOff[from]:x.recAt+x.recOff[to]]...)
	}
	for k, c := range changed {
		copyRecords(c)
		y.recOff[c] = len(p.out) - y.recAt
		if c > 0 {
			p.out = append(p.out, ',')
		}
		p.out = append(p.out, frags[fragOff[k]:fragOff[k+1]]...)
		from = c + 1
	}
	copyRecords(len(records))
	y.recOff[len(records)] = len(p.out) - y.recAt

	p.out = append(p.out, afterRecords...)
	y.dictAt = len(p.out)
	if p.tokensChanged {
		p.out = appendDict(p.out, y.tokens, y.tokOff)
	} else {
		p.out = append(p.out, x.file[x.dictAt:len(x.file)-len(fileTail)]...)
	}
	y.file = append(p.out, fileTail...)
	return y
}

// token returns the t-th token of x.
func (x *Index) token(t int) []byte { return x.tokens[x.tokOff[t]:x.tokOff[t+1]] }

// list returns the postings list of the t-th token of x, without the space before it.
func (x *Index) list(t int) []byte {
	l := x.file[x.postAt+x.listOff[t] : x.postAt+x.listOff[t+1]]
	if t > 0 {
		l = l[1:]
	}
	return l
}

// patcher writes the postings lists and the tokens of an Index made from x, copying
// runs of x's lists and tokens that stay as they are.
type patcher struct {
	x       *Index
	out     []byte // the file
	postAt  int    // where the postings start in out
	listOff []int  // as in Index
	listRun int    // the first of x's lists that is yet to be written

	tokens        []byte // as in Index, once tokensChanged
	tokOff        []int
	tokRun        int // the first of x's tokens that is yet to be written
	tokensChanged bool
}

// appendList appends a postings list.
func (p *patcher) appendList(l []byte) {
	p.listOff = append(p.listOff, len(p.out)-p.postAt)
	if len(p.listOff) > 1 {
		p.out = append(p.out, ' ')
	}
	p.out = append(p.out, l...)
}

// flushLists writes x's lists from listRun to t, which stay as they are.
func (p *patcher) flushLists(t int) {
	a := p.listRun
	if a >= t {
		return
	}
	x := p.x
	// The first on its own, since the space before it comes and goes; the others
	// with theirs, in one piece.
	p.appendList(x.list(a))
	if a+1 < t {
		shift := len(p.out) - p.postAt - x.listOff[a+1]
		for i := a + 1; i < t; i++ {
			p.listOff = append(p.listOff, x.listOff[i]+shift)
		}
		p.out = append(p.out, x.file[x.postAt+x.listOff[a+1]:x.postAt+x.listOff[t]]...)
	}
	p.listRun = t
}

// insertToken adds tok before x's token t.
func (p *patcher) insertToken(t int, tok string) {
	p.flushTokens(t)
	p.tokOff = append(p.tokOff, len(p.tokens))
	p.tokens = append(p.tokens, tok...)
}

// dropToken leaves out x's token t.
func (p *patcher) dropToken(t int) {
	p.flushTokens(t)
	p.tokRun = t + 1
}

// flushTokens writes x's tokens from tokRun to t, from the first change of the tokens
// on; until then, they may stay x's.
func (p *patcher) flushTokens(t int) {
	x := p.x
	if !p.tokensChanged {
		p.tokensChanged = true
		p.tokens = make([]byte, 0, len(x.tokens)+len(x.tokens)/8)
		p.tokOff = make([]int, 0, cap(p.listOff))
	}
	a := p.tokRun
	if a >= t {
		return
	}
	shift := len(p.tokens) - x.tokOff[a]
	for i := a; i < t; i++ {
		p.tokOff = append(p.tokOff, x.tokOff[i]+shift)
	}
	p.tokens = append(p.tokens, x.tokens[x.tokOff[a]:x.tokOff[t]]...)
	p.tokRun = t
}

// digitValue is the value of each digit of the postings, less base for leading digits.
var digitValue = func() (v [256]uint8) {
	for i, d := range digits {
		v[d] = uint8(i % base)
	}
	return v
}()

// firstLeading is the smallest leading digit: the final digits are all below it.
const firstLeading = 'P'

// decodeList appends the entries of the postings list l to e.
func decodeList(e []entry, l []byte) []entry {
	rec, acc := -1, 0
	for _, c := range l {
		if c >= firstLeading {
			acc = acc*base + int(digitValue[c])
			continue
		}
		n := acc*base + int(digitValue[c])
		acc = 0
		rec += n/7 + 1
		e = append(e, entry{rec, n % 7})
	}
	return e
}

// firstChange returns where the postings list old first changes when the entries of
// the changed records (isChanged, the last of them last) are dropped and adds, in
// order, put in their place: the offset of the first entry dropped, re-encoded or
// preceded by an addition (len(old) for additions after the end), and the record of
// the entry before it (-1 for none). It returns -1, 0 when the list stays as it is.
//
// Every list goes through here on every update: the loop only adds up the gaps, and
// stops after the last changed record.
func firstChange(old []byte, adds []entry, isChanged []bool, last int) (int, int) {
	next := math.MaxInt // the first addition
	if len(adds) > 0 {
		next = adds[0].rec
	}
	rec, acc, start := -1, 0, 0
	for i, c := range old {
		if c >= firstLeading {
			acc = acc*base + int(digitValue[c])
			continue
		}
		r := rec + (acc*base+int(digitValue[c]))/7 + 1
		acc = 0
		if r >= next || uint(r) < uint(len(isChanged)) && isChanged[r] {
			return start, rec
		}
		if r > last { // and so beyond next: no change ahead
			return -1, 0
		}
		rec, start = r, i+1
	}
	if len(adds) > 0 {
		return len(old), rec
	}
	return -1, 0
}

// splice appends the postings list old to out with the entries of the changed
// records dropped and adds put in their place, given where it first changes and the
// record before (firstChange). Entries whose gap stays the same are copied as they
// are; only those after a dropped or added entry are encoded anew.
func splice(out, old []byte, s, prev int, adds []entry, isChanged []bool, last int) []byte {
	out = append(out, old[:s]...)
	oldPrev, newPrev := prev, prev // the record before, in old and in out
	from := s                      // old[from:] is yet to be written
	for i := s; i < len(old); {
		start, acc := i, 0
		for i < len(old)-1 && old[i] >= firstLeading {
			acc = acc*base + int(digitValue[old[i]])
			i++
		}
		n := acc*base + int(digitValue[old[i]])
		i++
		rec, f := oldPrev+n/7+1, n%7
		for len(adds) > 0 && adds[0].rec < rec {
			out = append(out, old[from:start]...)
			out = appendNumber(out, (adds[0].rec-newPrev-1)*7+adds[0].f)
			newPrev, adds, from = adds[0].rec, adds[1:], start
		}
		switch {
		case uint(rec) < uint(len(isChanged)) && isChanged[rec]:
			// Dropped: its new version, if any, is among adds.
			out = append(out, old[from:start]...)
			from = i
		case newPrev != oldPrev:
			out = append(out, old[from:start]...)
			out = appendNumber(out, (rec-newPrev-1)*7+f)
			newPrev, from = rec, i
		default:
			newPrev = rec
		}
		oldPrev = rec
		if rec >= last && len(adds) == 0 && newPrev == oldPrev {
			break // the rest stays as it is
		}
	}
	out = append(out, old[from:]...)
	for _, a := range adds {
		out = appendNumber(out, (a.rec-newPrev-1)*7+a.f)
		newPrev = a.rec
	}
	return out
}
