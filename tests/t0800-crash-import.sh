#!/bin/sh
# Crash consistency of import: SIGKILL `rapporteur import` at 20 moments spread over a run
# (each on a fresh store), then re-run it, and compare the final store with an uninterrupted
# import: same messages, none twice, none lost, the same thread tree, integrity_check ok.
# 9,000 messages make three batches (4,000 per transaction), so some kills land after a
# batch committed and before the next.
. tests/lib.sh
python3 tests/bench/gen-mbox.py 9000 7 >"$T/arch.mbox"
start=$(date +%s%N)
$RP --db "$T/ref.db" import "$T/arch.mbox" >/dev/null 2>&1
dur_ms=$((($(date +%s%N) - start) / 1000000))
ref_n=$(sqlite3 "$T/ref.db" 'select count(*) from message')
check_eq "uninterrupted import stores all 9000" "$ref_n" 9000
q='select message_id, hash, subject, from_addr, length(t.body) from message join message_text t using (id) order by message_id, hash'
sqlite3 "$T/ref.db" "$q" >"$T/ref.txt"
tq='select message_id, coalesce(parent, "-"), thread, ghost, depth from thread_node order by message_id'
sqlite3 "$T/ref.db" "$tq" >"$T/ref-tree.txt"
kills=0 partial=0 between=0 i=0
while [ $i -lt 20 ]; do
	rm -f "$T"/t.db*
	delay=$(awk -v i=$i -v d="$dur_ms" 'BEGIN { srand(1000 + i); printf "%.3f", (5 + rand() * d * 0.9) / 1000 }')
	$RP --db "$T/t.db" import "$T/arch.mbox" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
	n=$(sqlite3 "$T/t.db" 'select count(*) from message' 2>/dev/null || echo 0)
	[ "$n" -lt "$ref_n" ] && partial=$((partial + 1))
	[ "$n" -gt 0 ] && [ "$n" -lt "$ref_n" ] && between=$((between + 1))
	ok_int=$(sqlite3 "$T/t.db" 'pragma integrity_check' 2>/dev/null)
	$RP --db "$T/t.db" import "$T/arch.mbox" >/dev/null 2>&1
	sqlite3 "$T/t.db" "$q" >"$T/t.txt"
	dup=$(sqlite3 "$T/t.db" 'select count(*) from (select 1 from message group by message_id, hash having count(*) > 1)')
	orphan=$(sqlite3 "$T/t.db" 'select count(*) from raw where hash not in (select hash from message)')
	sqlite3 "$T/t.db" "$tq" >"$T/t-tree.txt"
	# The import left WAL for a rollback journal; the re-run puts it back.
	jm=$(sqlite3 "$T/t.db" 'pragma journal_mode')
	if [ "${ok_int:-ok}" = ok ] && [ "$jm" = wal ] && cmp -s "$T/ref.txt" "$T/t.txt" && [ "$dup" = 0 ] && [ "$orphan" = 0 ] &&
		cmp -s "$T/ref-tree.txt" "$T/t-tree.txt"; then
		ok "kill at ${delay}s ($n messages committed), re-run: same store and threads as uninterrupted"
	else
		notok "kill at ${delay}s: integrity=$ok_int dup=$dup orphan=$orphan journal=$jm"
	fi
	i=$((i + 1))
done
echo "# $kills kills, $partial of them left a partial store, $between with some batches committed"
check "most kills interrupted the import mid-way" [ "$partial" -ge 10 ]
check "some kills came between two batches" [ "$between" -ge 1 ]
