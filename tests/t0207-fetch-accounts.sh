#!/bin/sh
# fetch and the account settings, against a private Dovecot: one failed login per server
# and run however many lists it holds, and its secret read once; folder names outside
# ASCII or holding '&' (modified UTF-7); a list pointed at another folder or given an
# earlier `since` read from the start; "~/" in file names; a config saved with a byte order
# mark; a --watch stopped after a message with a parse note; ca_file, host name and
# password_file mistakes said as such.
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
export RAPPORTEUR_RETRY_DELAY=0.05
dove_start || { notok "dovecot starts"; exit 1; }
# msg ID [DAY] [BODY-HEADERS]: a message on stdout (Date and INTERNALDATE are not linked by
# doveadm save; `since` tests write the Maildir themselves)
msg() {
	printf 'From: u@example.org\r\nTo: l@example.org\r\nSubject: %s\r\nMessage-ID: <%s@x>\r\nDate: Mon, 3 Jun 2024 12:00:00 +0000\r\n%s\r\nbody of %s\r\n' \
		"$1" "$1" "${2:-}" "$1"
}
save() { msg "$2" "${3:-}" | dove_adm save -u "$DOVE_USER" -m "$1"; }
ids() { q "$1" "select message_id from message order by message_id" | tr '\n' ' '; }
dove_config "$T/base.cfg" x
# cfg FILE LINES...: the server of base.cfg (password in base.cfg.pw) and the lines given
cfg() {
	f=$1
	shift
	{ sed -n '1,/^timeout/p' "$T/base.cfg"; printf '%s\n' "$@"; } >"$f"
	chmod 600 "$f"
}
failed_logins() { grep -c 'auth failed\|Authentication failure\|password mismatch' "$DOVE_DIR/log/dovecot.log"; }

# A wrong password and seven lists on the server: one failed login, each other list said
# to be skipped, exit 7.
cfg "$T/wrong.cfg" "[list a]" "[list b]" "[list c]" "[list d]" "[list e]" "[list f]" "[list g]"
sed -i 's|^password_file = .*|password = Wrong-guess|' "$T/wrong.cfg"
n0=$(failed_logins)
check_rc "wrong password, 7 lists: exit 7" 7 $RP --config "$T/wrong.cfg" --db "$T/w.db" fetch
sleep 0.5
check_eq "wrong password, 7 lists: one failed login on the server" "$(($(failed_logins) - n0))" 1
check "wrong password: the first list says the server refused" grep -q "^rapporteur fetch: a: .*LOGIN: authentication refused" "$T/err"
check_eq "wrong password: each other list said to be skipped, once" \
	"$(grep -c "not tried: the server refused authentication for list a in this run" "$T/err")" 6
check "wrong password: list g skipped" grep -q "^rapporteur fetch: g: .*not tried" "$T/err"
# Another server in the same run is still tried.
{
	sed -n '1,/^timeout/p' "$T/wrong.cfg"
	sed -n '1,/^timeout/p' "$T/base.cfg" | sed 's/^\[server local\]/[server good]/'
	printf '[list a]\nserver = local\n[list b]\nserver = local\n[list h]\nserver = good\n'
} >"$T/two.cfg"
chmod 600 "$T/two.cfg"
check_rc "a refusing server and a good one: exit 7 (the first failure)" 7 $RP --config "$T/two.cfg" --db "$T/two.db" fetch --json
check_eq "a refusing server and a good one: the good one fetched" "$(jget "$T/out" '["lists"][2]["name"] + " " + str(d["lists"][2].get("error"))')" "h None"

# password_cmd: run once per server and run, for all its lists.
cfg "$T/cmd.cfg" "[list a]" "[list b]" "[list c]"
sed -i "s|^password_file = .*|password_cmd = echo run >>$T/runs; cat $T/base.cfg.pw|" "$T/cmd.cfg"
check_rc "password_cmd, 3 lists: exit 0" 0 $RP --config "$T/cmd.cfg" --db "$T/cmd.db" fetch
check_eq "password_cmd, 3 lists: run once" "$(wc -l <"$T/runs")" 1
# A password_cmd that fails: run once too, its failure said for each list (exit 3).
sed "s|^password_cmd = .*|password_cmd = echo run >>$T/fails; exit 3|" "$T/cmd.cfg" >"$T/fail.cfg"
chmod 600 "$T/fail.cfg"
check_rc "failing password_cmd, 3 lists: exit 3" 3 $RP --config "$T/fail.cfg" --db "$T/fail.db" fetch
check_eq "failing password_cmd, 3 lists: run once" "$(wc -l <"$T/fails")" 1
check_eq "failing password_cmd: each list says it failed" "$(grep -c 'password_cmd: the command failed (exit status 3)' "$T/err")" 3
# ... and again at each reconnection of --watch (a token expires).
$RP --config "$T/cmd.cfg" --db "$T/cmdw.db" fetch --watch a >"$T/cw.out" 2>"$T/cw.err" &
wpid=$!
at_exit "kill $wpid 2>/dev/null"
wait_until 10 sh -c "[ \$(wc -l <'$T/runs') = 2 ]"
dove_restart
check "--watch: reconnects after a restart" wait_until 10 grep -q "reconnected after" "$T/cw.err"
check_eq "--watch: password_cmd run again for the reconnection" "$(wc -l <"$T/runs")" 3
kill -TERM $wpid
wait $wpid
check_eq "--watch: SIGTERM, exit 0" "$?" 0

