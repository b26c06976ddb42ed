#!/usr/bin/env bash
# make pgo: rewrite generator/default.pgo, the CPU profile the Go toolchain uses to
# optimise the generator's hot paths (profile-guided optimisation; `go build` and
# `go run` pick up default.pgo in the main package's folder by themselves).
#
# The profile is what the generator does at scale, from a binary built without a profile:
#   - two cold builds of a synthetic survey of PGO_N schemes (empty output and cache);
#   - four builds after editing one card, each with a new sentence;
#   - one build of the real survey (content/) into an empty folder.
# The profiles are merged (go tool pprof -proto) into generator/default.pgo. Rerun it
# when the generator's hot paths change; a stale profile still builds, it only helps less.
#
# Settings (environment):
#   PGO_N=10000                 schemes in the synthetic survey
#   PGO_TMPFS=/dev/shm/pgo      scratch folder (removed and recreated, then removed)
#   GO=go
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

N=${PGO_N:-10000}
WORK=${PGO_TMPFS:-/dev/shm/pgo}
GO=${GO:-go}

log() { echo "pgo: $*" >&2; }
# shellcheck source=lib.sh
. "$root/.ci/bench/lib.sh"

case "$WORK" in
/ | "$HOME" | "$root" | "$root"/*) log "refusing scratch folder $WORK"; exit 2 ;;
esac
rm -rf "$WORK"
mkdir -p "$WORK/prof"
trap 'rm -rf "$WORK"' EXIT

log "building the generator without a profile"
"$GO" build -pgo=off -o "$WORK/gen" ./generator

c=$WORK/content
o=$WORK/out
log "N=$N: synth"
"$WORK/gen" synth -n "$N" -out "$c" >/dev/null
# Cards saved a minute ago, as an editor's are: a stamp trusts only settled files.
find "$c" -type f -newermt '-1 minute' -exec touch -d '-1 minute' {} +

build() { # build PROFILE CONTENT OUT
	"$WORK/gen" build -content "$2" -layouts "$root/layouts" -out "$3" -cache "$WORK/cache" \
		-cpuprofile "$WORK/prof/$1" >/dev/null
}

log "N=$N: cold builds"
for r in 1 2; do
	rm -rf "$o" "$WORK/cache"
	build "cold-$r" "$c" "$o"
done

log "N=$N: builds after editing one card"
card=$c/schemes/$(cd "$c/schemes" && ls | sort | sed -n "$(((N + 1) / 2))p")
for r in 1 2 3 4; do
	edit_card "$card" "$r"
	touch -d '-1 minute' "$card"
	build "edit-$r" "$c" "$o"
done

log "the real survey"
rm -rf "$WORK/cache"
build real content "$WORK/real"

# -symbolize=none: the profiles carry their symbols, start lines included, which the
# compiler needs; pprof must not look them up again in the binary.
"$GO" tool pprof -proto -symbolize=none "$WORK"/prof/* >"$WORK/default.pgo"
log "checking that the compiler takes the profile"
if ! "$GO" build -pgo="$WORK/default.pgo" -o "$WORK/gen-pgo" ./generator; then
	log "the compiler refused the merged profile; generator/default.pgo is unchanged"
	exit 1
fi
mv "$WORK/default.pgo" generator/default.pgo
log "wrote generator/default.pgo ($(wc -c <generator/default.pgo) bytes)"
