// Command generator builds the bilingual survey site from the TOML cards in content/
// and the templates in layouts/ into public/.
//
// Usage:
//
//	generator build [-content DIR] [-layouts DIR] [-out DIR] [-cache DIR]
//	generator check [-content DIR] [-layouts DIR]
//	generator serve [-content DIR] [-layouts DIR] [-out DIR] [-addr HOST:PORT]
//	generator synth -n N -out DIR
//
// Exit status: 0 on success, 1 when the content has errors (printed as
// file:line:col: message), 2 on usage errors.
package main

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/jipdec-survey/cloudsec/generator/internal/build"
	"github.com/jipdec-survey/cloudsec/generator/internal/serve"
	"github.com/jipdec-survey/cloudsec/generator/internal/synth"
)

const usage = `Usage: go run ./generator <command> [flags]

Commands:
  build   check the cards and write the site into the output folder
  check   check the cards and templates; write nothing
  serve   build, serve the site on a local address, rebuild and reload the
          browser when content/ or layouts/ change (Ctrl-C stops it)
  synth   write a synthetic content folder of N schemes (-n N -out DIR), for
          benchmarks; deterministic for a given N

Flags:
  -content DIR   folder of the TOML cards (default "content")
  -layouts DIR   folder of the templates, labels and assets (default "layouts")
  -out DIR       output folder (default "public"; build and serve)
  -cache DIR     where build remembers its last run, so that a build with nothing
                 to do stops at once (default: the user cache folder, such as
                 ~/.cache/cloudsec-survey; "off" checks everything every time)
  -addr ADDR     address to serve on (default "127.0.0.1:1313"; serve only;
                 an address other than loopback is used only when given)
  -n N           number of schemes (synth only)
  -cpuprofile F  write a CPU profile of the build to F, for go tool pprof
  -memprofile F  write a profile of the build's allocations to F, for go tool
                 pprof (-sample_index=alloc_space shows where the bytes went)
  -timings       print how long each stage of the build took, and the CPU time
                 the process used meanwhile, to stderr

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
	case "synth":
		return runSynth(args, stdout, stderr)
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
	cache := fl.String("cache", defaultCache(), "")
	cpuprofile := fl.String("cpuprofile", "", "")
	memprofile := fl.String("memprofile", "", "")
	timings := fl.Bool("timings", false, "")
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
	var timingsTo io.Writer
	if *timings {
		timingsTo = stderr
	}
	res, err := build.Run(build.Options{
		Content:     os.DirFS(*contentDir),
		ContentName: *contentDir,
		Layouts:     os.DirFS(*layoutsDir),
		LayoutsName: *layoutsDir,
		Out:         *out,
		CheckOnly:   cmd == "check",
		Version:     version(),
		Stamp:       stampFile(*cache, *out),
		ContentDir:  *contentDir,
		LayoutsDir:  *layoutsDir,
		Timings:     timingsTo,
		Inputs:      limitMemory,
	})
	for _, d := range res.Diagnostics {
		fmt.Fprintln(stderr, d)
	}
	if len(res.Diagnostics) > 0 {
		fmt.Fprintf(stderr, "%d error(s); nothing written\n", len(res.Diagnostics))
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
	if res.UpToDate {
		fmt.Fprintf(stdout, "built %s: %d files, all up to date (%s)\n", *out, res.Outputs, elapsed)
		return 0
	}
	fmt.Fprintf(stdout, "built %s: %d files; %d pages rendered; %d written, %d unchanged, %d removed (%s)\n",
		*out, res.Outputs, len(res.Rendered), res.Written, res.Unchanged, res.Removed, elapsed)
	return 0
}

// defaultCache is the folder of build stamps: the user's cache folder, or "off" when
// there is none.
func defaultCache() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return "off"
	}
	return filepath.Join(d, "cloudsec-survey")
}

// limitMemory sets the soft memory limit of the process (runtime/debug.SetMemoryLimit)
// from the size of a build's inputs, unless GOMEMLIMIT does. The live heap of a big
// survey peaks at about 5 times its cards' size; by default the garbage collector would
// let the heap grow to twice that before collecting, and the pages it touches stay with
// the process. At 10,000 schemes (38 MB of cards) the limit of 64 MiB plus 8 times the
// inputs keeps the peak RSS near 350 MB instead of 400-420, at no cost in time that 8
// alternating builds could show, and leaves room for surveys whose heap is larger for
// their size; a small survey never comes near it. Under a limit, build.Run pauses the
// collector (GOGC=off) once the inputs' size is known, so the limit is also when it
// collects. The collector never takes more than half of the CPU to keep to a limit, so
// a survey that needs more memory gets it, more slowly.
func limitMemory(inputs int64) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64<<20 + 8*inputs)
	}
}

// stampFile names the stamp of the output folder out in the cache folder: one per output
// folder, named by a hash of its absolute path. "" when the cache is off.
func stampFile(cache, out string) string {
	if cache == "off" || cache == "" {
		return ""
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "stamps", hex.EncodeToString(sum[:8]))
}

func runSynth(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("synth", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	n := fl.Int("n", 25, "")
	out := fl.String("out", "", "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "%v\n\n%s", err, usage)
		return 2
	}
	if *out == "" || *n < 0 || fl.NArg() > 0 {
		fmt.Fprintf(stderr, "synth needs -n N (N >= 0) and -out DIR\n\n%s", usage)
		return 2
	}
	if err := synth.Write(*out, *n); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote a synthetic survey of %d schemes into %s\n", *n, *out)
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
		Build:      build.Options{ContentName: contentDir, LayoutsName: layoutsDir, Out: out, Version: version()},
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

// sources are the generator's own Go files, so that version can tell one generator from
// another by what it is made of rather than by where or when it was built.
//
//go:embed *.go internal/*/*.go
var sources embed.FS

// version identifies this generator: a hash of its Go sources (tests excluded), the
// modules it is built with, and the Go release. Any change to the generator's code
// re-renders every page once; building the same code anywhere gives the same version, so
// the fingerprints in public/.manifest do not depend on the machine.
func version() string {
	h := sha256.New()
	_ = fs.WalkDir(sources, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := sources.ReadFile(p)
		fmt.Fprintf(h, "%s %d\n", p, len(b))
		h.Write(b)
		return err
	})
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			fmt.Fprintf(h, "%s@%s\n", d.Path, d.Version)
		}
	}
	fmt.Fprintln(h, runtime.Version())
	return hex.EncodeToString(h.Sum(nil))
}
