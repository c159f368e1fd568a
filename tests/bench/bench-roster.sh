#!/bin/sh
# bench-roster: the cost of the roster. On the demo list (28 messages answering the draft,
# analysed once beforehand), the wall and CPU time (ms, "wall/cpu") of members import,
# compile, consensus and check with no roster and with rosters of 500, 2,500 and 20,000
# members (BENCH_ROSTERS), each holding the demo's senders, some under another address with
# theirs as aliases; then each wall time as a ratio to the time with no roster. The roster
# is read by address for every point and message, so the ratio should stay small and grow
# at most linearly with the roster (CPU time tells the same on a busy machine).
set -u
O=${O:-build}
RP=$(pwd)/$O/rapporteur
D=$(mktemp -d "${TMPDIR:-/tmp}/rp-bench-roster.XXXXXX")
trap 'rm -rf "$D"' EXIT
export RAPPORTEUR_NO_PROGRESS=1
ROSTERS=${BENCH_ROSTERS:-500 2500 20000}

"$RP" --db "$D/demo.db" import --list dc-coord fixtures/demo/list.mbox >/dev/null 2>&1
"$RP" --db "$D/demo.db" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null 2>&1
"$RP" --db "$D/demo.db" points 1 >/dev/null 2>&1

# roster N: a CSV of N members: the demo's senders, two of them sharing one member, then
# generated members with one alias each
roster() {
	{
		echo "address,name,affiliation,aliases"
		echo "avri.doria@example.org,Avri Doria,Schools IG,avri@schools-ig.example.net"
		echo "secretariat@igf.example.org,IGF Secretariat,UN DESA,anja.gengo@igf-secretariat.example.org sorina.teleanu@igf-secretariat.example.org"
		echo "Markus.Kummer@example.net,Markus Kummer,,"
		echo "croll@digitale-chancen.example.org,Jutta Croll,Digitale Chancen,jutta@home.example.de"
		awk -v n="$(($1 - 4))" 'BEGIN { for (i = 0; i < n; i++)
			printf "m%d@x.example,Member %d,Org %d,a%d@y.example\n", i, i, i % 50, i }'
	} >"$D/roster.csv"
}

# ms CMD...: the wall time of CMD in milliseconds in MS, "wall/cpu" in WC
ms() {
	t0=$(date +%s%N)
	/usr/bin/time -f "%U %S" -o "$D/cpu" "$@" >/dev/null 2>&1
	MS=$((($(date +%s%N) - t0) / 1000000))
	WC=$MS/$(awk '{ printf "%.0f", ($1 + $2) * 1000 }' "$D/cpu")
}

printf '%-8s %12s %12s %12s %12s\n' members "import" "compile" "consensus" "check"
for n in 0 $ROSTERS; do
	cp "$D/demo.db" "$D/r.db"
	imp=-
	if [ "$n" -gt 0 ]; then
		roster "$n"
		ms "$RP" --db "$D/r.db" members import "$D/roster.csv"
		imp=$WC
	fi
	ms "$RP" --db "$D/r.db" compile 1 --no-analyse
	comp=$MS compwc=$WC
	ms "$RP" --db "$D/r.db" consensus 1 --no-analyse
	cons=$MS conswc=$WC
	ms "$RP" --db "$D/r.db" check "Avri Doria" --draft 1 --no-analyse
	printf '%-8s %12s %12s %12s %12s\n' "$n" "$imp" "$compwc" "$conswc" "$WC"
	echo "$n $comp $cons $MS" >>"$D/times"
	rm -f "$D"/r.db*
done
echo "ratio to no roster:"
awk 'NR == 1 { c = $2; s = $3; k = $4; next }
	function r(a, b) { return sprintf("%.1fx", a / (b > 0 ? b : 1)) }
	{ printf "%-8s %12s %12s %12s %12s\n", $1, "", r($2, c), r($3, s), r($4, k) }' "$D/times"
