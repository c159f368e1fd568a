#!/bin/sh
# Network faults the proxy of t0202 does not make: a TCP reset in the middle of a message
# literal, a server that answers garbage (instead of the greeting, in the middle of the
# FETCH), a server that never greets, a FETCH answered in part (one message left out and a
# tagged NO, which libetpan reports as success), and TLS handshakes that fail (a plain-text
# server, a server that hangs up, one that sends noise). Each ends with a clear error or a successful
# retry, within the timeout, and no partial message is ever stored.
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
export RAPPORTEUR_RETRY_DELAY=0.1
N=300
dove_start || { notok "dovecot starts"; exit 1; }
python3 tests/mailtool.py gen $N 31 >"$T/list.mbox"
dove_load_mbox "$T/list.mbox" >/dev/null
dove_config "$T/ref.cfg" foo none
$RP --config "$T/ref.cfg" --db "$T/ref.db" fetch >/dev/null 2>&1
check_eq "uninterrupted fetch: $N messages" "$(q ref.db 'select count(*) from message')" $N
q ref.db 'select uid, message_id, hash from message order by uid' >"$T/ref.txt"
sort "$T/ref.txt" >"$T/ref.sorted"
# sub DB: every stored message is one of the reference's, byte for byte (no partial one).
sub() {
	q "$1" 'select uid, message_id, hash from message' | sort >"$T/got.txt"
	[ "$(comm -13 "$T/ref.sorted" "$T/got.txt" | wc -l)" = 0 ]
}
same() { q "$1" 'select uid, message_id, hash from message order by uid' | cmp -s - "$T/ref.txt"; }

# A misbehaving relay or server: MODE decides what the first FAULTY connections do.
cat >"$T/evil.py" <<'PY'
import os, random, re, select, socket, struct, sys, threading, time
portfile, target, mode, faulty = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
count = 0
lock = threading.Lock()
NOISE = bytes(random.Random(7).randrange(256) for _ in range(4096))
def relay(c, bad):
    s = socket.create_connection(("127.0.0.1", target))
    buf = b""      # server bytes seen on this connection
    cut = None     # offset in buf where the fault happens
    sent = 0
    fetching = False
    try:
        while True:
            r, _, _ = select.select([c, s], [], [])
            if c in r:
                d = c.recv(65536)
                if not d: break
                s.sendall(d)
                fetching = fetching or b"UID FETCH" in d
            if s in r:
                d = s.recv(65536)
                if not d: break
                buf += d
                if bad and mode == "partial-no":
                    # Hold the FETCH answer until its tagged OK, then leave out the
                    # message of UID 3 and turn the OK into a NO.
                    if not fetching:
                        c.sendall(buf[sent:]); sent = len(buf)
                        continue
                    m = re.search(rb"\r\n(\w+) OK Fetch completed[^\r]*\r\n", buf[sent:])
                    if not m:
                        continue
                    ans = buf[sent:sent + m.start() + 2]
                    starts = [x.start() for x in re.finditer(rb"(?:^|\r\n)\* \d+ FETCH \(", ans)]
                    parts = [ans[a:b] for a, b in zip([0] + starts, starts + [len(ans)])]
                    keep = [p for p in parts if not re.search(rb"FETCH \([^{]*UID 3[ )]", p[:200])]
                    c.sendall(b"".join(keep) + m.group(1) + b" NO Some messages could not be FETCHed\r\n")
                    sent = sent + m.end()
                    fetching = False
                    continue
                if bad and cut is None:
                    # The third message literal of the FETCH: fault half-way through it.
                    lits = [m for m in re.finditer(rb"BODY\[\] \{(\d+)\}\r\n", buf)]
                    if len(lits) >= 3:
                        m = lits[2]
                        cut = m.end() + int(m.group(1)) // 2
                if cut is not None and len(buf) >= cut:
                    c.sendall(buf[sent:cut])
                    if mode == "garbage-mid":
                        c.sendall(NOISE + b"\r\n* BYE\r\n")
                        time.sleep(0.5)
                    else:
                        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    break
                c.sendall(buf[sent:])
                sent = len(buf)
    except OSError:
        pass
    c.close(); s.close()
