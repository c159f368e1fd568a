#!/bin/sh
# What fetch refuses: a certificate from an unknown CA (IMAPS and STARTTLS), a certificate
# for another name, a wrong password (clearly, without printing it), a literal password in a
# config others can read, and tls = none to a host that is not loopback.
. tests/lib.sh
# The server certificate names only localhost: 127.0.0.1 is then a wrong host name.
DOVE_CERT_NAMES=DNS:localhost
. tests/lib-dovecot.sh
dove_start || { notok "dovecot starts"; exit 1; }
dove_load_mbox "$FIX/imap/list.mbox" >/dev/null
export RAPPORTEUR_RETRY_DELAY=0.05

for mode in imaps starttls; do
	dove_config "$T/$mode.cfg" foo $mode
	sed '/^ca_file/d' "$T/$mode.cfg" >"$T/$mode-noca.cfg"
	chmod 600 "$T/$mode-noca.cfg"
	check_rc "$mode with the test CA: accepted" 0 $RP --config "$T/$mode.cfg" --db "$T/$mode.db" fetch
	check_rc "$mode without the test CA: refused (exit 6)" 6 $RP --config "$T/$mode-noca.cfg" --db "$T/n-$mode.db" fetch
	check "$mode without the test CA: says the certificate was refused" grep -q "certificate refused: .*issuer" "$T/err"
	check_eq "$mode without the test CA: nothing stored" "$(sqlite3 "$T/n-$mode.db" 'select count(*) from message' 2>/dev/null || echo 0)" 0
	dove_config "$T/$mode-ip.cfg" foo $mode "" 127.0.0.1
	check_rc "$mode to a name not in the certificate: refused" 6 $RP --config "$T/$mode-ip.cfg" --db "$T/ip-$mode.db" fetch
	check "$mode wrong name: the reason is the name" grep -q "certificate refused: .*name" "$T/err"
done

# The tls value and the port swapped: STARTTLS to the IMAPS port waits for a greeting that
# never comes, IMAPS to the plain port fails its handshake; each says which tls to set.
DOVE_TIMEOUT=1 dove_config "$T/swap1.cfg" foo starttls "$DOVE_TLSPORT"
check_rc "tls = starttls on the IMAPS port: exit 4" 4 $RP --config "$T/swap1.cfg" --db "$T/swap.db" fetch
check "tls = starttls on the IMAPS port: no greeting, set tls = imaps" \
	grep -q "folder INBOX: connect: no greeting from the server within 1 s (if port $DOVE_TLSPORT expects TLS from the first byte, as 993 does, set tls = imaps)\$" "$T/err"
dove_config "$T/swap2.cfg" foo imaps "$DOVE_PORT"
check_rc "tls = imaps on the plain port: exit 6" 6 $RP --config "$T/swap2.cfg" --db "$T/swap.db" fetch
check "tls = imaps on the plain port: set tls = starttls" \
	grep -q "connect (IMAPS): TLS handshake failed (if port $DOVE_PORT starts in plain text, as 143 does, set tls = starttls)" "$T/err"

# A wrong password: a clear error naming the server and the command, never the password.
dove_config "$T/bad.cfg" foo imaps
printf 'Wr0ngPassw0rd\n' >"$T/bad.cfg.pw"
check_rc "wrong password: exit 7" 7 $RP -v -v -v --config "$T/bad.cfg" --db "$T/bad.db" fetch
check "wrong password: says authentication was refused by LOGIN" grep -q "LOGIN: authentication refused" "$T/err"
check "wrong password: names the server" grep -q "server local (localhost:$DOVE_TLSPORT) folder INBOX" "$T/err"
check "wrong password: the password is not printed" sh -c "! grep -q Wr0ngPassw0rd '$T/err' '$T/out'"
check "wrong password: no retry of a refused login" sh -c "! grep -q retry '$T/err'"
$RP --config "$T/bad.cfg" --db "$T/bad.db" fetch --json >"$T/out" 2>"$T/err"
check "wrong password: JSON names the error, not the password" sh -c "grep -q 'authentication refused' '$T/out' && ! grep -q Wr0ngPassw0rd '$T/out'"

