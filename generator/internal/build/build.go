// Package build runs the pipeline: load the cards (content), check and link them
// (model), render every output (render), and publish them (publish), in that order.
//
// A build with any diagnostic stops before publishing: the output folder is left exactly
// as it was. Run keeps no state between calls; everything comes in through [Options].
package build

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/diag"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
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
}

// checkStamp lists the inputs and compares them, and the outputs the stamp names, with
// the stamp. Any failure only means a full build.
func checkStamp(opts Options) *stamped {
	st := &stamped{file: opts.Stamp, started: time.Now()}
	abs := func(d string) string {
		a, err := filepath.Abs(d)
		if err != nil {
			return d
		}
		return a
	}
	st.key = opts.Version + " " + abs(opts.ContentDir) + " " + abs(opts.LayoutsDir) + " " + abs(opts.Out)
	inputs, err := stamp.Scan(map[string]string{"content": opts.ContentDir, "layouts": opts.LayoutsDir})
	if err != nil {
		return st
	}
	st.inputs = inputs
	old, err := stamp.Load(opts.Stamp)
	if err != nil {
		return st
	}
	st.settled = settledCards(old, st.key, inputs)
	outputs, err := stamp.Stat("out", opts.Out, old.OutputNames())
	if err == nil && old.Matches(st.key, inputs, outputs) {
		st.upToDate = true
		for _, name := range old.OutputNames() {
			// Folders and the manifest are not files of the site.
			if !strings.HasSuffix(name, "/") && name != publish.ManifestName {
				st.outputs++
			}
		}
	}
	return st
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
		same := ok && b == e
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
// that could match.
func (st *stamped) forget() { _ = os.Remove(st.file) }

// save records the inputs listed before loading and the outputs as now on disk. A stamp
// that cannot be written only costs the next build its shortcut.
func (st *stamped) save(opts Options, outs []render.Output) {
	if st.inputs == nil {
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
	outputs, err := stamp.Stat("out", opts.Out, names)
	if err != nil {
		return
	}
	_ = stamp.Stamp{Key: st.key, Started: st.started.UnixNano(), Inputs: st.inputs, Outputs: outputs}.Save(st.file)
}

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
}

// Result is what a build did.
type Result struct {
	Diagnostics diag.List // sorted; non-empty means nothing was written
	Outputs     int       // files the site consists of
	Rendered    []string  // pages whose templates ran, sorted (the render counter)
	UpToDate    bool      // the stamp showed nothing changed: nothing was loaded or written
	publish.Stats
}

// Run builds the site. The error is for failures that are not the editor's content: a
// template that fails to execute, or the disk.
func Run(opts Options) (Result, error) {
	var res Result
	var st *stamped
	if opts.Stamp != "" && !opts.CheckOnly {
		st = checkStamp(opts)
		if st.upToDate {
			res.UpToDate, res.Outputs = true, st.outputs
			return res, nil
		}
	}
	c, diags := content.Load(opts.Content, opts.ContentName)
	layouts, ldiags := render.LoadLayouts(opts.Layouts, opts.LayoutsName)
	diags = append(diags, ldiags...)
	md := markdown.New()
	var site *model.Site
	if c.Site != nil {
		var mdiags diag.List
		var settled func(string) bool
		if st != nil && st.settled != nil {
			prefix := opts.ContentName + "/"
			settled = func(file string) bool {
				rel, ok := strings.CutPrefix(file, prefix)
				return ok && st.settled["content/"+rel]
			}
		}
		site, mdiags = model.Build(c, md, layouts.Label, render.Freezer(c, md, settled))
		diags = append(diags, mdiags...)
		diags = append(diags, layouts.Missing()...)
	}
	diags.Sort()
	res.Diagnostics = diags
	if len(diags) > 0 {
		return res, nil
	}
	var prev map[string]uint64
	if !opts.CheckOnly {
		unlock, err := publish.Lock(opts.Out)
		if err != nil {
			return res, err
		}
		defer unlock()
		prev = publish.Previous(opts.Out)
	}
	var w *publish.Writer
	put := func(render.Output) error { return nil } // check: render, write nothing
	if !opts.CheckOnly {
		var err error
		if w, err = publish.Begin(opts.Out); err != nil {
			return res, err
		}
		put = func(o render.Output) error {
			return w.Put(publish.File{Path: o.Path, Bytes: o.Bytes, Fingerprint: o.Fingerprint, Reused: o.Reused})
		}
	}
	outs, err := render.Stream(site, layouts, md, prev, opts.Version, put)
	if err != nil {
		if w != nil {
			w.Abort()
		}
		return res, err
	}
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
	if err == nil && st != nil {
		st.save(opts, outs)
	}
	return res, err
}
