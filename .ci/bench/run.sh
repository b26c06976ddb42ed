#!/usr/bin/env bash
# make bench: how fast the generator builds synthetic surveys of N schemes, against Hugo
# on the same corpus and against a floor (goldmark alone + writing the same bytes).
#
# For each N it writes a corpus with .ci/bench/synth onto tmpfs, then times, BENCH_RUNS
# times each, reporting the median:
#   cold    build into an empty output folder (process start included)
#   no-op   the same build again over its own output, nothing having changed: it should
#           write nothing
#   edit    a build after appending a sentence to one scheme's overview (a new one each run)
#   serve edit   .ci/bench/serveedit: `generator serve` on the corpus; the time from saving
#           one scheme card (a new sentence in its overview) to the preview's Server-Sent
#           Event announcing the new build, BENCH_SERVE_EDITS edits
#   hugo    `hugo --quiet` into an empty folder, on a Hugo site converted from the corpus
#           (.ci/bench/hugo; conversion not timed)
#   floor   .ci/bench/floor: goldmark converting all the corpus's Markdown on all cores,
#           plus writing as many files of the same sizes as our cold build wrote
# and, for N = BENCH_DISK_N, the cold build again with content and output on disk.
# Wall time is measured around the command; CPU (user+sys) and peak RSS come from
# /usr/bin/time (for serve edit: the preview's CPU per edit and its peak RSS at the end,
# from /proc). The tables go to stdout and to .ci/artifacts/bench.md; .ci/bench/README.md
# says what they mean.
#
# Settings (environment):
#   BENCH_NS="25 1000 10000"   corpus sizes
#   BENCH_RUNS=5               runs per measurement
#   BENCH_SERVE_EDITS=$BENCH_RUNS   edits timed in the preview, per N
#   BENCH_GEN=                 a generator binary to measure instead of building ./generator
#                              (to compare another revision; it must take the same flags)
#   BENCH_TMPFS=/dev/shm/bench scratch folder on tmpfs (removed and recreated)
#   BENCH_DISK=/var/tmp/cloudsec-bench   scratch folder on disk (removed and recreated)
#   BENCH_DISK_N=10000         N also timed on disk; empty to skip
#   BENCH_HUGO=1               0 to skip Hugo
#   BENCH_OUT=.ci/artifacts/bench.md
#   GO=go
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

NS=${BENCH_NS:-"25 1000 10000"}
RUNS=${BENCH_RUNS:-5}
SERVE_EDITS=${BENCH_SERVE_EDITS:-$RUNS}
GEN=${BENCH_GEN:-}
WORK=${BENCH_TMPFS:-/dev/shm/bench}
DISK=${BENCH_DISK:-/var/tmp/cloudsec-bench}
DISK_N=${BENCH_DISK_N-10000}
HUGO=${BENCH_HUGO:-1}
OUT_MD=${BENCH_OUT:-.ci/artifacts/bench.md}
GO=${GO:-go}

log() { echo "bench: $*" >&2; }
# shellcheck source=lib.sh
. "$root/.ci/bench/lib.sh"