# A literal password in a config file that others can read.
cat >"$T/lit.cfg" <<CFG
[server local]
host = localhost
port = $DOVE_TLSPORT
ca_file = $DOVE_CA
user = $DOVE_USER
password = $DOVE_PASS
[list foo]
CFG
chmod 644 "$T/lit.cfg"
check_rc "literal password, mode 0644: refused (exit 3)" 3 $RP --config "$T/lit.cfg" --db "$T/lit.db" fetch
check "literal password, mode 0644: says why and where" grep -q "lit.cfg:1: .*chmod 600" "$T/err"
check "literal password, mode 0644: the password is not printed" sh -c "! grep -q '$DOVE_PASS' '$T/err'"
chmod 600 "$T/lit.cfg"
check_rc "literal password, mode 0600: accepted" 0 $RP --config "$T/lit.cfg" --db "$T/lit.db" fetch

# tls = none: refused to a non-loopback host, allowed on loopback.
cat >"$T/plain.cfg" <<CFG
[server remote]
host = 192.0.2.1
tls = none
user = u
password_cmd = echo x
[list foo]
CFG
check_rc "tls = none to a non-loopback host: refused (exit 3)" 3 $RP --config "$T/plain.cfg" --db "$T/p.db" fetch
check "tls = none: the message says why" grep -q "non-loopback" "$T/err"
dove_config "$T/none.cfg" foo none
check_rc "tls = none on loopback: allowed" 0 $RP --config "$T/none.cfg" --db "$T/none.db" fetch

# Config errors name the file, the line and the key.
printf '[server a]\nhost = localhost\ntsl = imaps\n[list foo]\n' >"$T/typo.cfg"
check_rc "unknown key: exit 3" 3 $RP --config "$T/typo.cfg" --db "$T/t.db" fetch
check "unknown key: file, line and key named" grep -q "typo.cfg:3: unknown key 'tsl'" "$T/err"
check_rc "unknown list: exit 8" 8 $RP --config "$T/imaps.cfg" --db "$T/t.db" fetch nosuchlist
check "unknown list: the config's lists named" grep -q "no \[list nosuchlist\] in .*imaps.cfg (its lists: foo)\$" "$T/err"
sed '/^user = /d' "$T/imaps.cfg" >"$T/nouser.cfg"
chmod 600 "$T/nouser.cfg"
before=$(grep -c 'auth failed\|Authentication failed\|Disconnected.*auth' "$DOVE_DIR/log/dovecot.log")
check_rc "no user: a config error (exit 3)" 3 $RP --config "$T/nouser.cfg" --db "$T/t.db" fetch
check "no user: says which key" grep -q "\[server local\]: key 'user' is required" "$T/err"
check_eq "no user: no login tried" "$(grep -c 'auth failed\|Authentication failed\|Disconnected.*auth' "$DOVE_DIR/log/dovecot.log")" "$before"
check_rc "missing config: exit 3" 3 $RP --config "$T/nonexistent.cfg" --db "$T/t.db" fetch
sed 's/^folder = INBOX/folder = NoSuchFolder/' "$T/imaps.cfg" >"$T/nf.cfg"
chmod 600 "$T/nf.cfg"
check_rc "no such folder: exit 8" 8 $RP --config "$T/nf.cfg" --db "$T/t.db" fetch
check "no such folder: names SELECT and the server's answer" grep -q "SELECT NoSuchFolder: cannot open the folder; server said: " "$T/err"
check "no such folder: the summary does not read as a clean run" grep -q "^fetched 0 new, 0 already present, 0 with errors from 1 list (1 failed) in " "$T/out"
