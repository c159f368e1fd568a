#!/bin/sh
# Server responses on which libetpan 1.9.4's parser crashes, sent by a relay in front of the
# real Dovecot: a PERMANENTFLAGS list opening with a malformed flag (`(\])`) in the SELECT
# answer, and a PERMANENTFLAGS code in the greeting, cut across two TCP segments.
# rapporteur defuses them in the stream (src/ingest/imap-filter.c), so the fetch completes
# and stores every message byte for byte, including one whose body holds the same text (a
# message literal the filter must leave alone).
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
dove_start || { notok "dovecot starts"; exit 1; }
python3 tests/mailtool.py gen 20 5 >"$T/list.mbox"
cat >>"$T/list.mbox" <<'MBOX'
From trap@example.org Mon Jan  8 10:00:00 2024
From: Trap <trap@example.org>
To: list@example.org
Subject: a body that looks like a response code
Date: Mon, 08 Jan 2024 10:00:00 +0000
Message-ID: <trap@example.org>

* OK [PERMANENTFLAGS (\])] inside a message: stored as it is.

MBOX
dove_load_mbox "$T/list.mbox" >/dev/null
dove_config "$T/ref.cfg" foo none
check_rc "straight from Dovecot: fetched" 0 $RP --config "$T/ref.cfg" --db "$T/ref.db" fetch
cat >"$T/relay.py" <<'PY'
import re, select, socket, sys, threading, time
portfile, target, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
CODE = re.compile(rb"\[PERMANENTFLAGS \([^)\r\n]*\)\]")
def relay(c):
    s = socket.create_connection(("127.0.0.1", target))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    fetching = False
    greeted = mode != "greeting"
    try:
        while True:
            r, _, _ = select.select([c, s], [], [])
            if c in r:
                d = c.recv(65536)
                if not d: break
                fetching = fetching or b" FETCH " in d.upper()
                s.sendall(d)
            if s in r:
                d = s.recv(65536)
                if not d: break
                if not greeted:  # Dovecot's greeting, replaced, in two segments
                    greeted = True
                    c.sendall(b"* OK [PERMANEN")
                    time.sleep(0.2)
                    c.sendall(b"TFLAGS (\\Seen \\*)] ready\r\n")
                    open(portfile + ".sent", "a").write("greeting\n")
                    continue
                if not fetching and mode == "select":  # message literals stay as they are
                    d, n = CODE.subn(rb"[PERMANENTFLAGS (\\])]", d)
                    if n:
                        open(portfile + ".sent", "a").write("%d\n" % n)
                c.sendall(d)
    except OSError:
        pass
    c.close(); s.close()
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0)); ls.listen(4)
open(portfile + ".tmp", "w").write(str(ls.getsockname()[1]))
import os; os.rename(portfile + ".tmp", portfile)
while True:
    c, _ = ls.accept()
    threading.Thread(target=relay, args=(c,), daemon=True).start()
PY
# relay MODE: a relay in front of Dovecot, its port in $RELAY_PORT
relay() {
	rm -f "$T/relay.port" "$T/relay.port.sent"
	python3 "$T/relay.py" "$T/relay.port" "$DOVE_PORT" "$1" &
	RELAY_PID=$!
	at_exit "kill $RELAY_PID 2>/dev/null"
	wait_until 5 test -s "$T/relay.port"
	RELAY_PORT=$(cat "$T/relay.port")
}
for mode in select greeting; do
	relay $mode
	dove_config "$T/$mode.cfg" foo none "$RELAY_PORT"
	timeout 60 $RP --config "$T/$mode.cfg" --db "$T/$mode.db" -v fetch >"$T/out" 2>"$T/err"
	check_eq "PERMANENTFLAGS crafted in the $mode: fetch completes (exit 0)" "$?" 0
	check "... the relay did send it" test -s "$T/relay.port.sent"
	check_eq "... every message stored, byte for byte as without the relay" \
		"$(q $mode.db 'select message_id, hash from message order by uid' | md5sum)" \
		"$(q ref.db 'select message_id, hash from message order by uid' | md5sum)"
	check_eq "... the body holding the code is intact" \
		"$(q $mode.db "select instr(body, '* OK [PERMANENTFLAGS (\\])] inside a message') > 0 from message where message_id = 'trap@example.org'")" 1
	kill $RELAY_PID 2>/dev/null
done
