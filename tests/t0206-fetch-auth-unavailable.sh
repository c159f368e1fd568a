#!/bin/sh
# A server that refuses for now, not for good: its password database is unreachable and it
# answers LOGIN with NO [UNAVAILABLE] "Temporary authentication failure" (RFC 5530), as
# Dovecot does while its LDAP or SQL passdb is down. The one-shot fetch retries it like a
# lost connection and ends with exit 4, not 7 (a wrong password); --watch waits it out.
. tests/lib.sh
# The passdb is a checkpassword script that fails temporarily while $DOVE_DIR/auth-down
# exists (lib-dovecot.sh).
DOVE_CHECKPASSWORD=1
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
export RAPPORTEUR_RETRY_DELAY=0.1 RAPPORTEUR_WATCH_MAX_DELAY=0.3
dove_start || { notok "dovecot starts"; exit 1; }
dove_load_mbox "$FIX/imap/list.mbox" >/dev/null || notok "mbox loaded"
dove_config "$T/c.cfg" foo imaps
n_fix=$(grep -c '^From ' "$FIX/imap/list.mbox")

# The password database works: the checkpassword set-up itself is sound.
check_rc "passdb up: fetched" 0 $RP --config "$T/c.cfg" --db "$T/up.db" fetch
check_eq "passdb up: every message stored" "$(q up.db 'select count(*) from message')" "$n_fix"
printf 'Wr0ng\n' >"$T/wrong.pw"
sed "s|^password_file = .*|password_file = $T/wrong.pw|" "$T/c.cfg" >"$T/wrong.cfg"
chmod 600 "$T/wrong.cfg" "$T/wrong.pw"
check_rc "passdb up, wrong password: still a refusal (exit 7)" 7 $RP --config "$T/wrong.cfg" --db "$T/w.db" fetch
check "passdb up, wrong password: not retried" sh -c "! grep -q retry '$T/err'"

# The passdb is down for the whole run: retried (twice: the server's retries = 2), then
# exit 4 with the server's words.
touch "$DOVE_DIR/auth-down"
sed '/^timeout = /a retries = 2' "$T/c.cfg" >"$T/r2.cfg"
chmod 600 "$T/r2.cfg"
check_rc "passdb down: exit 4 (temporary), not 7 (refused)" 4 $RP --config "$T/r2.cfg" --db "$T/down.db" fetch --json
check "passdb down: JSON names the error" grep -q '"error": *"[^"]*temporarily unavailable' "$T/out"
check "passdb down: says the login is temporarily unavailable, with the server's text" \
	grep -q "LOGIN: temporarily unavailable; server said: Temporary authentication failure" "$T/err"
check "passdb down: retried as often as 'retries' says" \
	sh -c "grep -q 'retry 2 of 2' '$T/err' && ! grep -q 'retry 3' '$T/err'"
check "passdb down: not called an authentication refusal" sh -c "! grep -q 'authentication refused' '$T/err'"
check "passdb down: the password is not printed" sh -c "! grep -q '$DOVE_PASS' '$T/err' '$T/out'"
check_eq "passdb down: nothing stored" "$(q down.db 'select count(*) from message' 2>/dev/null || echo 0)" 0

# The passdb comes back during the retries: the same run fetches everything.
( sleep 0.5; rm -f "$DOVE_DIR/auth-down" ) &
check_rc "passdb back during the retries: fetched (exit 0)" 0 $RP --config "$T/c.cfg" --db "$T/back.db" fetch
wait
check "passdb back: the first attempts were retried" grep -q "temporarily unavailable.*retry 1 of 5" "$T/err"
check_eq "passdb back: every message stored" "$(q back.db 'select count(*) from message')" "$n_fix"

# --watch: a restart finds the passdb down; the watch waits it out and fetches what
# arrived meanwhile (before, the temporary failure ended it with exit 7).
$RP --config "$T/c.cfg" --db "$T/a.db" fetch --watch foo >"$T/a.out" 2>"$T/a.err" &
apid=$!
at_exit "kill $apid 2>/dev/null"
wait_until 10 stored a d1@example.org || notok "watch: first sync"
touch "$DOVE_DIR/auth-down"
dove_restart || notok "dovecot restarts"
check "watch: the temporary failure is reported" wait_until 20 said a "LOGIN: temporarily unavailable.*still watching"
check "watch: still alive while the passdb is down" alive $apid
printf 'From: Eve <eve@example.net>\nTo: foo@list.example.org\nSubject: Re: comments\nMessage-ID: <late@example.net>\n\nArrived while the passdb was down.\n' >"$T/late.eml"
dove_save "$T/late.eml"
rm -f "$DOVE_DIR/auth-down"
check "watch: once the passdb is back, the mail that arrived meanwhile is fetched" wait_until 20 stored a late@example.net
check "watch: still alive" alive $apid
kill -TERM $apid
wait $apid
check_eq "watch: SIGTERM ends it with exit 0" "$?" 0
