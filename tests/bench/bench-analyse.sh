#!/bin/sh
# bench-analyse: analysis time of a draft's discussion (membership, points, anchors,
# stance, written back) for 500, 5,000 and 50,000 replies (BENCH_REPLIES), each inside a
# store that also holds BENCH_STORE_N (default 200,000) unrelated list messages, laid out
# as a ten-year archive and as one busy month. Prints CPU and wall time, and the cost per
# reply, to show whether it stays linear; then the time of the analysis again after one
# more list message that does not answer the draft.
set -u
O=${O:-build}
RP=$(pwd)/$O/rapporteur
STORE_N=${BENCH_STORE_N:-200000}
D=$(mktemp -d "${TMPDIR:-/tmp}/rp-bench-an.XXXXXX")
trap 'rm -rf "$D"' EXIT
export RAPPORTEUR_NO_PROGRESS=1
printf '%-8s %-10s %10s %10s %10s %12s %10s %10s\n' layout replies answering "wall s" "cpu s" "cpu ms/reply" "RSS MB" "again s"
# archive: the store's messages spread over ten years before the draft (a real archive);
# month: all of them list traffic in the draft's own month, every one a candidate the
# membership must read and judge (the worst case).
for layout in archive month; do
	if [ $layout = archive ]; then years=10; else years=; fi
	GEN_MBOX_YEARS=$years python3 tests/bench/gen-mbox.py "$STORE_N" 42 >"$D/base.mbox"
	rm -f "$D"/base.db*
	"$RP" --db "$D/base.db" import --list list "$D/base.mbox" >/dev/null 2>&1
	rm -f "$D/base.mbox"
	for n in ${BENCH_REPLIES:-500 5000 50000}; do
		cp "$D/base.db" "$D/an.db"
		python3 tests/bench/gen-discussion.py fixtures/demo/draft.txt "$n" 7 >"$D/disc.mbox"
		"$RP" --db "$D/an.db" import --list list "$D/disc.mbox" >/dev/null 2>&1
		# answering: the replies plus list messages the membership takes in (month layout:
		# synthetic subjects that happen to name the draft)
		a=$("$RP" --db "$D/an.db" draft add --from-message circulation-bench@example.org 2>/dev/null |
			sed -n 's/.* \([0-9][0-9]*\) answering messages.*/\1/p')
		/usr/bin/time -f "%e %U %S %M" -o "$D/t" "$RP" --db "$D/an.db" points --json 1 >/dev/null
		# again: one more list message that does not answer the draft, then the analysis
		# again (membership runs; the rest is skipped when its inputs did not change)
		printf 'From: x@example.org\nSubject: [DC-coord] Lunch\nMessage-ID: <lunch-%s@example.org>\nDate: Mon, 14 Jun 2021 12:00:00 +0000\n\nWho comes to lunch?\n' "$n" >"$D/one.eml"
		"$RP" --db "$D/an.db" import --list list "$D/one.eml" >/dev/null 2>&1
		/usr/bin/time -f "%e" -o "$D/t2" "$RP" --db "$D/an.db" points --json 1 >/dev/null
		awk -v l="$layout" -v n="$n" -v a="${a:-?}" -v again="$(cat "$D/t2")" '{ printf "%-8s %-10d %10s %10.2f %10.2f %12.3f %10.1f %10.2f\n", l, n, a, $1, $2 + $3, ($2 + $3) * 1000 / n, $4 / 1024, again }' "$D/t"
		rm -f "$D"/an.db*
	done
done
