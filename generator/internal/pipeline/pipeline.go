// Package pipeline runs the generator's stages in order, each a function of the result
// of the one before:
//
//	load     content.Load, render.LoadLayouts   the cards and the layouts, each checked
//	model    model.Build                        cross-references, backlinks, the matrix,
//	                                            the parsed Markdown
//	render   render.Site                        every output file's bytes, on both cores
//	publish  publish.Publish                    the output folder: only the files whose
//	                                            bytes changed, atomically
//
// No stage calls back into an earlier one, and only publish writes. Any diagnostic from
// load or model stops the build before render: the output folder is left as it was.
//
// [Run] is one build from nothing, what `make` does. A [Builder] keeps what one build
// made for the next, for the preview (package serve): the decoded cards, so that only the
// files that changed are decoded again, and the fingerprints of the pages' views, so
// that only the pages whose inputs changed are rendered again.
package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"

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
	Out         string // the output folder; "" renders everything and writes nothing (check)
}

// Result is what a build did.
type Result struct {
	Diagnostics diag.List // sorted, at most diag.PerFile and a count of the rest per file; non-empty means nothing was rendered or written
	Errors      int       // how many problems there were, with those not listed
	Outputs     int       // files the site consists of
	Rendered    []string  // HTML pages whose templates ran, sorted (the render counter)
	publish.Stats
}

// Run builds the site once. The error is for failures that are not the editor's
// content: a template that fails to execute, the disk, or ctx cancelled (Ctrl-C, or the
// preview's next save), which leaves the output folder as it was.
func Run(ctx context.Context, opts Options) (Result, error) {
	return new(Builder).build(ctx, opts, nil)
}

// A Builder builds the same site again and again (the preview), each time redoing only
// what the changed files need. The zero Builder is ready; it is not safe for concurrent
// use.
type Builder struct {
	cards   *content.Content  // the last load
	site    *model.Site       // the last model, with its parsed documents
	layouts uint64            // the digest of the layouts it was built with
	pages   map[string]uint64 // the fingerprints of the last published views, by path
}

// Build builds the site into opts.Out, which must be the same folder at every call.
func (b *Builder) Build(ctx context.Context, opts Options) (Result, error) {
	prev := b.pages
	if prev == nil {
		prev = map[string]uint64{} // fingerprint every view, for the next build
	}
	res, err := b.build(ctx, opts, prev)
	if errors.Is(err, publish.ErrNotKept) {
		// A page the last build published is gone from the output folder (someone
		// cleaned it): render everything afresh.
		res, err = b.build(ctx, opts, map[string]uint64{})
	}
	return res, err
}

// build runs the stages; prev, when not nil, holds the fingerprints of the views of the
// pages on disk, and receives those of this build.
func (b *Builder) build(ctx context.Context, opts Options, prev map[string]uint64) (Result, error) {
	var res Result

	// load
	cards, diags := content.Load(opts.Content, opts.ContentName, b.cards)
	b.cards = cards
	layouts, more := render.LoadLayouts(opts.Layouts, opts.LayoutsName)
	diags = append(diags, more...)

	// model, taking the documents of the cards that did not change from the last one
	// when the labels over their fields did not either
	md := markdown.New()
	var site *model.Site
	if cards.Site != nil {
		var prevSite *model.Site
		if b.layouts == layouts.Digest() {
			prevSite = b.site
		}
		site, more = model.Build(cards, md, layouts.Label, prevSite)
		diags = append(diags, more...)
		if len(diags) == 0 {
			// A label is missing because of a card's error (no org_role, so no heading
			// for it) more often than not: it is reported once the cards are right.
			diags = append(diags, layouts.Missing()...)
		}
		b.site, b.layouts = site, layouts.Digest()
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	diags.Sort()
	res.Errors = diags.Count()
	diags.Limit()
	res.Diagnostics = diags
	if len(diags) > 0 {
		return res, nil
	}

	// render, counted on its way to publish
	var next map[string]uint64
	if prev != nil {
		next = map[string]uint64{}
	}
	outs := func(yield func(render.Output, error) bool) {
		for o, err := range render.Site(site, layouts, md, prev) {
			if err == nil {
				err = ctx.Err() // stops render, and publish takes out what it wrote
			}
			if err == nil {
				res.Outputs++
				if !o.Reused && strings.HasSuffix(o.Path, ".html") {
					res.Rendered = append(res.Rendered, o.Path)
				}
				if next != nil && o.Fingerprint != 0 {
					next[o.Path] = o.Fingerprint
				}
			}
			if !yield(o, err) {
				return
			}
		}
	}
	if opts.Out == "" {
		for _, err := range outs {
			if err != nil {
				return res, err
			}
		}
		slices.Sort(res.Rendered)
		return res, nil
	}

	// publish
	stats, err := publish.Publish(opts.Out, outs)
	slices.Sort(res.Rendered)
	res.Stats = stats
	if err != nil {
		return res, err
	}
	if prev != nil {
		b.pages = next
	}
	return res, nil
}
