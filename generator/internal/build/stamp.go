package build

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/publish"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
	"github.com/jipdec-survey/cloudsec/generator/internal/stamp"
)

// stamped is a build's view of its stamp.
type stamped struct {
	file     string
	key      string
	started  time.Time
	inputs   []stamp.Entry // nil when the inputs could not be listed: no stamp is saved
	upToDate bool
	outputs  int             // files of the site, when upToDate
	settled  map[string]bool // content files as they were at the last build, when nothing else changed
	cards    *cardCache      // what the last build decoded and parsed from the cards still trusted
	old      stamp.Stamp     // the stamp of the last build, when not upToDate

	newCards chan cardsWritten // the card cache of this build, being written; nil for none
}

// startCards begins writing this build's card cache while the pages render.
func (st *stamped) startCards(site *model.Site) {
	st.newCards = make(chan cardsWritten, 1)
	go func() {
		st.newCards <- writeCards(st.file, st.key, st.started.UnixNano(), site, st.cards)
	}()
}

// dropCards waits for the card cache being written and removes it: the build failed.
func (st *stamped) dropCards() {
	if st.newCards == nil {
		return
	}
	(<-st.newCards).drop()
	st.newCards = nil
}

// checkStamp lists the inputs and compares them, and the outputs the stamp names, with
// the stamp. Any failure only means a full build.
func checkStamp(opts Options, tl *timeline) *stamped {
	st := &stamped{file: opts.Stamp, started: time.Now()}
	abs := func(d string) string {
		a, err := filepath.Abs(d)
		if err != nil {
			return d
		}
		return a
	}
	st.key = opts.Version + " " + abs(opts.ContentDir) + " " + abs(opts.LayoutsDir) + " " + abs(opts.Out)
	// The stamp is read while the inputs are listed.
	type loaded struct {
		s   stamp.Stamp
		err error
	}
	last := make(chan loaded, 1)
	go func() {
		s, err := stamp.Load(opts.Stamp)
		last <- loaded{s, err}
	}()
	inputs, err := stamp.Scan(map[string]string{"content": opts.ContentDir, "layouts": opts.LayoutsDir})
	l := <-last
	if err != nil {
		return st
	}
	st.inputs = inputs
	if l.err != nil {
		return st
	}
	old := l.s
	tl.mark("list the inputs and read the stamp")
	// The outputs are only worth listing when the inputs are as the stamp has them.
	var outputs []stamp.Entry
	if old.Matches(st.key, inputs, old.Outputs) {
		outputs, err = stamp.Stat("out", opts.Out, old.OutputNames())
		tl.mark("list the outputs")
	}
	if err == nil && outputs != nil && old.Matches(st.key, inputs, outputs) {
		st.upToDate = true
		for _, name := range old.OutputNames() {
			// Folders and the manifest are not files of the site.
			if !strings.HasSuffix(name, "/") && name != publish.ManifestName {
				st.outputs++
			}
		}
		return st
	}
	st.settled = settledCards(old, st.key, inputs)
	st.old = old
	return st
}

// loadCards reads the card cache that goes with the stamp, when the cards it holds may
// be trusted (see settledCards).
func (st *stamped) loadCards(tl *timeline) {
	if st.settled != nil {
		st.cards = loadCards(st.file, st.old, st.settled, st.inputs)
		tl.mark("read the card cache")
	}
}

// settledCards returns the content files that are as the last build saw them, when the
// generator, the layouts, the site file and the glossary are too (every card's document
// depends on those); otherwise nil. It only guides what work to do first: a wrong answer
// costs time, never correctness.
func settledCards(old stamp.Stamp, key string, inputs []stamp.Entry) map[string]bool {
	if old.Key != key {
		return nil
	}
	before := make(map[string]stamp.Entry, len(old.Inputs))
	for _, e := range old.Inputs {
		before[e.Path] = e
	}
	out := map[string]bool{}
	seen := 0
	for _, e := range inputs {
		b, ok := before[e.Path]
		// A symbolic link (size -1) tells nothing of the file it leads to: never the same.
		same := ok && b == e && e.Size >= 0
		if ok {
			seen++
		}
		global := strings.HasPrefix(e.Path, "layouts/") || e.Path == "content/site.toml" || e.Path == "content/glossary.toml"
		switch {
		case global && !same:
			return nil
		case same:
			out[e.Path] = true
		}
	}
	if seen != len(old.Inputs) {
		return nil // a file was removed: the ids or the layouts differ
	}
	return out
}

// forget removes the stamp, so that a build that stops half way never leaves one behind
// that could match. The card cache stays: it is only used with the stamp it was written
// with (its trailer names the stamp's start), so a build killed after it appended to the
// cache costs the next build the whole cache, never a wrong card.
func (st *stamped) forget() {
	_ = os.Remove(st.file)
}

// save records the inputs listed before loading and the outputs as now on disk, and puts
// the card cache being written (if any) in place. A stamp or cache that cannot be written
// only costs the next build its shortcuts.
func (st *stamped) save(opts Options, outs []render.Output, w *publish.Writer, tl *timeline) {
	if st.inputs == nil {
		st.dropCards()
		return
	}
	// The folders too: a file appearing beside the outputs (a temporary file of a build
	// that was killed) changes its folder's modification time.
	names := make([]string, 0, len(outs)+1)
	dirs := map[string]bool{"./": true}
	for _, o := range outs {
		names = append(names, o.Path)
		for d := path.Dir(o.Path); d != "."; d = path.Dir(d) {
			dirs[d+"/"] = true
		}
	}
	names = append(names, publish.ManifestName)
	for d := range dirs {
		names = append(names, d)
	}
	slices.Sort(names)
	outputs, err := stamp.StatKnown("out", opts.Out, names, w.Seen) // files this build did not touch are as they were
	tl.mark("list the outputs")
	if err != nil {
		st.dropCards()
		return
	}
	if st.newCards == nil {
		_ = os.Remove(cardsFile(st.file)) // another build's: of no use to the next
	} else {
		w := <-st.newCards
		st.newCards = nil
		// Texts found damaged while the pages rendered may have been kept in the new
		// cache: no stamp, so that the next build takes nothing from it and writes it
		// afresh.
		if w.err != nil || st.cards.damaged() || (w.tmp != "" && os.Rename(w.tmp, cardsFile(st.file)) != nil) {
			w.drop()
			return // a stamp without the cache it was written with is never saved
		}
		tl.mark("wait for the card cache")
	}
	_ = stamp.Stamp{Key: st.key, Started: st.started.UnixNano(), Inputs: st.inputs, Outputs: outputs}.Save(st.file)
	tl.mark("save the stamp")
}
