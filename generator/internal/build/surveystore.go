package build

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"github.com/cespare/xxhash/v2"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
	"github.com/jipdec-survey/cloudsec/generator/internal/stamp"
)

// surveyPath is the export that surveyStore locates the schemes in.
const surveyPath = "data/survey.json"

// surveyStore keeps, beside the stamp (in the file of the stamp plus ".survey"), where
// each scheme is in the data/survey.json a build wrote (render.SurveyStore), so that the
// next build copies the schemes it took from the card cache out of that file instead of
// encoding them again. The file names the generator on its first line; then the start
// of the build that wrote it, the size of its data/survey.json and a checksum (xxh64) of
// the rest; then one line per scheme: its id, offset and length.
//
// Load trusts the file only when its checksum holds, its ranges lie in the file without
// overlapping, the stamp of the last build is the one that went with it, and
// data/survey.json is still as that stamp saw it once the build was done (the same size,
// times and inode): then it holds exactly the bytes the layout describes.
type surveyStore struct {
	file    string
	version string
	started int64       // this build's stamp, for Save
	old     stamp.Stamp // the last build's
	out     string      // the output folder
}

func newSurveyStore(st *stamped, opts Options) surveyStore {
	return surveyStore{file: st.file + ".survey", version: opts.Version, started: st.started.UnixNano(), old: st.old, out: opts.Out}
}

func (s surveyStore) Load() *render.SurveyLayout {
	b, err := os.ReadFile(s.file)
	if err != nil {
		return nil
	}
	version, b, _ := bytes.Cut(b, []byte("\n"))
	head, b, _ := bytes.Cut(b, []byte("\n"))
	var started, size int64
	var sum uint64
	if string(version) != s.version || s.old.Started == 0 {
		return nil
	}
	if _, err := fmt.Sscanf(string(head), "%d %d %x", &started, &size, &sum); err != nil || started != s.old.Started || sum != xxhash.Sum64(b) {
		return nil
	}
	var saw *stamp.Entry
	for i, e := range s.old.Outputs {
		if e.Path == "out/"+surveyPath {
			saw = &s.old.Outputs[i]
		}
	}
	now, err := stamp.StatKnown("out", s.out, []string{surveyPath}, nil)
	if saw == nil || err != nil || now[0] != *saw || saw.Size != size {
		return nil
	}
	l := &render.SurveyLayout{Size: size, Spans: map[content.ID]render.Span{}}
	var spans []render.Span
	for line := range bytes.Lines(b) {
		id, rest, ok1 := bytes.Cut(bytes.TrimSuffix(line, []byte("\n")), []byte(" "))
		offText, nText, ok2 := bytes.Cut(rest, []byte(" "))
		if !ok1 || !ok2 {
			return nil
		}
		off, err1 := strconv.ParseInt(string(offText), 10, 64)
		n, err2 := strconv.ParseInt(string(nText), 10, 64)
		if err1 != nil || err2 != nil || off < 0 || n < 0 || n > size-off {
			return nil
		}
		sp := render.Span{Off: off, Len: n}
		l.Spans[content.ID(id)] = sp
		spans = append(spans, sp)
	}
	slices.SortFunc(spans, func(a, b render.Span) int { return cmp.Compare(a.Off, b.Off) })
	for i := 1; i < len(spans); i++ {
		if spans[i].Off < spans[i-1].Off+spans[i-1].Len {
			return nil // overlapping ranges: not a layout a build wrote
		}
	}
	if len(spans) != len(l.Spans) {
		return nil // an id twice
	}
	return l
}

// Save writes the layout through a temporary file renamed into place (see keep). A
// layout that cannot be saved only costs the next build the encoding of every scheme.
func (s surveyStore) Save(l *render.SurveyLayout) {
	var body []byte
	for id, sp := range l.Spans {
		body = append(append(body, id...), ' ')
		body = append(strconv.AppendInt(body, sp.Off, 10), ' ')
		body = append(strconv.AppendInt(body, sp.Len, 10), '\n')
	}
	keep(s.file, ".survey-*", func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "%s\n%d %d %x\n%s", s.version, s.started, l.Size, xxhash.Sum64(body), body)
		return err
	})
}
