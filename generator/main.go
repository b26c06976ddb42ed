// Command generator builds the bilingual survey site from the TOML cards in content/
// and the templates in layouts/ into public/.
//
// Usage:
//
//	generator build [-content DIR] [-layouts DIR] [-out DIR]
//	generator check [-content DIR] [-layouts DIR]
//	generator serve [-content DIR] [-layouts DIR] [-out DIR] [-addr HOST:PORT]
//
// Exit status: 0 on success, 1 when the content has errors (printed as
// file:line:col: message), 2 on usage errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/jipdec-survey/cloudsec/generator/internal/pipeline"
	"github.com/jipdec-survey/cloudsec/generator/internal/serve"
)

const usage = `Usage: go run ./generator <command> [flags]

Commands:
  build   check the cards and write the site into the output folder
  check   check the cards and templates; write nothing
  serve   build, serve the site on a local address, rebuild and reload the
          browser when content/ or layouts/ change (Ctrl-C stops it)

Flags:
  -content DIR   folder of the TOML cards (default "content")
  -layouts DIR   folder of the templates, labels and assets (default "layouts")
  -out DIR       output folder (default "public"; build and serve)
  -addr ADDR     address to serve on (default "127.0.0.1:1313"; serve only;
                 an address other than loopback is used only when given)
  -cpuprofile F  write a CPU profile of the build to F, for go tool pprof
  -memprofile F  write a profile of the build's allocations to F, for go tool
                 pprof (-sample_index=alloc_space shows where the bytes went)

Errors are printed as file:line:col: message. Exit status: 0 on success,
1 when the content has errors (nothing is written), 2 on usage errors.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "build", "check", "serve":
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	fl := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	contentDir := fl.String("content", "content", "")
	layoutsDir := fl.String("layouts", "layouts", "")
	out := fl.String("out", "public", "")
	addr := fl.String("addr", "127.0.0.1:1313", "")
	cpuprofile := fl.String("cpuprofile", "", "")
	memprofile := fl.String("memprofile", "", "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "%v\n\n%s", err, usage)
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q\n\n%s", fl.Arg(0), usage)
		return 2
	}
	for _, d := range []string{*contentDir, *layoutsDir} {
		if info, err := os.Stat(d); err != nil || !info.IsDir() {
			fmt.Fprintf(stderr, "%s: not a folder\n", d)
			return 2
		}
	}
	if cmd == "serve" {
		return runServe(*contentDir, *layoutsDir, *out, *addr, stdout, stderr)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "-cpuprofile: %v\n", err)
			return 2
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err != nil {
			fmt.Fprintf(stderr, "-memprofile: %v\n", err)
			return 2
		}
		defer func() {
			// The allocations of the whole build, sampled as the runtime always does;
			// they are counted as of the last collection, so one is made first.
			runtime.GC()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				fmt.Fprintf(stderr, "-memprofile: %v\n", err)
			}
			f.Close()
		}()
	}
	start := time.Now()
	opts := pipeline.Options{
		Content:     os.DirFS(*contentDir),
		ContentName: *contentDir,
		Layouts:     os.DirFS(*layoutsDir),
		LayoutsName: *layoutsDir,
	}
	if cmd == "build" {
		opts.Out = *out
	}
	// Ctrl-C and SIGTERM stop the build as a failed one stops: nothing is left changed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := pipeline.Run(ctx, opts)
	for _, d := range res.Diagnostics {
		fmt.Fprintln(stderr, d)
	}
	if len(res.Diagnostics) > 0 {
		fmt.Fprintf(stderr, "%d error(s); nothing written\n", res.Errors)
		return 1
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "interrupted; nothing written")
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	elapsed := time.Since(start).Round(time.Millisecond)
	if cmd == "check" {
		fmt.Fprintf(stdout, "ok: %d files would be built (%s)\n", res.Outputs, elapsed)
		return 0
	}
	fmt.Fprintf(stdout, "built %s: %d files; %d pages rendered; %d written, %d unchanged, %d removed (%s)\n",
		*out, res.Outputs, len(res.Rendered), res.Written, res.Unchanged, res.Removed, elapsed)
	return 0
}

func runServe(contentDir, layoutsDir, out, addr string, stdout, stderr io.Writer) int {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(stderr, "-addr %q: %v\n", addr, err)
		return 2
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "warning: serving on %s, which other machines may reach\n", addr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = serve.Run(ctx, serve.Options{
		Build:      pipeline.Options{ContentName: contentDir, LayoutsName: layoutsDir, Out: out},
		ContentDir: contentDir,
		LayoutsDir: layoutsDir,
		Addr:       addr,
		Log:        stderr,
		Ready: func(a string) {
			fmt.Fprintf(stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", out, a)
		},
	})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}