# Folder names: UTF-8 and '&' encoded to modified UTF-7; a name encoded by hand is sent as
# it is; errors show the name as typed.
dove_adm mailbox create -u "$DOVE_USER" "Lists.Über straße" "Lists.R&D"
save "Lists.Über straße" umlaut
save "Lists.R&D" rd
cfg "$T/utf.cfg" "[list umlaut]" "folder = Lists.Über straße" "[list rd]" "folder = Lists.R&D"
check_rc "folder names in UTF-8 and with '&': exit 0" 0 $RP --config "$T/utf.cfg" --db "$T/utf.db" fetch
check_eq "folder names in UTF-8 and with '&': both fetched" "$(ids utf.db)" "rd@x umlaut@x "
cfg "$T/hand.cfg" "[list umlaut]" "folder = Lists.&ANw-ber stra&AN8-e" "[list rd]" "folder = Lists.R&-D"
check_rc "folder names encoded by hand: exit 0" 0 $RP --config "$T/hand.cfg" --db "$T/hand.db" fetch
check_eq "folder names encoded by hand: both fetched" "$(ids hand.db)" "rd@x umlaut@x "
cfg "$T/nof.cfg" "[list n]" "folder = Lists.Nö & co"
check_rc "no such folder (UTF-8 name): exit 8" 8 $RP --config "$T/nof.cfg" --db "$T/nof.db" fetch
check "no such folder: the name as typed" grep -q "folder Lists.Nö & co: SELECT Lists.Nö & co: cannot open" "$T/err"
check "no such folder: the folders there are listed as a mail program shows them" \
	grep -q "cannot open the folder; .* folders there are .*Lists.Über straße.*(hierarchy separator '.')\$" "$T/err"
check "no such folder: INBOX among them, not the parent that cannot be opened" \
	sh -c "grep -q ' INBOX[ ,]' '$T/err' && ! grep -q ' Lists,' '$T/err'"
# A folder name is the server's text: a right-to-left override or a C1 control (CSI) in it
# reaches the terminal escaped, as every error's text does.
dove_adm mailbox create -u "$DOVE_USER" "$(printf 'Lists.evil\342\200\256txt\302\2332J')"
check_rc "no such folder, one listed with controls: exit 8" 8 $RP --config "$T/nof.cfg" --db "$T/nof.db" fetch
check "... that folder shown escaped" grep -q 'Lists.evil\\xe2\\x80\\xaetxt\\xc2\\x9b2J' "$T/err"
check "... no raw override or CSI" sh -c "! grep -q \"\$(printf '\342\200\256')\" '$T/err' && ! grep -q \"\$(printf '\302\233')\" '$T/err'"
# The other separator, as another server would have it: the folders show the right one.
cfg "$T/slash.cfg" "[list n]" "folder = Lists/R&D"
check_rc "folder with the wrong separator: exit 8" 8 $RP --config "$T/slash.cfg" --db "$T/nof.db" fetch
check "folder with the wrong separator: the right name is among those listed" grep -q "Lists.R&D.*separator '.'" "$T/err"

