#!/bin/sh
# Two `fetch` on one database at once: both succeed (the second waits for the write lock,
# batch by batch) and the store holds every message once; `compile` and `status` work while
# a fetch writes (WAL readers never wait).
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/db" "$1"; }
N=3000
dove_start || { notok "dovecot starts"; exit 1; }
python3 tests/mailtool.py gen $N 41 >"$T/list.mbox"
dove_load_mbox "$T/list.mbox" >/dev/null
dove_config "$T/cfg" foo none
# A discussed draft in the same store, to compile while the fetches write.
$RP --db "$T/db" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$T/db" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
$RP --db "$T/db" compile 1 -o "$T/before.md" >/dev/null 2>&1
demo=$(q 'select count(*) from message')

$RP --config "$T/cfg" --db "$T/db" fetch >"$T/o1" 2>&1 &
p1=$!
$RP --config "$T/cfg" --db "$T/db" fetch >"$T/o2" 2>&1 &
p2=$!
compiles=0 statuses=0 failed=0
while kill -0 $p1 2>/dev/null || kill -0 $p2 2>/dev/null; do
	if $RP --db "$T/db" compile 1 --no-analyse -o "$T/during.md" 2>"$T/cerr"; then
		compiles=$((compiles + 1))
	else
		failed=$((failed + 1))
		sed 's/^/#   compile: /' "$T/cerr"
	fi
	$RP --db "$T/db" status >/dev/null 2>&1 && statuses=$((statuses + 1))
done
wait $p1; r1=$?
wait $p2; r2=$?
[ "$r1" = 0 ] || sed 's/^/#   first fetch: /' "$T/o1"
[ "$r2" = 0 ] || sed 's/^/#   second fetch: /' "$T/o2"
check_eq "first fetch succeeds" "$r1" 0
check_eq "second fetch succeeds (waited for the lock)" "$r2" 0
check_eq "every message stored once" "$(q "select count(*) from message where list_id = (select id from list where name = 'foo')")" $N
check_eq "no Message-ID twice" "$(q "select count(*) from (select message_id from message group by message_id, hash having count(*) > 1)")" 0
check_eq "the list's highest UID is the last message" "$(q "select highest_uid from list where name = 'foo'")" $N
check "compile worked while fetches wrote ($compiles compiles, $failed failed)" [ "$compiles" -ge 1 -a "$failed" = 0 ]
check "status read while fetches wrote ($statuses reads)" [ "$statuses" -ge 1 ]
check "the document compiled during the fetches is the one from before (no partial read)" \
	cmp -s "$T/before.md" "$T/during.md"
check_eq "demo messages untouched" "$(q "select count(*) from message where list_id = (select id from list where name = 'dc-coord')")" "$demo"
check_eq "integrity" "$(q 'pragma integrity_check')" ok
