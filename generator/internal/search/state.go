package search

// An Index is saved (AppendBinary) and restored (UnmarshalIndex) in the following
// format, so that the next build can update it. All numbers are little-endian; the
// fixed-size parts come first, so that the 64-bit digests are aligned.
//
//	offset  size       what
//	0       8          magic: "SRCHIDX\n"
//	8       4          stateVersion
//	12      4          Version, the index file format
//	16      8          the rules' fingerprint (rulesFingerprint)
//	24      4          n, the number of records
//	28      4          m, the number of tokens
//	32      4          the length of the language
//	36      4          the length of the tokens
//	40      4          the length of the index file
//	44      4          zero
//	48      8n         the records' digests
//	...     4(n+1)     Index.recOff
//	...     4(m+1)     Index.listOff
//	...     4(m+1)     Index.tokOff
//	...                the language
//	...                the tokens, end to end
//	...     8          xxhash64 of the index file
//	end-8   8          xxhash64 of all the bytes before
//
// The index file itself, the bulk of what an Index holds (18 MB for 10,000 Japanese
// cards), is not in the state: it is the file the build published (Bytes), which the
// next build reads back from the output folder and gives UnmarshalIndex beside the
// state. The state holds its length and checksum, so that a file changed or replaced
// since is refused. It is restored by slicing, not copied. Where the parts of the file
// start follows from the language and the offsets. UnmarshalIndex checks the checksums
// and then everything Update and Bytes rely on not to go out of bounds: the offsets,
// the fixed text between the parts, the digits of the postings, the tokens (valid
// UTF-8, in order).

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

const stateMagic = "SRCHIDX\n"

// stateVersion is the version of the saved state. Change it whenever the saved format,
// the tokeniser, the index file or the checks on records change: a saved state of
// another version is refused, and the next build starts afresh. rulesFingerprint
// catches most changes of the tokeniser or the file that are forgotten here.
const stateVersion = 3

const stateHeader = 48

var (
	// ErrStale is the error of UnmarshalIndex for a state saved by another version
	// of this package: a build after an upgrade starts afresh.
	ErrStale = errors.New("search: saved index is from another version")
	// ErrCorrupt is the error of UnmarshalIndex for data that is not a whole,
	// intact saved index.
	ErrCorrupt = errors.New("search: saved index is corrupt")
)

// AppendBinary appends the state of x to b, for UnmarshalIndex; the format is
// described in state.go. The index file is not in it: UnmarshalIndex takes it apart.
// It fails only for an index file of 4 GiB or more.
func (x *Index) AppendBinary(b []byte) ([]byte, error) {
	start := len(b)
	b, err := x.appendHead(slices.Grow(b, x.headSize()+16))
	if err != nil {
		return b, err
	}
	b = binary.LittleEndian.AppendUint64(b, xxhash.Sum64(x.file))
	return binary.LittleEndian.AppendUint64(b, xxhash.Sum64(b[start:])), nil
}

// WriteTo writes the state of x to w, as AppendBinary appends it.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	b, err := x.AppendBinary(nil)
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// headSize is the size of the state before the checksums.
func (x *Index) headSize() int {
	n, m := len(x.digests), len(x.tokOff)-1
	return stateHeader + 8*n + 4*(n+1) + 8*(m+1) + len(x.lang) + len(x.tokens)
}