# A list pointed at another folder whose UIDVALIDITY happens to be the same: read from the
# start, said so.
dove_adm mailbox create -u "$DOVE_USER" Lists.f1 Lists.f2
for i in 1 2 3; do save Lists.f1 "f1-$i"; done
for i in 1 2 3 4; do save Lists.f2 "f2-$i"; done
dove_adm mailbox update -u "$DOVE_USER" --uid-validity 777 Lists.f1
dove_adm mailbox update -u "$DOVE_USER" --uid-validity 777 Lists.f2
cfg "$T/f.cfg" "[list f]" "folder = Lists.f1"
$RP --config "$T/f.cfg" --db "$T/f.db" fetch >/dev/null 2>&1
sed -i 's/Lists.f1/Lists.f2/' "$T/f.cfg"
check_rc "folder changed: exit 0" 0 $RP --config "$T/f.cfg" --db "$T/f.db" fetch
check_eq "folder changed: the new folder read whole" "$(ids f.db)" "f1-1@x f1-2@x f1-3@x f2-1@x f2-2@x f2-3@x f2-4@x "
check "folder changed: said so" grep -q "^rapporteur fetch: f: folder changed: reading it from the start (it was Lists.f1)" "$T/err"
check_rc "folder changed: the next fetch says nothing" 0 $RP --config "$T/f.cfg" --db "$T/f.db" fetch
check_eq "folder changed: the next fetch is quiet" "$(cat "$T/err")" ""
# ... or at the same folder of another account (the host by another name here).
sed -i 's/^host = localhost/host = 127.0.0.1/' "$T/f.cfg"
check_rc "account changed: exit 0" 0 $RP --config "$T/f.cfg" --db "$T/f.db" fetch --json
check "account changed: said so" grep -q "server or account changed: reading the folder from the start (it was test@localhost)" "$T/err"
check_eq "account changed: read again, all known" "$(jget "$T/out" '["duplicates"]') $(jget "$T/out" '["lists"][0]["resynced"]')" "4 True"

# `since` moved earlier: the older mail fetched (once); moved later: nothing read again.
dove_adm mailbox create -u "$DOVE_USER" Lists.since
python3 - "$DOVE_MAILDIR" <<'PY'
import os, sys, time, email.utils
md = sys.argv[1] + "/.Lists.since/cur"
os.makedirs(md, exist_ok=True)
for i, day in enumerate(["2024-05-10", "2024-05-20", "2024-06-05", "2024-06-10"]):
    t = time.mktime(time.strptime(day + " 12", "%Y-%m-%d %H"))
    d = ("From: u@example.org\r\nTo: l@x\r\nSubject: %s\r\nMessage-ID: <since-%s@x>\r\nDate: %s\r\n\r\nbody\r\n"
         % (day, day, email.utils.formatdate(t))).encode()
    p = md + "/%d.s%d,S=%d:2," % (int(t), i, len(d))
    open(p, "wb").write(d)
    os.utime(p, (t, t))
PY
dove_fix_owner
dove_adm force-resync -u "$DOVE_USER" Lists.since
cfg "$T/s.cfg" "[list s]" "folder = Lists.since" "since = 2024-06-01"
$RP --config "$T/s.cfg" --db "$T/s.db" fetch >/dev/null 2>&1
check_eq "since 2024-06-01: two messages" "$(ids s.db)" "since-2024-06-05@x since-2024-06-10@x "
sed -i 's/since = 2024-06-01/since = 2024-05-15/' "$T/s.cfg"
check_rc "since moved earlier: exit 0" 0 $RP --config "$T/s.cfg" --db "$T/s.db" fetch
check_eq "since moved earlier: the older mail fetched" "$(ids s.db)" "since-2024-05-20@x since-2024-06-05@x since-2024-06-10@x "
check "since moved earlier: said so" grep -q "since moved earlier (2024-05-15, was 2024-06-01): reading the folder from the start" "$T/err"
check_rc "since unchanged: quiet" 0 $RP --config "$T/s.cfg" --db "$T/s.db" fetch
check_eq "since unchanged: nothing said" "$(cat "$T/err")" ""
sed -i 's/since = 2024-05-15/since = 2024-06-07/' "$T/s.cfg"
$RP --config "$T/s.cfg" --db "$T/s.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "since moved later: nothing read again" "$(jget "$T/out" '["lists"][0]["resynced"]') $(cat "$T/err")" "False "
sed -i '/^since = /d' "$T/s.cfg"
check_rc "since removed: exit 0" 0 $RP --config "$T/s.cfg" --db "$T/s.db" fetch
check "since removed: said so" grep -q "since removed (was 2024-06-07): reading the folder from the start" "$T/err"
check_eq "since removed: every message" "$(q s.db 'select count(*) from message')" 4

# "~/" in password_file and ca_file is the home directory.
mkdir -p "$T/home"
cp "$T/base.cfg.pw" "$T/home/pw"
cp "$DOVE_CA" "$T/home/ca.crt"
cfg "$T/home.cfg" "[list a]"
sed -i 's|^password_file = .*|password_file = ~/pw|; s|^ca_file = .*|ca_file = ~/ca.crt|' "$T/home.cfg"
check_rc "password_file = ~/pw, ca_file = ~/ca.crt: exit 0" 0 env HOME="$T/home" $RP --config "$T/home.cfg" --db "$T/home.db" fetch

