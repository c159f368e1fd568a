#!/bin/sh
# Crash consistency of fetch: SIGKILL `rapporteur fetch` at 20 moments spread over a run
# against a private Dovecot (each on a fresh store), re-run it, and compare the final store
# with an uninterrupted fetch: same messages, none twice, none lost, integrity_check ok,
# and the list state never ahead of the committed messages.
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
N=2000
# Batches of 500 (the default is 4,000), so kills land between commits.
export RAPPORTEUR_BATCH=500
dove_start || { notok "dovecot starts"; exit 1; }
python3 tests/mailtool.py gen $N 23 >"$T/list.mbox"
dove_load_mbox "$T/list.mbox" >/dev/null
dove_config "$T/f.cfg" foo none
start=$(date +%s%N)
$RP --config "$T/f.cfg" --db "$T/ref.db" fetch >/dev/null 2>&1
dur_ms=$((($(date +%s%N) - start) / 1000000))
check_eq "uninterrupted fetch stores all $N" "$(q ref.db 'select count(*) from message')" $N
# A pass of 1,000 messages or more writes in a rollback journal, then restores WAL.
check_eq "the store is back in WAL after the fetch" "$(q ref.db 'pragma journal_mode')" wal
fp='select message_id, hash, uid, subject, from_addr, length(t.body) from message join message_text t using (id) order by uid, message_id'
q ref.db "$fp" >"$T/ref.txt"
kills=0 partial=0 i=0
while [ $i -lt 20 ]; do
	rm -f "$T"/t.db*
	delay=$(awk -v i=$i -v d="$dur_ms" 'BEGIN { srand(2000 + i); printf "%.3f", (5 + (i + rand()) / 20 * d * 0.7) / 1000 }')
	$RP --config "$T/f.cfg" --db "$T/t.db" fetch >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
	n=$(q t.db 'select count(*) from message' 2>/dev/null || echo 0)
	[ "${n:-0}" -lt $N ] && partial=$((partial + 1))
	int1=$(q t.db 'pragma integrity_check' 2>/dev/null)
	# The state written with each batch never claims a UID whose message was not committed.
	ahead=$(q t.db "select count(*) from list where highest_uid > coalesce((select max(uid) from message), 0)" 2>/dev/null)
	$RP --config "$T/f.cfg" --db "$T/t.db" fetch >/dev/null 2>&1
	rc=$?
	q t.db "$fp" >"$T/t.txt"
	dup=$(q t.db 'select count(*) from (select 1 from message group by message_id, hash having count(*) > 1)')
	int2=$(q t.db 'pragma integrity_check')
	jm=$(q t.db 'pragma journal_mode')
	if [ $rc = 0 ] && [ "$jm" = wal ] && [ "${int1:-ok}" = ok ] && [ "$int2" = ok ] && [ "${ahead:-0}" = 0 ] &&
		cmp -s "$T/ref.txt" "$T/t.txt" && [ "$dup" = 0 ]; then
		ok "fetch killed at ${delay}s ($n committed), re-run: same store as uninterrupted"
	else
		notok "fetch killed at ${delay}s: rc=$rc integrity=$int1/$int2 ahead=$ahead dup=$dup journal=$jm"
		diff "$T/ref.txt" "$T/t.txt" | head -n 5 | sed 's/^/#   /'
	fi
	i=$((i + 1))
done
echo "# $kills kills, $partial of them left a partial store"
# The moments come from the reference run's duration; on a loaded machine a run can be
# faster or slower than that, so only a third of them must land mid-fetch.
check "kills interrupted the fetch mid-way ($partial of 20)" [ "$partial" -ge 7 ]
