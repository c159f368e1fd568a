#!/bin/sh
# fetch --watch through what a week of watching brings, against a private Dovecot: a server
# restart, an outage longer than the one-shot fetch's retries, a connection reset while
# mail arrives, a connection dropped without a word (a NAT), stop requests while waiting or
# reconnecting, and a password that no longer works. Connection faults never end the watch;
# refusals do, with their exit codes.
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
# Fast backoff: 0.1 s doubling up to 0.3 s (the defaults are 1 s and 5 minutes).
export RAPPORTEUR_RETRY_DELAY=0.1 RAPPORTEUR_WATCH_MAX_DELAY=0.3
dove_start || { notok "dovecot starts"; exit 1; }
dove_load_mbox "$FIX/imap/list.mbox" >/dev/null || notok "mbox loaded"
dove_config "$T/imaps.cfg" foo imaps

# within SECONDS T0 T1: whether T1 - T0 < SECONDS (date +%s.%N stamps)
within() { awk -v s="$1" -v a="$2" -v b="$3" 'BEGIN { exit !(b - a < s) }'; }
# deliver ID: a reply to the circulated draft, objecting to its section 2
deliver() {
	printf 'From: Eve <eve@example.net>\nTo: foo@list.example.org\nSubject: Re: Call for comments: draft-ietf-foo-bar-02, two weeks\nMessage-ID: <%s@example.net>\nIn-Reply-To: <cfc-02@example.org>\nReferences: <cfc-02@example.org>\nList-Id: <foo.list.example.org>\n\nOn section 2, I object: a shared key is too weak (%s).\n' \
		"$1" "$1" >"$T/$1.eml"
	dove_save "$T/$1.eml"
}
printf 'Comments on draft-ietf-foo-bar-02\n\n1. Introduction\n\nThe protocol exchanges bars.\n\n2. Security Considerations\n\nBars are signed with a shared key.\n' >"$T/draft.txt"
# watch NAME CFG [VAR=VALUE...]: fetch --watch into NAME.db (stderr NAME.err) in the
# background, pid in $wpid, once the first sync is done; the draft is added for the list.
watch() {
	name=$1 cfg=$2
	shift 2
	env "$@" $RP --config "$cfg" --db "$T/$name.db" fetch --watch foo >"$T/$name.out" 2>"$T/$name.err" &
	wpid=$!
	at_exit "kill $wpid 2>/dev/null"
	wait_until 10 stored "$name" d1@example.org || notok "$name: first sync"
	$RP --db "$T/$name.db" draft add "$T/draft.txt" --list foo --circulated cfc-02@example.org >/dev/null 2>&1
}
# stop PID: SIGTERM; sets rc and fast (the exit came within a second)
stop() {
	t0=$(date +%s.%N)
	kill -TERM "$1"
	wait "$1"
	rc=$?
	fast=no
	if within 1 "$t0" "$(date +%s.%N)"; then fast=yes; fi
}

# Before a first sync, --watch gives up as the one-shot fetch does (a wrong port is better
# said at once than waited on).
dove_config "$T/nowhere.cfg" foo none "$(dove_free_port)"
check_rc "nothing listening before the first sync: exit 4" 4 $RP --config "$T/nowhere.cfg" --db "$T/n.db" fetch --watch foo
check "nothing listening before the first sync: the one-shot retries" grep -q "retry 5 of 5" "$T/err"