# A config saved with a UTF-8 byte order mark.
{ printf '\357\273\277'; cat "$T/home.cfg"; } >"$T/bom.cfg"
chmod 600 "$T/bom.cfg"
check_rc "a byte order mark before [server]: exit 0" 0 env HOME="$T/home" $RP --config "$T/bom.cfg" --db "$T/bom.db" fetch

# --watch stopped by SIGTERM after a message with a parse note: exit 0, as documented.
dove_adm mailbox create -u "$DOVE_USER" Lists.we
cfg "$T/we.cfg" "[list we]" "folder = Lists.we"
$RP --config "$T/we.cfg" --db "$T/we.db" fetch --watch >"$T/we.out" 2>"$T/we.err" &
wpid=$!
at_exit "kill $wpid 2>/dev/null"
wait_until 10 test -s "$T/we.db"
sleep 0.5
printf 'Subject: bad\r\nContent-Transfer-Encoding: base64\r\nMessage-ID: <b64bad@x>\r\n\r\n!!!!not base64@@@@\r\n' |
	dove_adm save -u "$DOVE_USER" -m Lists.we
check "--watch: the message with a parse note fetched and said" wait_until 10 grep -q "invalid base64" "$T/we.err"
kill -TERM $wpid
wait $wpid
check_eq "--watch after a parse note: SIGTERM ends it with exit 0" "$?" 0
check_rc "one-shot fetch of that message: exit 1" 1 $RP --config "$T/we.cfg" --db "$T/we2.db" fetch

# ca_file missing, unreadable or without a certificate: config errors (exit 3), nothing
# sent.
for kind in missing dir nocert; do
	case $kind in
	missing) ca=$T/nonexistent/ca.pem says="cannot read ca_file $ca: No such file or directory" ;;
	dir) ca=$T/home says="cannot read ca_file $ca: Is a directory" ;;
	nocert) ca=$T/nocert.pem says="ca_file $ca holds no certificate"
		printf 'not a certificate\n' >"$ca" ;;
	esac
	cfg "$T/ca.cfg" "[list a]"
	sed -i "s|^ca_file = .*|ca_file = $ca|" "$T/ca.cfg"
	check_rc "ca_file $kind: exit 3" 3 $RP --config "$T/ca.cfg" --db "$T/ca.db" fetch
	check "ca_file $kind: said so" grep -qF "$says" "$T/err"
done

# A host name that does not resolve: said so, and not retried (a resolver out of reach, a
# temporary failure, is retried like any network fault).
cfg "$T/dns.cfg" "[list a]"
sed -i 's|^host = .*|host = imap.no-such-host.invalid|' "$T/dns.cfg"
check_rc "unresolvable host name: exit 4" 4 $RP --config "$T/dns.cfg" --db "$T/dns.db" fetch
gai=$(python3 -c 'import socket
try: socket.getaddrinfo("imap.no-such-host.invalid", None)
except socket.gaierror as e: print(e.errno)')
if [ "$gai" = "$(python3 -c 'import socket; print(socket.EAI_NONAME)')" ]; then
	check "unresolvable host name: says the name was not found" grep -q "host name not found: imap.no-such-host.invalid (Name or service not known)" "$T/err"
	check "unresolvable host name: not retried" sh -c "! grep -q retry '$T/err'"
else
	check "host name lookup failing for the moment: said and retried" grep -q "cannot look up the host name imap.no-such-host.invalid: .*retry 5 of 5" "$T/err"
fi

# password_file: empty, a config error; readable by others, a warning and the fetch.
: >"$T/empty.pw"
chmod 600 "$T/empty.pw"
cfg "$T/epw.cfg" "[list a]"
sed -i "s|^password_file = .*|password_file = $T/empty.pw|" "$T/epw.cfg"
n0=$(failed_logins)
check_rc "empty password_file: exit 3" 3 $RP --config "$T/epw.cfg" --db "$T/epw.db" fetch
check "empty password_file: said so" grep -q "password_file $T/empty.pw: the file is empty" "$T/err"
check_eq "empty password_file: no login tried" "$(failed_logins)" "$n0"
cp "$T/base.cfg.pw" "$T/open.pw"
chmod 644 "$T/open.pw"
sed -i "s|^password_file = .*|password_file = $T/open.pw|" "$T/epw.cfg"
check_rc "password_file mode 0644: exit 0" 0 $RP --config "$T/epw.cfg" --db "$T/opw.db" fetch
check "password_file mode 0644: a warning" grep -q "warning: \[server local\] password_file $T/open.pw can be read by others (mode 644): chmod 600 it" "$T/err"
chmod 600 "$T/open.pw"
check_rc "password_file mode 0600: exit 0" 0 $RP --config "$T/epw.cfg" --db "$T/opw.db" fetch
check_eq "password_file mode 0600: no warning" "$(cat "$T/err")" ""
