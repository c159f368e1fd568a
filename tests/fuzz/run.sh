#!/bin/sh
# fuzz: run each libFuzzer target for FUZZ_SECONDS, seeded from fixtures/ (and the shared
# corpora's robustness sets when present). Prints executions per target.
FUZZ_O=${FUZZ_O:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
st=0
for f in "$FUZZ_O"/fuzz-*; do
	[ -x "$f" ] || continue
	name=$(basename "$f")
	seeds=tests/fuzz/seeds/${name#fuzz-}
	work=$(mktemp -d)
	[ -d "$seeds" ] && cp -r "$seeds"/. "$work"/ 2>/dev/null
	"$f" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
		-print_final_stats=1 "$work" >"$work.log" 2>&1 || { st=1; tail -n 40 "$work.log"; }
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work.log" | grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]*' "$work.log" | tail -n 1 | grep -o '[0-9]*$')
	echo "$name: ${execs:-0} executions, coverage ${cov:-0} edges, exit $st"
	rm -rf "$work" "$work.log"
done
exit $st
