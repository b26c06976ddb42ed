// Package build runs the pipeline: load the cards (content), check and link them
// (model), render every output (render), and publish them (publish), in that order.
//
// A build with any diagnostic stops before publishing: the output folder is left exactly
// as it was. Run keeps no state between calls; everything comes in through [Options].
package build

import (
	"io/fs"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/diag"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/publish"
	"github.com/jipdec-survey/cloudsec/generator/internal/render"
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
}

// Result is what a build did.
type Result struct {
	Diagnostics diag.List // sorted; non-empty means nothing was written
	Outputs     int       // files the site consists of
	Rendered    []string  // pages whose templates ran, sorted (the render counter)
	publish.Stats
}

// Run builds the site. The error is for failures that are not the editor's content: a
// template that fails to execute, or the disk.
func Run(opts Options) (Result, error) {
	var res Result
	c, diags := content.Load(opts.Content, opts.ContentName)
	layouts, ldiags := render.LoadLayouts(opts.Layouts, opts.LayoutsName)
	diags = append(diags, ldiags...)
	md := markdown.New()
	var site *model.Site
	if c.Site != nil {
		var mdiags diag.List
		site, mdiags = model.Build(c, md, layouts.Label)
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
	outs, err := render.Render(site, layouts, md, prev, opts.Version)
	if err != nil {
		return res, err
	}
	res.Outputs = len(outs)
	files := make([]publish.File, len(outs))
	for i, o := range outs {
		files[i] = publish.File{Path: o.Path, Bytes: o.Bytes, Fingerprint: o.Fingerprint, Reused: o.Reused}
		if o.Fingerprint != 0 && !o.Reused {
			res.Rendered = append(res.Rendered, o.Path)
		}
	}
	if opts.CheckOnly {
		return res, nil
	}
	res.Stats, err = publish.Publish(opts.Out, files)
	return res, err
}
