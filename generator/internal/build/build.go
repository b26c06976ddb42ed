// Package build runs the pipeline: load the cards (content), check and link them
// (model), render every output (render), and publish them (publish), in that order.
//
// A build with any diagnostic stops before publishing, and a build whose templates fail
// while it renders removes what it had begun to write: either way the output folder is
// left exactly as it was. Run keeps no state between calls but what it keeps beside the
// build stamp, a file named by [Options].Stamp: the stamp (stamp.go), the card cache
// (cards.go) and the search indexes (searchstore.go); everything else comes in through
// [Options].
package build

import (
	"io"
	"io/fs"
	"math"
	"runtime/debug"
	"sync/atomic"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/diag"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/publish"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
	"github.com/jipdec-survey/cloudsec/generator/internal/stamp"
)

// Options say what to build and where.
type Options struct {
	Content     fs.FS
	ContentName string // shown in positions, e.g. "content"
	Layouts     fs.FS
	LayoutsName string
	Out         string // output folder; "" with CheckOnly
	CheckOnly   bool   // validate and render, but write nothing
	Version     string // identifies the generator; a new one re-renders every page

	// Stamp, when set, is the file remembering the last build (see package stamp), so
	// that a build with nothing to do ends before loading anything. ContentDir and
	// LayoutsDir must then name the folders behind Content and Layouts.
	Stamp      string
	ContentDir string
	LayoutsDir string

	// Timings, when set, receives a line per stage of the build as it ends: how long it
	// took and the time since the start (the -timings flag).
	Timings io.Writer

	// Inputs, when set, is told the size in bytes of the build's inputs (every card,
	// layout and asset) once they are known, before the model is built: the command
	// sizes the process's memory limit from it.
	Inputs func(size int64)
}

// Result is what a build did.
type Result struct {
	Diagnostics diag.List // sorted; non-empty means nothing was written
	Outputs     int       // files the site consists of
	Rendered    []string  // pages whose templates ran, sorted (the render counter)
	UpToDate    bool      // the stamp showed nothing changed: nothing was loaded or written
	Cached      int       // cards taken from the card cache instead of decoded and parsed
	publish.Stats
}

