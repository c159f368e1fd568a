#!/bin/sh
# A scripted IMAP server that answers every command with a bare tagged OK and never sends
# its capabilities (found by fuzz-imap: libetpan dereferenced a NULL connection info when
# CAPABILITY succeeded without a CAPABILITY response). fetch must end cleanly (an empty
# folder) or with a clear error naming the server, never a crash, and store nothing.
# The last greeting is not IMAP (a stray byte first); the server answers the next line with
# half a literal and hangs up. The fuzz seed hang-bad-greeting-logout replays the timing
# that once made the closed connection spin in libetpan's LOGOUT.
. tests/lib.sh
cat >"$T/server.py" <<'PY'
import socket, sys
greeting = sys.argv[2].encode().replace(b"^A", b"\x01") + b"\r\n"
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(8)
open(sys.argv[1] + ".tmp", "w").write(str(ls.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = ls.accept()
    c.sendall(greeting)
    f = c.makefile("rb")
    if greeting.startswith(b"\x01"):
        f.readline()
        c.sendall(b"* 1 FETCH (BODY[] {100}\r\npartial")
        c.close()
        continue
    try:
        for line in f:
            tag = line.split(b" ")[0]
            c.sendall(tag + b" OK done\r\n")
    except OSError:
        pass
    c.close()
PY
printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
export RAPPORTEUR_RETRY_DELAY=0.05
n=0
for greeting in '* OK hi' '* OK [CA:P IDLE] hi' '* PREAUTH hi' '^A* OK [CAPABILITY IMAP4rev1] hi'; do
	n=$((n + 1))
	rm -f "$T/port"
	python3 "$T/server.py" "$T/port" "$greeting" &
	spid=$!
	at_exit "kill $spid 2>/dev/null"
	k=0
	while [ ! -s "$T/port" ] && [ $k -lt 100 ]; do sleep 0.05; k=$((k + 1)); done
	cat >"$T/c.cfg" <<CFG
[server s]
host = 127.0.0.1
port = $(cat "$T/port")
tls = none
user = u
password_file = $T/pw
timeout = 2

[list l]
server = s
CFG
	chmod 600 "$T/c.cfg"
	timeout 60 $RP --config "$T/c.cfg" --db "$T/$n.db" fetch >"$T/out" 2>"$T/err"
	rc=$?
	check "greeting '$greeting', bare OK to everything: no crash, exit 0 or a documented error (exit $rc)" \
		[ "$rc" = 0 -o "$rc" -ge 3 -a "$rc" -le 8 ]
	if [ "$rc" != 0 ]; then
		check "greeting '$greeting': the error names the server" grep -q "server s (127.0.0.1:" "$T/err"
	fi
	check_eq "greeting '$greeting': nothing stored" \
		"$(sqlite3 "$T/$n.db" 'select count(*) from message' 2>/dev/null || echo 0)" 0
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
done
exit 0