// appendHead appends the state of x up to the index file.
func (x *Index) appendHead(b []byte) ([]byte, error) {
	n, m := len(x.digests), len(x.tokOff)-1
	if uint64(len(x.file)) > math.MaxUint32 { // and so every count, length and offset
		return b, fmt.Errorf("search: an index of %d bytes is too large to save", len(x.file))
	}
	b = append(b, stateMagic...)
	for _, v := range []int{stateVersion, Version} {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	b = binary.LittleEndian.AppendUint64(b, rulesFingerprint())
	for _, v := range []int{n, m, len(x.lang), len(x.tokens), len(x.file), 0} {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	for _, d := range x.digests {
		b = binary.LittleEndian.AppendUint64(b, d)
	}
	for _, off := range [][]int{x.recOff, x.listOff, x.tokOff} {
		for _, v := range off {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
	}
	b = append(b, x.lang...)
	return append(b, x.tokens...), nil
}

// MarshalBinary returns the state of x, for UnmarshalIndex.
func (x *Index) MarshalBinary() ([]byte, error) { return x.AppendBinary(nil) }

// UnmarshalIndex restores an Index from its state, as AppendBinary saved it, and its
// index file, as Bytes returned it. It fails with ErrStale for a state saved by another
// version of the package, and with ErrCorrupt for a state that is truncated, damaged or
// not a saved index at all, or for a file that is not the one the state was saved with;
// the caller then builds afresh.
//
// The Index refers to data and file, which must not be modified afterwards: restoring
// slices the tokens and the file rather than copying them.
func UnmarshalIndex(data, file []byte) (*Index, error) {
	corrupt := func(what string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(what, args...))
	}
	if len(data) < stateHeader+16 || string(data[:len(stateMagic)]) != stateMagic {
		return nil, corrupt("not a saved index")
	}
	body := data[:len(data)-8]
	if xxhash.Sum64(body) != binary.LittleEndian.Uint64(data[len(body):]) {
		return nil, corrupt("checksum mismatch")
	}
	u32 := func(at int) int { return int(binary.LittleEndian.Uint32(data[at:])) }
	if v, f := u32(8), u32(12); v != stateVersion || f != Version {
		return nil, fmt.Errorf("%w: state version %d of index version %d, want %d of %d", ErrStale, v, f, stateVersion, Version)
	}
	if binary.LittleEndian.Uint64(data[16:]) != rulesFingerprint() {
		return nil, fmt.Errorf("%w: the tokeniser or the file format changed", ErrStale)
	}
	// The sizes in 64 bits, which no header overflows; once they add up to the data,
	// each is below len(data) and fits an int.
	h := func(at int) uint64 { return uint64(binary.LittleEndian.Uint32(data[at:])) }
	if size := stateHeader + 8*h(24) + 4*(h(24)+1) + 8*(h(28)+1) + h(32) + h(36) + 8; size != uint64(len(body)) {
		return nil, corrupt("%d bytes, the header says %d", len(body), size)
	}
	n, m, langLen, tokLen, fileLen := u32(24), u32(28), u32(32), u32(36), u32(40)
	if len(file) != fileLen {
		return nil, corrupt("an index file of %d bytes, the state's was %d", len(file), fileLen)
	}
	if xxhash.Sum64(file) != binary.LittleEndian.Uint64(body[len(body)-8:]) {
		return nil, corrupt("not the index file the state was saved with")
	}

	x := &Index{digests: make([]uint64, n)}
	at := stateHeader
	for i := range x.digests {
		x.digests[i] = binary.LittleEndian.Uint64(data[at:])
		at += 8
	}
	offsets := func(k int) []int {
		off := make([]int, k)
		for i := range off {
			off[i] = u32(at)
			at += 4
		}
		return off
	}
	x.recOff, x.listOff, x.tokOff = offsets(n+1), offsets(m+1), offsets(m+1)
	x.lang = string(data[at : at+langLen])
	at += langLen
	x.tokens = data[at : at+tokLen : at+tokLen]
	x.file = file[:len(file):len(file)]
	if err := x.check(); err != nil {
		return nil, corrupt("%v", err)
	}
	return x, nil
}

// check checks what Update and Bytes rely on in a restored Index, and sets where the
// parts of the file start.
func (x *Index) check() error {
	head := appendHead(nil, x.lang)
	if !langPattern.MatchString(x.lang) || !bytes.HasPrefix(x.file, head) {
		return errors.New("bad head")
	}
	x.postAt = len(head)
	if !ascending(x.listOff, len(x.file)-x.postAt) {
		return errors.New("bad postings offsets")
	}
	x.recAt = x.postAt + x.listOff[len(x.listOff)-1] + len(afterPostings)
	if !ascending(x.recOff, len(x.file)-x.recAt) {
		return errors.New("bad records offsets")
	}
	x.dictAt = x.recAt + x.recOff[len(x.recOff)-1] + len(afterRecords)
	if x.dictAt+2+len(fileTail) > len(x.file) ||
		string(x.file[x.recAt-len(afterPostings):x.recAt]) != afterPostings ||
		string(x.file[x.dictAt-len(afterRecords):x.dictAt]) != afterRecords ||
		!bytes.HasSuffix(x.file, []byte(`"`+fileTail)) || x.file[x.dictAt] != '"' {
		return errors.New("bad text between the parts")
	}

	// Each list is one or more numbers of at most 6 digits (numbers for up to 1.3
	// billion records), the last one final, after a space but for the first.
	for t := range len(x.listOff) - 1 {
		l := x.file[x.postAt+x.listOff[t] : x.postAt+x.listOff[t+1]]
		if t > 0 {
			if l[0] != ' ' {
				return fmt.Errorf("postings list %d: no space before it", t)
			}
			l = l[1:]
		}
		if len(l) == 0 || l[len(l)-1] >= firstLeading {
			return fmt.Errorf("postings list %d: empty or cut", t)
		}
		run := 0
		for _, c := range l {
			switch {
			case !isDigit[c]:
				return fmt.Errorf("postings list %d: bad digit %q", t, c)
			case c < firstLeading:
				run = 0
			case run == 5:
				return fmt.Errorf("postings list %d: a number out of range", t)
			default:
				run++
			}
		}
	}

	// Each record is a JSON array, after a comma but for the first. (Its insides
	// are only copied.)
	recs := x.file[x.recAt:]
	for i := range len(x.recOff) - 1 {
		r := recs[x.recOff[i]:x.recOff[i+1]]
		if i > 0 {
			if r[0] != ',' {
				return fmt.Errorf("record %d: no comma before it", i)
			}
			r = r[1:]
		}
		if len(r) < 2 || r[0] != '[' || r[len(r)-1] != ']' {
			return fmt.Errorf("record %d: not an array", i)
		}
	}

	// The tokens, which appendDict reads character by character and Update searches.
	if !ascending(x.tokOff, len(x.tokens)) || x.tokOff[len(x.tokOff)-1] != len(x.tokens) {
		return errors.New("bad token offsets")
	}
	var prev []byte
	for t := range len(x.tokOff) - 1 {
		tok := x.token(t)
		if len(tok) == 0 || !utf8.Valid(tok) || t > 0 && bytes.Compare(prev, tok) >= 0 {
			return fmt.Errorf("token %d: empty, out of order or not UTF-8", t)
		}
		prev = tok
	}
	return nil
}

// ascending reports whether off starts at 0 and ascends (by at least one after the
// first) to at most max.
func ascending(off []int, max int) bool {
	if len(off) == 0 || off[0] != 0 || off[len(off)-1] > max {
		return false
	}
	for i := 1; i < len(off); i++ {
		if off[i] <= off[i-1] {
			return false
		}
	}
	return true
}

var isDigit = func() (t [256]bool) {
	for _, d := range digits {
		t[d] = true
	}
	return t
}()

// rulesFingerprint is a digest of the index of a few records chosen to go through
// every rule of the tokeniser and of the file (folding, CJK runs and joiners, long
// shared prefixes, excerpts, escapes). A saved state records it, and a state with
// another is refused: a change of the rules that forgot stateVersion would otherwise
// leave the old tokens of unchanged records in every later index.
var rulesFingerprint = sync.OnceValue(func() uint64 {
	long := strings.Repeat("x", 30)
	text := "ＩＳＯ／ＩＥＣ　２７００２に基づくクラウドサービス（ｸﾗｳﾄﾞ）、ゼロ・トラスト\nの考え方。第 12 版 " +
		"Straße CAFÉ İstanbul ﬁle ① ㈱ ㍻ e\u0301 か\u3099 한국어 Ελληνικά \u2028\u00a0\u3000 \ufffd \xff \"q\" \\ </script> " +
		long + "a " + long + "b 長長長 \U00020000\U00020001 𝐀 ™ ℃ \x00\x1f\t\r\n"
	recs := []Record{
		{URL: "a.html", Title: "タイトル " + text, Section: "1.2", Kind: "scheme", Name: "ISO/IEC 27017", Body: strings.Repeat(text, 30)},
		{URL: "b.html#x", Title: "t", Kind: "term", Name: text, Body: "  short  body  "},
		{URL: "c.html", Title: text, Kind: "page"},
	}
	x, err := NewIndex("ja", recs)
	if err != nil {
		panic(err)
	}
	return xxhash.Sum64(x.Bytes())
})