# ---- tools ----
debs=()
[ -x /usr/bin/time ] || debs+=(time)
[ "$HUGO" = 0 ] || command -v hugo >/dev/null || debs+=(hugo)
if ((${#debs[@]})); then
	log "installing ${debs[*]}"
	sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
fi

# Scratch folders are ours alone: refuse anything that looks like a real folder.
for d in "$WORK" "$DISK"; do
	case "$d" in
	/ | "$HOME" | "$root" | "$root"/*) log "refusing scratch folder $d"; exit 2 ;;
	esac
done
# One bench at a time: a second run would remove the first one's scratch folders.
mkdir -p "$(dirname "$WORK")"
exec 9>"$WORK.lock"
if ! flock -n 9; then
	log "another bench is running (it holds $WORK.lock); wait for it to end"
	exit 1
fi
rm -rf "$WORK"
mkdir -p "$WORK/times"
log "building the generator and tools into $WORK"
if [ -n "$GEN" ]; then
	cp "$GEN" "$WORK/gen"
else
	"$GO" build -o "$WORK/gen" ./generator
fi
"$GO" build -o "$WORK/synth" ./.ci/bench/synth
"$GO" build -o "$WORK/serveedit" ./.ci/bench/serveedit
"$GO" build -o "$WORK/floor" ./.ci/bench/floor
[ "$HUGO" = 0 ] || "$GO" build -o "$WORK/hugoconv" ./.ci/bench/hugo
# The generator keeps nothing between builds. One that does keep something in the user's
# cache folder (an older revision given as BENCH_GEN) keeps it here instead, and cold
# builds start without it. Set after the go builds, which keep their cache there too.
export XDG_CACHE_HOME=$WORK/usercache

# ---- measuring ----

# measure NAME CMD...: run CMD once; append "wall cpu rss_kb" to $WORK/times/NAME.
measure() {
	local name=$1
	shift
	local t0 t1
	t0=$EPOCHREALTIME
	if ! /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.out" "$@" >"$WORK/cmd.out" 2>"$WORK/cmd.err"; then
		log "failed: $*"
		cat "$WORK/cmd.err" >&2
		exit 1
	fi
	t1=$EPOCHREALTIME
	tail -n 1 "$WORK/time.out" | awk -v t0="$t0" -v t1="$t1" '{ printf "%.4f %.2f %d\n", t1 - t0, $2 + $3, $4 }' >>"$WORK/times/$name"
}

# median NAME COLUMN: the median of a column of $WORK/times/NAME.
median() {
	awk -v c="$2" '{ print $c }' "$WORK/times/$1" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f\n", m }'
}

mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
rate() { awk -v p="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", p / s; else print "n/a" }'; }

# build NAME CONTENT OUT: one build, measured.
build() {
	measure "$1" "$WORK/gen" build -content "$2" -layouts "$root/layouts" -out "$3"
}

written() { grep -o '[0-9]* written' "$WORK/cmd.out" | head -n 1 | cut -d' ' -f1 || true; }

# kv KEY FILE: the value of KEY in a line of key=value pairs (floor, serveedit), or "n/a".
kv() { tr ' ' '\n' <"$2" | awk -F= -v k="$1" '$1 == k { v = $2 } END { print (v == "" ? "n/a" : v) }'; }

ours_rows=""
cmp_rows=""
disk_rows=""
summary_rows=""

for n in $NS; do
	c=$WORK/content-$n
	o=$WORK/out-$n
	log "N=$n: synth"
	"$WORK/synth" -n "$n" -out "$c" >/dev/null

	log "N=$n: cold builds"
	for r in $(seq "$RUNS"); do
		rm -rf "$o" "$XDG_CACHE_HOME"
		mkdir -p "$o"
		build "$n.cold" "$c" "$o"
	done
	cold_written=$(written)
	pages=$(find "$o" -name '*.html' | wc -l)

	log "N=$n: no-op builds"
	for r in $(seq "$RUNS"); do build "$n.noop" "$c" "$o"; done
	# "all up to date": the summary of an older generator (BENCH_GEN) that stopped at its stamp.
	noop_written=$(grep -q 'up to date' "$WORK/cmd.out" && echo 0 || written)

	log "N=$n: builds after editing one card"
	card=$(cd "$c/schemes" && ls | sort | sed -n "$(((n + 1) / 2))p")
	for r in $(seq "$RUNS"); do
		edit_card "$c/schemes/$card" "$r"
		build "$n.edit" "$c" "$o"
	done
	edit_written=$(written)

	for kind in cold noop edit; do
		case $kind in
		cold) label="cold" w=$cold_written ;;
		noop) label="no-op" w=$noop_written ;;
		edit) label="edit one card" w=$edit_written ;;
		esac
		wall=$(median "$n.$kind" 1)
		ours_rows+="| $n | $pages | $label | $wall | $(median "$n.$kind" 2) | $(rate "$pages" "$wall") | $(mb "$(median "$n.$kind" 3)") | ${w:-?} |"$'\n'
	done

	log "N=$n: serve edit ($SERVE_EDITS edits)"
	# The same card as the edits above, into an output folder of its own.
	rm -rf "$WORK/serve-out"
	if ! "$WORK/serveedit" -gen "$WORK/gen" -content "$c" -layouts "$root/layouts" -out "$WORK/serve-out" \
		-card "$c/schemes/$card" -k "$SERVE_EDITS" >"$WORK/serve.out" 2>"$WORK/serve.err"; then
		log "failed: serveedit"
		cat "$WORK/serve.err" >&2
		exit 1
	fi
	serve_edit=$(printf '%.3f' "$(kv median_s "$WORK/serve.out")")
	serve_range="min $(printf '%.3f' "$(kv min_s "$WORK/serve.out")"), max $(printf '%.3f' "$(kv max_s "$WORK/serve.out")")"
	serve_rss=$(kv rss_kb "$WORK/serve.out")
	[ "$serve_rss" = n/a ] || serve_rss=$(mb "$serve_rss")
	serve_written=$(kv written "$WORK/serve.out")
	ours_rows+="| $n | $pages | serve edit ($serve_range) | $serve_edit | $(kv cpu_s "$WORK/serve.out") | n/a | $serve_rss | ${serve_written/n\/a/?} |"$'\n'
	rm -rf "$WORK/serve-out"

	log "N=$n: floor"
	for r in $(seq "$RUNS"); do
		"$WORK/floor" -content "$c" -site "$o" -tmp "$WORK/floor-out" |
			tr ' ' '\n' | awk -F= '{ v[$1] = $2 } END { print v["floor_s"], v["md_s"], v["write_s"] }' >>"$WORK/times/$n.floor"
	done
	floor=$(median "$n.floor" 1)

	hugo_wall="n/a" hugo_cpu="n/a" hugo_rss="n/a" hugo_pages="n/a" vs_hugo="n/a"
	if [ "$HUGO" != 0 ]; then
		log "N=$n: Hugo"
		hs=$WORK/hugo-$n
		ho=$WORK/hugo-out-$n
		rm -rf "$hs"
		"$WORK/hugoconv" -content "$c" -layouts "$root/.ci/bench/hugo/layouts" -labels "$root/layouts/i18n.toml" -out "$hs"
		for r in $(seq "$RUNS"); do
			rm -rf "$ho"
			mkdir -p "$ho"
			measure "$n.hugo" hugo --quiet --source "$hs" --destination "$ho" --cacheDir "$WORK/hugo-cache"
		done
		hugo_pages=$(find "$ho" -name '*.html' | wc -l)
		hugo_wall=$(median "$n.hugo" 1)
		hugo_cpu=$(median "$n.hugo" 2)
		hugo_rss=$(mb "$(median "$n.hugo" 3)")
		vs_hugo=$(ratio "$(median "$n.cold" 1)" "$hugo_wall")
		rm -rf "$hs" "$ho"
	fi
	cold=$(median "$n.cold" 1)
	cmp_rows+="| $n | $cold | $hugo_wall | $vs_hugo | $(median "$n.cold" 2) | $hugo_cpu | $(mb "$(median "$n.cold" 3)") | $hugo_rss | $pages | $hugo_pages | $floor ($(median "$n.floor" 2) + $(median "$n.floor" 3)) | $(ratio "$cold" "$floor") |"$'\n'
	summary_rows+="| $n | $cold | $(median "$n.noop" 1) | $(median "$n.edit" 1) | $serve_edit | $(mb "$(median "$n.cold" 3)") | $hugo_wall | $hugo_rss | $vs_hugo |"$'\n'

	if [ "$n" = "$DISK_N" ]; then
		log "N=$n: cold builds on disk ($DISK)"
		rm -rf "$DISK"
		mkdir -p "$DISK"
		dc=$DISK/content-$n
		dout=$DISK/out-$n
		"$WORK/synth" -n "$n" -out "$dc" >/dev/null
		for r in $(seq "$RUNS"); do
			rm -rf "$dout" "$XDG_CACHE_HOME"
			mkdir -p "$dout"
			sync
			build "$n.disk" "$dc" "$dout"
		done
		for where in "tmpfs:$WORK:$n.cold" "disk:$DISK:$n.disk"; do
			IFS=: read -r kind dir name <<<"$where"
			wall=$(median "$name" 1)
			disk_rows+="| $n | $kind | \`$dir\` ($(stat -f -c %T "$dir")) | $wall | $(median "$name" 2) | $(rate "$pages" "$wall") | $(mb "$(median "$name" 3)") |"$'\n'
		done
		rm -rf "$DISK"
	fi
	rm -rf "$c" "$o"
done

# ---- report ----
report() {
	echo "# Generator benchmark"
	echo
	echo "Synthetic surveys of N schemes (\`go run ./.ci/bench/synth -n N\`: N scheme cards, 40 standards, 5 prose pages, 52 glossary terms, about 1.5 KB of Markdown per card and language)."
	echo "Median of $RUNS runs ($SERVE_EDITS edits for serve edit). Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $("$GO" version | cut -d' ' -f3); $( [ "$HUGO" = 0 ] && echo "Hugo skipped" || hugo version | cut -d' ' -f1-2); load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)."
	[ -z "$GEN" ] || echo "Generator: \`$GEN\` (BENCH_GEN), not this checkout's."
	echo
	echo "## Summary"
	echo
	echo "Seconds, medians. cold, no-op and edit are builds (\`generator build\`, process start included); serve edit is the time from saving one scheme card to the preview's event announcing the rebuild. Peak RSS is the cold build's, in MB; ratio is our cold build's time over Hugo's."
	echo
	echo "| N | cold | no-op | edit | serve edit | peak RSS | Hugo cold | Hugo peak RSS | ratio |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s' "$summary_rows"
	echo
	echo "## Our generator, on tmpfs (\`$WORK\`)"
	echo
	echo "pages/s is the site's HTML pages divided by the wall time of that build; files written is what the build reported. For serve edit, wall s is the median time from the save to the preview's event (min and max beside it), CPU s the preview's CPU time per edit, peak RSS the preview's at the end, files written what its last rebuild reported."
	echo
	echo "| N | pages | build | wall s | CPU s | pages/s | peak RSS MB | files written |"
	echo "|---:|---:|---|---:|---:|---:|---:|---:|"
	printf '%s' "$ours_rows"
	echo
	echo "## Cold build against Hugo and the floor, on tmpfs"
	echo
	echo "Hugo builds an equivalent site from the same corpus (.ci/bench/hugo). The floor is goldmark alone converting all the corpus's Markdown on all cores plus writing as many files of the same sizes as our build (.ci/bench/floor)."
	echo
	echo "| N | ours wall s | Hugo wall s | ours / Hugo | ours CPU s | Hugo CPU s | ours RSS MB | Hugo RSS MB | our pages | Hugo pages | floor s (Markdown + writes) | ours / floor |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s' "$cmp_rows"
	if [ -n "$disk_rows" ]; then
		echo
		echo "## Cold build, tmpfs against disk"
		echo
		echo "| N | where | folder (filesystem) | wall s | CPU s | pages/s | peak RSS MB |"
		echo "|---:|---|---|---:|---:|---:|---:|"
		printf '%s' "$disk_rows"
	fi
}

mkdir -p "$(dirname "$OUT_MD")"
report | tee "$OUT_MD"
log "wrote $OUT_MD"
rm -rf "$WORK"