// Run builds the site. The error is for failures that are not the editor's content: a
// template that fails to execute, or the disk.
func Run(opts Options) (Result, error) {
	var res Result
	tl := newTimeline(opts.Timings)
	var st *stamped
	if opts.Stamp != "" && !opts.CheckOnly {
		st = checkStamp(opts, tl)
		if st.upToDate {
			res.UpToDate, res.Outputs = true, st.outputs
			return res, nil
		}
	}
	// The output folder is locked, and what the previous build left there looked at,
	// while the cards load.
	var out chan output
	if !opts.CheckOnly {
		out = make(chan output, 1)
		go func() { out <- openOutput(opts.Out) }()
	}
	// A build of a big survey allocates a few gigabytes, and an edit a few hundred
	// megabytes in a fraction of a second, much of which lives for a while: the
	// collections GOGC=100 starts meanwhile (a dozen in a cold build, three or four in an
	// edit, each marking what is live) cost a tenth of the build's CPU and free little.
	// With a memory limit (the command sets one from Options.Inputs), the collector waits
	// instead until the heap nears the limit, from the moment the limit is known to the
	// end of the build.
	resume := func() {}
	defer func() { resume() }()
	pause := func() {
		if memoryLimited() {
			resume = pauseGC()
		}
	}
	if st != nil && st.inputs != nil {
		if opts.Inputs != nil {
			opts.Inputs(inputSize(st.inputs)) // before the card cache is read
		}
		pause()
	}
	if st != nil {
		st.loadCards(tl)
		defer st.cards.close() // after the new cache is written (dropCards and save wait)
	}
	var reuse func(string) any
	var cached atomic.Int64
	exports := render.NewExports()
	if st != nil && st.cards != nil {
		reuse = func(name string) any {
			card := st.cards.card(name)
			if card != nil {
				cached.Add(1)
			}
			if sc, ok := card.(*content.Scheme); ok {
				exports.Reused(sc)
			}
			return card
		}
	}
	c, diags := content.LoadWith(opts.Content, opts.ContentName, reuse)
	tl.mark("load the cards")
	if st == nil || st.inputs == nil {
		if opts.Inputs != nil {
			opts.Inputs(c.DecodedBytes())
		}
		pause()
	}
	layouts, ldiags := render.LoadLayouts(opts.Layouts, opts.LayoutsName)
	tl.mark("load the layouts")
	diags = append(diags, ldiags...)
	md := markdown.New()
	var site *model.Site
	var settled func(kind, id string) bool
	if st != nil && st.settled != nil {
		settled = func(kind, id string) bool { return st.settled["content/"+cardFile(kind, id)] }
	}
	hooks := model.Hooks{Freeze: render.Freezer(c, md, settled)}
	frozen := hooks.Freeze != nil // the documents are frozen: a big survey, whose cards are cached
	if st != nil && st.cards != nil && frozen {
		hooks.Reuse = func(kind, id, lang string, fields func() []markdown.Field) *markdown.Doc {
			return st.cards.doc(md, kind, id, lang, fields)
		}
	}
	// The output folder stays locked until the card cache is kept or given up
	// (dropCards, below) and the search indexes are kept.
	var unlock func()
	defer func() {
		if unlock != nil {
			unlock()
		}
	}()
	// What rendering takes over from the last build (Only is known once the model is).
	reuseRender := render.Reuse{Exports: exports}
	if st != nil && !opts.CheckOnly {
		store := newSearchStore(opts.Stamp, opts.Version, opts.Out)
		defer store.wait()
		reuseRender.Search = store
		reuseRender.Survey = newSurveyStore(st, opts)
	}
	// A big survey built without its card cache renders each scheme's pages as soon as
	// the scheme is parsed (render.Pipeline), writing them into the output folder
	// before the other cards are checked: a build that then fails takes them out again
	// (Writer.Abort), so that the folder is as it was.
	var pipe *render.Pipeline
	var w *publish.Writer
	var prev map[string]uint64
	put := func(render.Output) error { return nil } // check: render, write nothing
	begin := func() error {
		o := <-out
		if o.err != nil {
			o.close()
			return o.err
		}
		unlock = o.unlock
		tl.mark("wait for the output folder")
		var err error
		if w, err = publish.BeginAfter(opts.Out, o.prior); err != nil {
			return err
		}
		prev = o.prior.Fingerprints()
		put = func(o render.Output) error {
			var parts []publish.Part
			for _, p := range o.Parts {
				parts = append(parts, publish.Part{Bytes: p.Bytes, Off: p.Off, Len: p.Len})
			}
			return w.Put(publish.File{Path: o.Path, Bytes: o.Bytes, Parts: parts, Fingerprint: o.Fingerprint, Reused: o.Reused})
		}
		return nil
	}
	if frozen && hooks.Reuse == nil && !opts.CheckOnly && c.Site != nil && len(diags) == 0 {
		if err := begin(); err != nil {
			return res, err
		}
		pipe = render.NewPipeline(layouts, md, prev, opts.Version, put, reuseRender)
		hooks.Parsed = pipe.Scheme
	}
	if c.Site != nil {
		var mdiags diag.List
		site, mdiags = model.Build(c, md, layouts.Label, hooks)
		diags = append(diags, mdiags...)
		diags = append(diags, layouts.Missing()...)
	}
	tl.mark("model")
	diags.Sort()
	res.Diagnostics = diags
	res.Cached = int(cached.Load())
	if len(diags) > 0 {
		switch {
		case w != nil:
			w.Abort() // the pages the pipeline wrote
		case out != nil:
			(<-out).close() // it only looked: nothing was written
		}
		return res, nil
	}
	if pipe != nil {
		if err := pipe.Err(); err != nil {
			w.Abort()
			return res, err
		}
	}
	c.ReleaseSources()
	if !opts.CheckOnly && w == nil {
		if err := begin(); err != nil {
			return res, err
		}
	}
	// The card cache is written under the lock, while the pages render.
	if st != nil && frozen && !opts.CheckOnly {
		st.startCards(site)
		defer st.dropCards() // unless save took it
	}
	if st != nil && !opts.CheckOnly {
		reuseRender.Only = st.cards.onlyChanged(site, st.settled, st.inputs)
		tl.mark("find the changed cards")
	}
	var outs []render.Output
	var err error
	if pipe != nil {
		outs, err = pipe.Finish(site)
	} else {
		outs, err = render.Stream(site, layouts, md, prev, opts.Version, put, reuseRender)
	}
	if err != nil {
		if w != nil {
			w.Abort()
		}
		return res, err
	}
	// A card taken from the card cache whose text neither the cache nor its file could
	// give has rendered without it.
	for _, sc := range site.Schemes {
		if err := sc.FillErr(); err != nil {
			if w != nil {
				w.Abort()
			}
			return res, err
		}
	}
	tl.mark("render and write")
	res.Outputs = len(outs)
	for _, o := range outs {
		if o.Fingerprint != 0 && !o.Reused {
			res.Rendered = append(res.Rendered, o.Path)
		}
	}
	if opts.CheckOnly {
		return res, nil
	}
	if st != nil {
		st.forget() // until the new outputs are all in place
	}
	res.Stats, err = w.Commit()
	tl.mark("commit")
	if err == nil && st != nil {
		st.save(opts, outs, w, tl)
	}
	return res, err
}

// inputSize is the size of the inputs as the stamp listed them.
func inputSize(inputs []stamp.Entry) int64 {
	var n int64
	for _, e := range inputs {
		n += max(e.Size, 0)
	}
	return n
}

// memoryLimited reports whether the process has a soft memory limit
// (runtime/debug.SetMemoryLimit, or GOMEMLIMIT).
func memoryLimited() bool { return debug.SetMemoryLimit(-1) != math.MaxInt64 }

// output is the output folder, locked for a build, and what the previous build left
// there.
type output struct {
	unlock func()
	prior  *publish.Prior
	err    error
}

// openOutput locks dir and looks at what the previous build left, changing nothing: the
// build may still fail with errors in the cards.
func openOutput(dir string) output {
	unlock, err := publish.Lock(dir)
	if err != nil {
		return output{err: err}
	}
	prior, err := publish.Look(dir)
	if err != nil {
		unlock()
		return output{err: err}
	}
	return output{unlock: unlock, prior: prior}
}

// close gives up an output folder locked for a build that writes nothing.
func (o output) close() {
	if o.unlock != nil {
		o.unlock()
	}
}