def handle(c):
    global count
    with lock:
        count += 1
        bad = count <= faulty
    if not bad or mode in ("reset-literal", "garbage-mid", "partial-no"):
        return relay(c, bad)
    try:
        if mode == "garbage-greeting":
            c.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n" + NOISE + b"\r\n")
            time.sleep(0.5)
        elif mode == "silent":
            time.sleep(30)
        elif mode == "hangup":
            pass
        elif mode == "noise":
            c.recv(4096)
            c.sendall(NOISE)
            time.sleep(0.5)
    except OSError:
        pass
    c.close()
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0)); ls.listen(16)
open(portfile + ".tmp", "w").write(str(ls.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)
while True:
    c, _ = ls.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
PY
evil() {
	rm -f "$T/evil.port"
	python3 "$T/evil.py" "$T/evil.port" "$DOVE_PORT" "$@" &
	EVIL_PID=$!
	at_exit "kill $EVIL_PID 2>/dev/null"
	n=0
	while [ ! -s "$T/evil.port" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	EVIL_PORT=$(cat "$T/evil.port")
}
evil_stop() { kill "$EVIL_PID" 2>/dev/null; wait "$EVIL_PID" 2>/dev/null; }
faults=0
# run NAME TLS: fetch through the evil port with a short timeout, bounded by 60 s in all.
run() {
	faults=$((faults + 1))
	DOVE_TIMEOUT=${TMO:-2} dove_config "$T/$1.cfg" foo "$2" "$EVIL_PORT"
	start=$(date +%s)
	timeout 60 $RP --config "$T/$1.cfg" --db "$T/$1.db" fetch --json >"$T/$1.out" 2>"$T/$1.err"
	rc=$?
	secs=$(($(date +%s) - start))
}

# Faults that a retry overcomes: the next connection is faithful.
for mode in reset-literal garbage-mid garbage-greeting; do
	evil $mode 1
	run $mode none
	check_eq "$mode: exit 0 after a retry" "$rc" 0
	check "$mode: the retry is reported" grep -q "retry 1 of 5" "$T/$mode.err"
	check "$mode: same store as uninterrupted, no partial message" same $mode.db
	evil_stop
done

# A FETCH answered in part: the message of UID 3 left out, then a tagged NO. libetpan calls
# that success; the fetch compares what arrived with what UID SEARCH listed, keeps the list's
# highest UID below the gap, and the retry fetches the rest.
evil partial-no 1
run partial-no none
check_eq "partial-no: exit 0 after a retry" "$rc" 0
check "partial-no: the gap is reported" grep -q "UID FETCH 1:\* ($((N - 1)) of $N messages arrived): command refused; server said: Some messages could not be FETCHed; retry 1 of 5 .* from UID 3" "$T/partial-no.err"
check "partial-no: same store as uninterrupted" same partial-no.db
evil_stop
evil partial-no 1000
run always-partial-no none
check_eq "partial-no on every connection: exit 9 (the server refuses)" "$rc" 9
check "partial-no on every connection: the last error names the command and the server's words" \
	grep -q "UID FETCH 3:\* ($((N - 3)) of $((N - 2)) messages arrived): command refused; server said: Some messages could not be FETCHed$" "$T/always-partial-no.err"
check_eq "partial-no on every connection: highest UID kept below the gap" \
	"$(q always-partial-no.db 'select highest_uid from list')" 2
check "partial-no on every connection: only whole messages stored" sub always-partial-no.db
check_eq "partial-no on every connection: every other message stored" \
	"$(q always-partial-no.db 'select count(*) from message')" $((N - 1))
evil_stop
evil partial-no 0
run always-partial-no none
check_eq "then a faithful server: exit 0" "$rc" 0
check "then a faithful server: the missing message arrives, same store" same always-partial-no.db
evil_stop

# Faults that never go away: a clear error, bounded time, nothing partial stored. (A reset
# or garbage in the middle of a literal on every connection still lets each connection
# commit what came before it, so the fetch progresses and completes, as the first loop shows.)
for mode in garbage-greeting silent; do
	evil $mode 1000
	TMO=1 run always-$mode none
	check_eq "$mode on every connection: exit 4 (network)" "$rc" 4
	check "$mode on every connection: gave up after 5 retries in ${secs}s" \
		sh -c "grep -q 'retry 5 of 5' '$T/always-$mode.err' && [ $secs -lt 30 ]"
	check "$mode on every connection: the error names the server" \
		grep -q "foo: server local (localhost:$EVIL_PORT)" "$T/always-$mode.err"
	check "$mode on every connection: only whole messages stored" sub always-$mode.db
	evil_stop
done

# TLS handshakes that fail: IMAPS to a plain-text IMAP server, to one that hangs up, to one
# that sends noise; STARTTLS to a server that then sends noise. Nothing stored, exit 6 (TLS
# handshake failed: fetch --help).
for mode in plain hangup noise; do
	if [ $mode = plain ]; then EVIL_PORT=$DOVE_PORT; else evil $mode 1000; fi
	run tls-$mode imaps
	check_eq "TLS handshake with a $mode server fails: exit 6" "$rc" 6
	check "TLS handshake with a $mode server: the error says so" \
		grep -qiE "tls|handshake|ssl|connect" "$T/tls-$mode.err"
	check_eq "TLS handshake with a $mode server: nothing stored" \
		"$(q tls-$mode.db 'select count(*) from message' 2>/dev/null || echo 0)" 0
	check "TLS handshake with a $mode server: the password never sent in clear or printed" \
		sh -c "! grep -q '$DOVE_PASS' '$T/tls-$mode.err' '$T/tls-$mode.out'"
	[ $mode = plain ] || evil_stop
done
evil noise 1000
run starttls-noise starttls
check "STARTTLS to a server that sends noise: exit 4 or 6 (got $rc)" [ "$rc" = 4 -o "$rc" = 6 ]
check_eq "STARTTLS to a server that sends noise: nothing stored" \
	"$(q starttls-noise.db 'select count(*) from message' 2>/dev/null || echo 0)" 0
evil_stop
echo "# $faults fault scenarios injected"
