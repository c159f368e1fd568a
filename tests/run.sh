#!/bin/sh
# run: the test runner behind `make check`. Runs every unit-test binary given as argument,
# then every end-to-end script tests/tNNNN-*.sh, and ends with one "N passed, N failed" line.
# Unit binaries print "file: N passed, N failed"; e2e scripts print "ok"/"not ok" lines.
# RP_UNIT_ONLY=1 runs the unit binaries alone (make unit); make e2e passes none.
O=${O:-build}
export O
RP_BIN="$(pwd)/$O/rapporteur"
export RP_BIN
pass=0
fail=0
failed_names=""
log=$(mktemp)
for t in "$@"; do
	if "$t" >"$log" 2>&1; then st=0; else st=$?; fi
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
	[ -n "$p" ] || p=0
	[ -n "$f" ] || f=0
	if [ "$st" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" != 0 ]; then
		cat "$log"
		failed_names="$failed_names $(basename "$t")"
	fi
	echo "$(basename "$t"): $p passed, $f failed" | sed 's/^/  /'
done
for t in tests/t[0-9]*.sh; do
	[ -f "$t" ] && [ -z "${RP_UNIT_ONLY:-}" ] || continue
	if sh "$t" >"$log" 2>&1; then st=0; else st=$?; fi
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$st" != 0 ] && [ "$f" = 0 ]; then f=1; echo "not ok - $t exited $st" >>"$log"; fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" != 0 ]; then
		cat "$log"
		failed_names="$failed_names $(basename "$t")"
	fi
	echo "  $(basename "$t"): $p passed, $f failed"
done
rm -f "$log"
[ -z "$failed_names" ] || echo "failing:$failed_names"
echo "total: $pass passed, $fail failed"
[ "$fail" = 0 ]
