#!/bin/sh
# Network faults during fetch: a server that drops the connection in the middle of the
# FETCH (clean close and TCP reset), one that stalls, one that is not there, and a kill -9
# of rapporteur itself. Each time the final store must equal an uninterrupted fetch's: no
# message lost, none doubled.
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
export RAPPORTEUR_RETRY_DELAY=0.1
# Batches of 500 (the default is 4,000), so a fault lands after some commits.
export RAPPORTEUR_BATCH=500
N=2000
dove_start || { notok "dovecot starts"; exit 1; }
python3 tests/mailtool.py gen $N 11 >"$T/list.mbox"
dove_load_mbox "$T/list.mbox" >/dev/null
dove_config "$T/ref.cfg" foo none
$RP --config "$T/ref.cfg" --db "$T/ref.db" fetch >/dev/null 2>&1
check_eq "uninterrupted fetch: $N messages" "$(q ref.db 'select count(*) from message')" $N
# The identity of every stored message and its UID, as one digest (the diff on failure).
fingerprint() {
	q "$1" "select message_id||' '||hash||' '||uid from message order by uid" >"$T/$1.fp"
	if [ "$1" != ref.db ] && ! cmp -s "$T/$1.fp" "$T/ref.db.fp"; then
		diff "$T/ref.db.fp" "$T/$1.fp" | head -n 5 | sed 's/^/#   /' >&2
	fi
	echo "$(wc -l <"$T/$1.fp") messages, $(sha256sum <"$T/$1.fp" | cut -c1-16)"
}
ref=$(fingerprint ref.db)

# A drop after about 1.5 MB of a 4.4 MB FETCH, then faithful connections.
for mode in cut reset; do
	dove_proxy $mode 1500000 1
	dove_config "$T/$mode.cfg" foo none "$PROXY_PORT"
	$RP --config "$T/$mode.cfg" --db "$T/$mode.db" fetch --json >"$T/out" 2>"$T/err"
	check_eq "$mode mid-FETCH: exit 0 after a retry" "$?" 0
	check_eq "$mode mid-FETCH: one retry" "$(jget "$T/out" '["lists"][0]["retries"]')" 1
	check "$mode mid-FETCH: the retry names the command and resumes after the last commit" \
		grep -q "UID FETCH 1:\* ([0-9]* of [0-9]* messages arrived): .*retry 1 of 5 in 0.1 s from UID [1-9][0-9]" "$T/err"
	check_eq "$mode mid-FETCH: same store as uninterrupted" "$(fingerprint $mode.db)" "$ref"
	dove_proxy_stop
done

# A stalled server: the timeout fires, the fetch resumes.
dove_proxy stall 1000000 1
DOVE_TIMEOUT=2 dove_config "$T/stall.cfg" foo none "$PROXY_PORT"
$RP --config "$T/stall.cfg" --db "$T/stall.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "stall: exit 0 after the timeout and a retry" "$?" 0
check_eq "stall: same store as uninterrupted" "$(fingerprint stall.db)" "$ref"
dove_proxy_stop

# Every connection drops before anything could be fetched: bounded retries, then a
# network error naming the server and the command.
dove_proxy cut 100 1000
dove_config "$T/always.cfg" foo none "$PROXY_PORT"
$RP --config "$T/always.cfg" --db "$T/always.db" fetch >"$T/out" 2>"$T/err"
check_eq "always dropped: exit 4 (network)" "$?" 4
check "always dropped: gave up after 5 retries" grep -q "retry 5 of 5" "$T/err"
check "always dropped: the final error names the server and the command" \
	grep -q "foo: server local (localhost:$PROXY_PORT) folder INBOX: connect: [a-z ]*$" "$T/err"
dove_proxy_stop
$RP --config "$T/ref.cfg" --db "$T/always.db" fetch >/dev/null 2>&1
check_eq "always dropped, then a good run: same store as uninterrupted" "$(fingerprint always.db)" "$ref"

# Nothing listening: connection refused, retried, then exit 4.
port=$(dove_free_port)
dove_config "$T/refused.cfg" foo none "$port"
check_rc "connection refused: exit 4" 4 $RP --config "$T/refused.cfg" --db "$T/r.db" fetch
check "connection refused: retried 5 times" grep -q "retry 5 of 5" "$T/err"
# A store that already holds the folder: a fault before any session read the store names
# no UID to resume from (it said "from UID 1" while the store held them all), and
# RAPPORTEUR_RETRY_DELAY=0 retries at once.
cp "$T/ref.db" "$T/held.db"
RAPPORTEUR_RETRY_DELAY=0 $RP --config "$T/refused.cfg" --db "$T/held.db" fetch >"$T/out" 2>"$T/err"
check_eq "connection refused, store held: exit 4" "$?" 4
check "connection refused, store held: no made-up UID in the retries" sh -c "grep -q 'retry 1 of 5 in 0.0 s\$' '$T/err' && ! grep -q 'from UID' '$T/err'"

