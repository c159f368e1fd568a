#!/bin/sh
# eval: quality scores. Runs every tests/eval/eval-*.sh; each prints its own score table.
# Scripts read fixtures/ always and the shared corpora when RP_CORPORA (default
# ../shared/corpora) exists.
O=${O:-build}
export O
RP_CORPORA=${RP_CORPORA:-$(cd .. && pwd)/shared/corpora}
export RP_CORPORA
RP_BIN="$(pwd)/$O/rapporteur"
export RP_BIN
st=0
for e in tests/eval/eval-*.sh; do
	[ -f "$e" ] || continue
	echo "== $(basename "$e" .sh)"
	sh "$e" || st=1
done
exit $st
