#!/bin/sh
# Secrets and file modes: the IMAP password is never printed, at any verbosity, on success
# or on failure (wrong password, every auth method, password, password_file and
# password_cmd), and never stored in the database; the database is created 0600 and
# reports written with -o are 0644, whatever the umask; a config file holding a password
# and readable by others is refused.
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
export RAPPORTEUR_RETRY_DELAY=0.05
DOVE_PASS_WANT="Sec-$$-pa55w0rd-XyZ" dove_start || { notok "dovecot starts"; exit 1; }
dove_load_mbox "$FIX/imap/list.mbox" >/dev/null
PW=$DOVE_PASS
# no_secret DESC FILE...: the password appears in none of FILE (nor in base64 of "\0user\0pw").
b64=$(printf '\0%s\0%s' "$DOVE_USER" "$PW" | base64 -w0)
no_secret() {
	d=$1; shift
	if grep -aqF -e "$PW" -e "$b64" "$@"; then notok "$d"; grep -aF -e "$PW" -e "$b64" "$@" | head -n 3 | sed 's/^/#   /'; else ok "$d"; fi
}
n=0
for tls in imaps starttls none; do
	for auth in login plain cram-md5; do
		n=$((n + 1))
		dove_config "$T/c$n.cfg" foo $tls
		echo "auth = $auth" >>"$T/c$n.cfg"
		sed -i "s/^\[list foo\]/auth = $auth\n\n[list foo]/; \$d" "$T/c$n.cfg"
		(umask 000; $RP -v -v -v --config "$T/c$n.cfg" --db "$T/c$n.db" fetch --json \
			>"$T/c$n.out" 2>"$T/c$n.err")
		check_eq "$tls/$auth with -v -v -v: exit 0" "$?" 0
		no_secret "$tls/$auth: password not printed at -v -v -v" "$T/c$n.out" "$T/c$n.err"
		no_secret "$tls/$auth: password not in the database files" "$T/c$n.db"*
	done
done
check_eq "database created 0600 under umask 000" "$(stat -c %a "$T/c1.db")" 600
# The password inline in the config, and from a command.
cfg_inline() {
	sed "s|^password_file = .*|password = $1|" "$T/c1.cfg" >"$T/inline.cfg"
	chmod 600 "$T/inline.cfg"
}
cfg_inline "$PW"
$RP -v -v -v --config "$T/inline.cfg" --db "$T/inline.db" fetch >"$T/out" 2>"$T/err"
check_eq "password = in a 0600 config: exit 0" "$?" 0
no_secret "password = : not printed" "$T/out" "$T/err"
chmod 644 "$T/inline.cfg"
$RP -v -v -v --config "$T/inline.cfg" --db "$T/inline2.db" fetch >"$T/out" 2>"$T/err"
check_eq "password = in a config readable by others: refused (exit 3)" "$?" 3
no_secret "refused config: the password not printed" "$T/out" "$T/err"
sed "s|^password_file = .*|password_cmd = cat $T/c1.cfg.pw|" "$T/c1.cfg" >"$T/cmd.cfg"
$RP -v -v -v --config "$T/cmd.cfg" --db "$T/cmd.db" fetch >"$T/out" 2>"$T/err"
check_eq "password_cmd: exit 0" "$?" 0
no_secret "password_cmd: not printed" "$T/out" "$T/err"
# A wrong password: refused (exit 7), and neither it nor the right one is echoed.
for auth in login plain cram-md5; do
	cfg_inline "Wrong-$$-guess"
	sed -i "s/^\[list foo\]/auth = $auth\n\n[list foo]/" "$T/inline.cfg"
	$RP -v -v -v --config "$T/inline.cfg" --db "$T/wrong.db" fetch >"$T/out" 2>"$T/err"
	check_eq "wrong password ($auth): exit 7" "$?" 7
	check "wrong password ($auth): the wrong password not echoed" sh -c "! grep -aq 'Wrong-$$-guess' '$T/out' '$T/err'"
done
check "wrong password: the database holds no password" sh -c "! grep -aq 'Wrong-$$-guess' '$T'/wrong.db*"
# A failing password_cmd: its output is not echoed.
sed "s|^password_file = .*|password_cmd = echo $PW; exit 3|" "$T/c1.cfg" >"$T/bad.cfg"
$RP -v -v -v --config "$T/bad.cfg" --db "$T/bad.db" fetch >"$T/out" 2>"$T/err"
no_secret "a failing password_cmd: its output not printed" "$T/out" "$T/err"

# Outputs: reports are 0644 under any umask; the database stays 0600 when reopened.
$RP --db "$T/r.db" import "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$T/r.db" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
for u in 077 000; do
	rm -f "$T/rep.$u.md"
	(umask $u; $RP --db "$T/r.db" compile 1 -o "$T/rep.$u.md" >/dev/null 2>&1)
	check_eq "compile -o under umask $u: 0644" "$(stat -c %a "$T/rep.$u.md")" 644
done
(umask 000; $RP --db "$T/r2.db" import "$FIX/demo/list.mbox" >/dev/null 2>&1)
check_eq "import creates the database 0600 under umask 000" "$(stat -c %a "$T/r2.db")" 600
for f in "$T"/r2.db-wal "$T"/r2.db-shm; do
	[ -e "$f" ] || continue
	check "$(basename "$f") not writable by others" sh -c "[ \$((0$(stat -c %a "$f") & 2)) = 0 ]"
done
echo "# $n auth/TLS combinations at -v -v -v"
