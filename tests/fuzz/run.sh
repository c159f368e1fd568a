#!/bin/sh
# fuzz: run each libFuzzer target for FUZZ_SECONDS, seeded from tests/fuzz/seeds/<name>/ (and
# the shared corpora's MIME, threading and segmentation sets when $RP_CORPORA names them).
# Prints executions and coverage per target; inputs that crashed are kept in
# $FUZZ_O/crashes/ and the exit status is 1. FUZZ_SECONDS=0 replays the seeds only (every
# past crash and hang is a seed): a deterministic regression run.
FUZZ_O=${FUZZ_O:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
st=0
for f in "$FUZZ_O"/fuzz-*; do
	[ -x "$f" ] || continue
	name=$(basename "$f")
	seeds=tests/fuzz/seeds/${name#fuzz-}
	work=$(mktemp -d)
	[ -d "$seeds" ] && cp -r "$seeds"/. "$work"/ 2>/dev/null
	# Extra read-only seed folders from the shared corpora, when present (RP_CORPORA).
	extra=""
	if [ -n "${RP_CORPORA:-}" ] && [ -d "$RP_CORPORA" ]; then
		case $name in
		fuzz-mime) extra="$RP_CORPORA/mime" ;;
		fuzz-mbox | fuzz-thread) extra="$RP_CORPORA/threading" ;;
		fuzz-segment) extra="$RP_CORPORA/segmentation" ;;
		esac
		[ -d "$extra" ] || extra=""
	fi
	rc=0
	if [ "$FUZZ_SECONDS" = 0 ]; then mode="-runs=0"; else mode="-max_total_time=$FUZZ_SECONDS"; fi
	"$f" $mode -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$work.crash-" "$work" $extra >"$work.log" 2>&1 || rc=$?
	if [ "$rc" != 0 ]; then
		st=1
		tail -n 40 "$work.log"
		# Keep what crashed, to turn it into a regression test.
		mkdir -p "$FUZZ_O/crashes"
		for a in "$work".crash-*; do [ -f "$a" ] && cp "$a" "$FUZZ_O/crashes/$name-$(basename "$a" | sed 's/.*crash-//')"; done
	fi
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work.log" | grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]*' "$work.log" | tail -n 1 | grep -o '[0-9]*$')
	echo "$name: ${execs:-0} executions, coverage ${cov:-0} edges, exit $rc"
	rm -rf "$work" "$work.log" "$work".crash-*
done
exit $st
