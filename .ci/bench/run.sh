#!/usr/bin/env bash
# make bench: how fast the generator builds synthetic surveys of N schemes, against Hugo
# on the same corpus and against a floor (goldmark alone + writing the same bytes).
#
# For each N it writes a corpus with `generator synth` onto tmpfs, then times, BENCH_RUNS
# times each, reporting the median:
#   cold    build into an empty output folder
#   no-op   the same build again over its own output; it stops at the build stamp
#   no-op -cache off   the same without the stamp: every card loaded, every page
#           fingerprinted and found unchanged
#   edit    a build after appending a sentence to one scheme's overview (a new one each run)
#   hugo    `hugo --quiet` into an empty folder, on a Hugo site converted from the corpus
#           (.ci/bench/hugo; conversion not timed)
#   floor   .ci/bench/floor: goldmark converting all the corpus's Markdown on all cores,
#           plus writing as many files of the same sizes as our cold build wrote
# and, for N = BENCH_DISK_N, the cold build again with content and output on disk.
# Wall time is measured around the command; CPU (user+sys) and peak RSS come from
# /usr/bin/time. The table goes to stdout and to .ci/artifacts/bench.md.
#
# Settings (environment):
#   BENCH_NS="25 1000 10000"   corpus sizes
#   BENCH_RUNS=5               runs per measurement
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
"$GO" build -o "$WORK/gen" ./generator
"$GO" build -o "$WORK/floor" ./.ci/bench/floor
[ "$HUGO" = 0 ] || "$GO" build -o "$WORK/hugoconv" ./.ci/bench/hugo

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

# build NAME CONTENT OUT [FLAGS]: the stamps live in $WORK/cache, emptied for cold builds.
build() {
	local name=$1 content=$2 out=$3
	shift 3
	measure "$name" "$WORK/gen" build -content "$content" -layouts "$root/layouts" -out "$out" -cache "$WORK/cache" "$@"
}

written() { grep -o '[0-9]* written' "$WORK/cmd.out" | head -n 1 | cut -d' ' -f1 || true; }

ours_rows=""
cmp_rows=""
disk_rows=""

for n in $NS; do
	c=$WORK/content-$n
	o=$WORK/out-$n
	log "N=$n: synth"
	"$WORK/gen" synth -n "$n" -out "$c" >/dev/null
	# Cards saved a minute ago, as an editor's are: a stamp trusts only settled files.
	find "$c" -type f -newermt '-1 minute' -exec touch -d '-1 minute' {} +

	log "N=$n: cold builds"
	for r in $(seq "$RUNS"); do
		rm -rf "$o" "$WORK/cache"
		mkdir -p "$o"
		build "$n.cold" "$c" "$o"
	done
	cold_written=$(written)
	pages=$(find "$o" -name '*.html' | wc -l)

	log "N=$n: no-op builds"
	for r in $(seq "$RUNS"); do build "$n.noop" "$c" "$o"; done
	noop_written=$(grep -q 'up to date' "$WORK/cmd.out" && echo 0 || written)
	for r in $(seq "$RUNS"); do build "$n.nostamp" "$c" "$o" -cache off; done
	nostamp_written=$(written)

	log "N=$n: builds after editing one card"
	card=$(cd "$c/schemes" && ls | sort | sed -n "$(((n + 1) / 2))p")
	for r in $(seq "$RUNS"); do
		edit_card "$c/schemes/$card" "$r"
		build "$n.edit" "$c" "$o"
	done
	edit_written=$(written)

	for kind in cold noop nostamp edit; do
		case $kind in
		cold) label="cold" w=$cold_written ;;
		noop) label="no-op" w=$noop_written ;;
		nostamp) label="no-op, -cache off" w=$nostamp_written ;;
		edit) label="edit one card" w=$edit_written ;;
		esac
		wall=$(median "$n.$kind" 1)
		ours_rows+="| $n | $pages | $label | $wall | $(median "$n.$kind" 2) | $(rate "$pages" "$wall") | $(mb "$(median "$n.$kind" 3)") | ${w:-?} |"$'\n'
	done

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

	if [ "$n" = "$DISK_N" ]; then
		log "N=$n: cold builds on disk ($DISK)"
		rm -rf "$DISK"
		mkdir -p "$DISK"
		dc=$DISK/content-$n
		dout=$DISK/out-$n
		"$WORK/gen" synth -n "$n" -out "$dc" >/dev/null
		for r in $(seq "$RUNS"); do
			rm -rf "$dout" "$WORK/cache"
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
	echo "Synthetic surveys of N schemes (\`generator synth -n N\`: N scheme cards, 40 standards, 5 prose pages, 52 glossary terms, about 1.5 KB of Markdown per card and language)."
	echo "Median of $RUNS runs. Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $("$GO" version | cut -d' ' -f3); $( [ "$HUGO" = 0 ] && echo "Hugo skipped" || hugo version | cut -d' ' -f1-2); load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	echo "## Our generator, on tmpfs (\`$WORK\`)"
	echo
	echo "pages/s is the site's HTML pages divided by the wall time of that build; files written is what the build reported."
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
