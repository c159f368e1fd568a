#!/bin/sh
# Two writers on one database take turns (the second waits for the lock, batch by batch);
# a reader works while a writer writes (WAL).
. tests/lib.sh
python3 tests/bench/gen-mbox.py 3000 11 >"$T/a.mbox"
python3 tests/bench/gen-mbox.py 3000 12 | sed 's/bench-\([0-9]*\)@/other-\1@/' >"$T/b.mbox"
$RP --db "$T/db" import "$T/a.mbox" >"$T/o1" 2>&1 &
p1=$!
$RP --db "$T/db" import "$T/b.mbox" >"$T/o2" 2>&1 &
p2=$!
reads=0
while kill -0 $p1 2>/dev/null || kill -0 $p2 2>/dev/null; do
	$RP --db "$T/db" status --json >"$T/st" 2>/dev/null && reads=$((reads + 1))
done
wait $p1; r1=$?
wait $p2; r2=$?
[ "$r2" = 0 ] || sed "s/^/#   second writer: /" "$T/o2"
check_eq "first writer succeeds" "$r1" 0
check_eq "second writer succeeds (waited for the lock)" "$r2" 0
check_eq "both archives stored" "$(sqlite3 "$T/db" 'select count(*) from message')" 6000
check "status could read while importing ($reads reads)" [ "$reads" -ge 1 ]
check_eq "integrity" "$(sqlite3 "$T/db" 'pragma integrity_check')" ok