# A server restart with an outage longer than the one-shot fetch's retries.
watch a "$T/imaps.cfg"
apid=$wpid
# TCP keepalive on the watching connection: a server gone without a word (a NAT that forgot
# the connection) is noticed within about two minutes rather than at the next IDLE
# renewal. The kernel's view of the process's socket to the server (/proc/net/tcp: timer
# 2 is the keepalive timer, its expiry in 1/100 s): "keepalive N" with N the seconds left.
keepalive_of() {
	python3 - "$1" "$2" <<'PY'
import os, sys
pid, port = sys.argv[1], int(sys.argv[2])
inodes = set()
for fd in os.listdir("/proc/%s/fd" % pid):
    try:
        link = os.readlink("/proc/%s/fd/%s" % (pid, fd))
    except OSError:
        continue
    if link.startswith("socket:["):
        inodes.add(link[8:-1])
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in open(table).readlines()[1:]:
        f = line.split()
        if f[9] in inodes and int(f[2].split(":")[1], 16) == port and f[3] == "01":
            timer, when = f[5].split(":")
            print("keepalive %d" % (int(when, 16) // 100) if timer == "02" else "no timer")
PY
}
ka=$(keepalive_of $apid "$DOVE_TLSPORT")
check "keepalive: the watching connection probes a silent server" sh -c "echo '$ka' | grep -q '^keepalive [0-9]'"
check "keepalive: the first probe within 60 s of silence" test "${ka#keepalive }" -le 60 2>/dev/null
dove_down
check "outage: the connection loss is reported" wait_until 10 said a "still watching: reconnecting in 0.1 s"
# A one-shot fetch gives up after 5 retries (0.1 + 0.2 + ... + 1.6 s): meanwhile the watch
# goes on, 16 reconnections and more.
check_rc "outage: a one-shot fetch meanwhile gives up (exit 4)" 4 $RP --config "$T/imaps.cfg" --db "$T/o.db" fetch
check "outage: the watch is still trying after 16 attempts" wait_until 10 said a "attempt 16 failed"
check "outage: the watch is alive" alive $apid
check "outage: repeated failures are not reported one by one (16, none of 9 to 15)" \
	sh -c "grep -q 'attempt 16 failed' '$T/a.err' && ! grep -q 'attempt \(9\|1[0-5]\) failed' '$T/a.err'"
check "outage: each report says how long the connection has been lost" \
	grep -q "reconnection attempt 16 failed, [0-9.]* s without a connection, next in 0.3 s" "$T/a.err"
dove_up || notok "dovecot starts again"
check "restart: the watch reconnects" wait_until 10 said a "reconnected after [0-9.]* s without a connection ([0-9]* attempts failed)"
deliver restart
check "restart: new mail fetched on the new connection" wait_until 10 stored a restart@example.net
check "restart: the draft analysed again" wait_until 10 said a "draft 1 re-analysed"

# A password that no longer works, found at a reconnection after a long outage: the watch
# ends with the authentication exit code.
dove_down
# well past the one-shot fetch's 5 retries (the first outage said "attempt 8" once)
wait_until 10 sh -c "[ \$(grep -c 'attempt 8 failed' '$T/a.err') = 2 ]"
printf '%s:{PLAIN}%s::::::\n' "$DOVE_USER" "changed-$$" >"$DOVE_DIR/passwd.new"
cp "$DOVE_DIR/passwd" "$T/passwd.good"
mv "$DOVE_DIR/passwd.new" "$DOVE_DIR/passwd"
dove_up || notok "dovecot starts again"
wait_until 10 sh -c "! kill -0 $apid 2>/dev/null"
wait $apid
check_eq "password refused at a reconnection: exit 7" "$?" 7
check "password refused at a reconnection: said so" grep -q "authentication refused" "$T/a.err"
cp "$T/passwd.good" "$DOVE_DIR/passwd"

# Mail delivered while the connection is unusable (the proxy stalls it, then resets it, a
# TLS drop with STARTTLS), and a new UIDVALIDITY: the reconnection reads the folder again,
# fetches the new mail and analyses the draft again.
dove_proxy pass 0
dove_config "$T/proxy.cfg" foo starttls "$PROXY_PORT"
watch b "$T/proxy.cfg"
bpid=$wpid
kill -USR2 $PROXY_PID
dove_adm mailbox update -u "$DOVE_USER" --uid-validity 77 INBOX
deliver meanwhile
kill -USR1 $PROXY_PID
check "reset: the watch reconnects" wait_until 10 said b "reconnected after"
check "reset: mail delivered meanwhile fetched" wait_until 10 stored b meanwhile@example.net
check_eq "reset: the UIDVALIDITY change is seen, nothing doubled (the 6 + 2 delivered)" \
	"$(q b.db "select uidvalidity || ' ' || (select count(*) from message) from list")" "77 8"
check "reset: the draft analysed again after the reconnection" \
	wait_until 10 sh -c "sed -n '/reconnected after/,\$p' '$T/b.err' | grep -q 'draft 1 re-analysed'"
late_point() { q b.db "select count(*) from point p join message m on m.id = p.message
	where m.message_id = 'meanwhile@example.net'"; }
check "reset: the new message's point is in the analysis" test "$(late_point)" -ge 1
stop $bpid
check_eq "reset: SIGTERM still ends it with exit 0" "$rc" 0

# A connection dropped without a word (the proxy stalls it for good): the IDLE renewal's
# DONE goes unanswered for the server's timeout, which ends the connection; the watch
# reconnects and fetches what arrived. The renewal is every second here (25 minutes by
# default), the timeout 2 s.
DOVE_TIMEOUT=2 dove_config "$T/nat.cfg" foo none "$PROXY_PORT"
watch c "$T/nat.cfg" RAPPORTEUR_IDLE_RENEW=1
cpid=$wpid
kill -USR2 $PROXY_PID
deliver silent
check "silent drop: found at the IDLE renewal" wait_until 10 said c "DONE (end of IDLE): connection lost; still watching"
check "silent drop: mail delivered meanwhile fetched" wait_until 10 stored c silent@example.net
stop $cpid
check_eq "silent drop: SIGTERM ends it with exit 0" "$rc" 0
dove_proxy_stop

# Mail announced while an IDLE is renewed: the server's EXISTS comes in the answer to DONE
# or with the new IDLE's "+ idling" (the proxy holds both directions for a moment, so they
# cross), where polling the socket does not see it. It is fetched all the same.
dove_proxy pass 0
dove_config "$T/renew.cfg" foo none "$PROXY_PORT"
watch r "$T/renew.cfg" RAPPORTEUR_IDLE_RENEW=1
rpid=$wpid
kill -USR2 $PROXY_PID
deliver crossed
sleep 1.5
kill -HUP $PROXY_PID
check "mail announced during an IDLE renewal: fetched" wait_until 10 stored r crossed@example.net
check "mail announced during an IDLE renewal: no fault" sh -c "! grep -q 'still watching' '$T/r.err'"
stop $rpid
dove_proxy_stop

# A wake-up that finds nothing new to read (an IDLE renewal; mail that is not the list's,
# in a personal INBOX read with list_id) sends no UID FETCH: without a filter,
# "UID FETCH 9:*" brought the folder's last message back at each one. Counted in the
# server's raw log of the session; the IDLE is renewed every second.
mkdir -p "$DOVE_DIR/rawlog"
chmod 777 "$DOVE_DIR/rawlog"
printf 'protocol imap {\n  rawlog_dir = %s/rawlog\n}\n' "$DOVE_DIR" >>"$DOVE_CONF"
dove_adm reload
sleep 0.5
raw_count() { cat "$DOVE_DIR/rawlog"/*.in 2>/dev/null | grep -c "$1"; }
idled() { [ "$(raw_count ' IDLE')" -ge "$1" ]; }
rm -f "$DOVE_DIR/rawlog"/*
watch f "$T/imaps.cfg" RAPPORTEUR_IDLE_RENEW=1
fpid=$wpid
check "renewals: the watch renewed its IDLE twice" wait_until 10 idled 3
check_eq "renewals: one UID FETCH, the first sync's" "$(raw_count ' UID FETCH ')" 1
stop $fpid
cp "$T/imaps.cfg" "$T/personal.cfg"
printf 'list_id = foo.list.example.org\n' >>"$T/personal.cfg"
rm -f "$DOVE_DIR/rawlog"/*
watch g "$T/personal.cfg" RAPPORTEUR_IDLE_RENEW=1
gpid=$wpid
printf 'From: Bob <bob@example.net>\nTo: test@example.org\nSubject: lunch?\nMessage-ID: <lunch2@example.net>\n\nNoon?\n' >"$T/lunch2.eml"
dove_save "$T/lunch2.eml"
check "personal mail: the watch woke up and renewed its IDLE" wait_until 10 idled 3
check_eq "personal mail: no UID FETCH for it" "$(raw_count ' UID FETCH ')" 1
deliver listmail
check "list mail after it: fetched" wait_until 10 stored g listmail@example.net
check_eq "list mail after it: one UID FETCH more" "$(raw_count ' UID FETCH ')" 2
stop $gpid

# Mail that arrives while a watch's FETCH runs: the server says so (EXISTS) at the end of
# that FETCH, and the next IDLE does not say it again. It is read at once, not at the IDLE
# renewal (25 minutes). 24 messages of 1 MB arrive at once; their FETCH is held by the
# proxy after 3 MB, long before the server has written all of it, and a message is
# delivered meanwhile. Another session opens the folder first and takes its \Recent flag,
# so the watching one is told of it by EXISTS alone, as by a server without RECENT.
dove_adm mailbox create -u "$DOVE_USER" Big
dove_adm mailbox create -u "$DOVE_USER" Watched
dove_save_big Big
printf 'From: Eve <eve@example.net>\nTo: foo@list.example.org\nSubject: first\nMessage-ID: <first@example.net>\n\nFirst.\n' >"$T/first.eml"
dove_adm save -u "$DOVE_USER" -m Watched <"$T/first.eml"
dove_proxy pause 3000000 1
dove_config "$T/during.cfg" foo none "$PROXY_PORT"
sed -i 's/^folder = INBOX$/folder = Watched/' "$T/during.cfg"
$RP --config "$T/during.cfg" --db "$T/h.db" fetch --watch foo >"$T/h.out" 2>"$T/h.err" &
hpid=$!
at_exit "kill $hpid 2>/dev/null"
wait_until 10 stored h first@example.net || notok "during a FETCH: first sync"
dove_adm copy -u "$DOVE_USER" Watched mailbox Big ALL
sleep 1
check_eq "delivered during a FETCH: the FETCH is held" "$(q h.db 'select count(*) from message')" 1
printf 'From: Eve <eve@example.net>\nTo: foo@list.example.org\nSubject: during\nMessage-ID: <during@example.net>\n\nSent while the FETCH ran.\n' >"$T/during.eml"
dove_adm save -u "$DOVE_USER" -m Watched <"$T/during.eml"
python3 - "$DOVE_PORT" "$DOVE_USER" "$DOVE_PASS" <<'PY'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login(sys.argv[2], sys.argv[3])
m.select("Watched")
m.logout()
PY
kill -HUP $PROXY_PID
check "delivered during a FETCH: the FETCH's 24 stored" wait_until 20 stored h big23@example.org
check "delivered during a FETCH: read at once, not at the IDLE renewal" wait_until 10 stored h during@example.net
check "delivered during a FETCH: announced" grep -q "foo: 1 new message(s)" "$T/h.err"
stop $hpid
dove_proxy_stop

# Stop requests while waiting to reconnect, and while a reconnection hangs in its TLS
# handshake (a server that accepts and says nothing): exit 0 within a second.
watch d "$T/imaps.cfg" RAPPORTEUR_RETRY_DELAY=30 RAPPORTEUR_WATCH_MAX_DELAY=60
dpid=$wpid
watch e "$T/imaps.cfg"
epid=$wpid
dove_down
check "backoff: the watch waits 30 s to reconnect" wait_until 10 said d "reconnecting in 30.0 s"
stop $dpid
check_eq "SIGTERM during the backoff: exit 0" "$rc" 0
check_eq "SIGTERM during the backoff: within a second" "$fast" yes
cat >"$T/mute.py" <<'PY'
import socket, sys
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1])))
ls.listen(8)
held = []
while True:
    held.append(ls.accept()[0])
    open(sys.argv[2], "a").write("accepted\n")
PY
python3 "$T/mute.py" "$DOVE_TLSPORT" "$T/mute.log" &
mpid=$!
at_exit "kill $mpid 2>/dev/null"
wait_until 10 test -s "$T/mute.log"
sleep 0.3
check "TLS handshake that hangs: the watch is in it" alive $epid
stop $epid
check_eq "SIGTERM during a TLS handshake that hangs: exit 0" "$rc" 0
check_eq "SIGTERM during a TLS handshake that hangs: within a second" "$fast" yes
kill $mpid