# SIGINT or SIGTERM in the middle of a one-shot fetch: it stops at the next message (the
# paused proxy lets more through once the signal was sent), commits what came, says so and
# exits 10 at once; a re-run fetches only the rest. SIGTERM's run prints --json, which says
# it was interrupted.
for sig in INT TERM; do
	dove_proxy pause 1500000 1
	dove_config "$T/sig.cfg" foo none "$PROXY_PORT"
	json=; [ $sig = TERM ] && json=--json
	$RP --config "$T/sig.cfg" --db "$T/sig$sig.db" fetch $json >"$T/sig.out" 2>"$T/sig.err" &
	pid=$!
	n=0
	while [ "$(q sig$sig.db 'select count(*) from message' 2>/dev/null || echo 0)" -lt 500 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	sleep 0.3 # the proxy has stalled: no message is on its way
	kill -$sig $pid
	sleep 0.5
	check "SIG$sig mid-FETCH: still running, waiting for the next message" alive $pid
	t0=$(date +%s)
	kill -HUP $PROXY_PID
	wait $pid
	check_eq "SIG$sig mid-FETCH: exit 10 (interrupted)" "$?" 10
	check "SIG$sig mid-FETCH: ended at once, not at a timeout" test $(($(date +%s) - t0)) -le 3
	got=$(q sig$sig.db 'select count(*) from message')
	check "SIG$sig mid-FETCH: the messages received before the stop are kept, not the folder ($got)" test "$got" -gt 500 -a "$got" -lt $N
	if [ -z "$json" ]; then
		check "SIG$sig mid-FETCH: the summary says interrupted" grep -q "^interrupted: fetched $got new, 0 already present, 0 with errors from 1 list in [0-9.]* s; run fetch again to continue\$" "$T/sig.out"
	else
		check_eq "SIG$sig mid-FETCH: --json says interrupted, with what it kept" "$(jget "$T/sig.out" '["interrupted"]'):$(jget "$T/sig.out" '["new"]')" "True:$got"
	fi
	check_eq "SIG$sig mid-FETCH: list state matches the committed messages" "$(q sig$sig.db "select highest_uid = (select max(uid) from message) and highest_uid = $got from list where name='foo'")" 1
	check_eq "SIG$sig mid-FETCH: integrity check" "$(q sig$sig.db 'pragma integrity_check')" ok
	$RP --db "$T/sig$sig.db" status --json >"$T/sig.json"
	check "SIG$sig mid-FETCH: status says the fetch was interrupted" grep -q '"error": ".*folder INBOX: UID FETCH 1:\* interrupted after [0-9]* of '$N' messages (kept up to UID '$got')' "$T/sig.json"
	dove_proxy_stop
	$RP --config "$T/ref.cfg" --db "$T/sig$sig.db" fetch --json >"$T/out" 2>"$T/err"
	check_eq "SIG$sig, re-run: fetches only the rest, not interrupted" "$?:$(jget "$T/out" '["new"]'):$(jget "$T/out" '["duplicates"]'):$(jget "$T/out" '["interrupted"]')" "0:$((N - got)):0:False"
	check_eq "SIG$sig, re-run: same store as uninterrupted" "$(fingerprint sig$sig.db)" "$ref"
done

# kill -9 while the FETCH is stuck after some batches were committed, then a re-run.
dove_proxy stall 2500000 1
dove_config "$T/kill.cfg" foo none "$PROXY_PORT"
$RP --config "$T/kill.cfg" --db "$T/kill.db" fetch >/dev/null 2>&1 &
pid=$!
n=0
while [ "$(q kill.db 'select count(*) from message' 2>/dev/null || echo 0)" -lt 1000 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
kill -9 $pid
wait $pid 2>/dev/null
got=$(q kill.db 'select count(*) from message')
check "kill -9: some batches committed, not all ($got)" test "$got" -gt 0 -a "$got" -lt $N
check_eq "kill -9: list state matches the committed messages" "$(q kill.db "select highest_uid = (select max(uid) from message) from list where name='foo'")" 1
dove_proxy_stop
$RP --config "$T/ref.cfg" --db "$T/kill.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "kill -9, re-run: fetches only the rest" "$(jget "$T/out" '["new"]')" $((N - got))
check_eq "kill -9, re-run: same store as uninterrupted" "$(fingerprint kill.db)" "$ref"
check_eq "kill -9, re-run: integrity check" "$(q kill.db 'pragma integrity_check')" ok

# kill -9 at an arbitrary moment of a direct fetch.
$RP --config "$T/ref.cfg" --db "$T/kill2.db" fetch >/dev/null 2>&1 &
pid=$!
sleep 0.15
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
$RP --config "$T/ref.cfg" --db "$T/kill2.db" fetch >/dev/null 2>&1
check_eq "kill -9 at any moment, re-run: same store as uninterrupted" "$(fingerprint kill2.db)" "$ref"
