#!/bin/sh
# auth = xoauth2 against a real Dovecot whose only passdb is its oauth2 passdb: every bearer
# token is checked at a local RFC 7662 introspection endpoint (tests/oauth2-introspect.py).
# A valid token from token_cmd fetches the demo list (IMAPS, then STARTTLS); an expired, an
# unknown or another user's token is a clear authentication error (exit 7), and so is a
# failing endpoint, none of which prints the token, even with -v -v -v; a failing token_cmd
# is a config error naming the key; and the server accepts no password, not even the valid
# token as one, so a fetch that worked went through AUTHENTICATE XOAUTH2 (which the Dovecot
# log must also say).
. tests/lib.sh
. tests/lib-dovecot.sh
export RAPPORTEUR_RETRY_DELAY=0.05

GOOD=ya29.good-$$-Fq9wZk3Lm
EXPIRED=ya29.expired-$$-Rt5Hb2Yc
BOGUS=ya29.bogus-$$-Nd8Vx4Pe
OTHER=ya29.other-$$-Kw3Js6Ua
BROKEN=ya29.broken-$$-Hc7Qp5Tz

python3 tests/oauth2-introspect.py "$T/introspect.port" "$T/introspect.log" \
	"$GOOD=test" "$EXPIRED=-" "$OTHER=someone-else" "$BROKEN=!" &
INTRO_PID=$!
at_exit "kill $INTRO_PID 2>/dev/null; wait $INTRO_PID 2>/dev/null"
n=0
while [ ! -s "$T/introspect.port" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
[ -s "$T/introspect.port" ] || { notok "introspection endpoint starts"; exit 1; }
: >>"$T/introspect.log"
DOVE_OAUTH2_URL=http://127.0.0.1:$(cat "$T/introspect.port")/introspect
dove_start || { notok "dovecot starts (oauth2 passdb)"; exit 1; }
dove_load_mbox "$FIX/demo/list.mbox" >/dev/null || notok "demo mbox loaded"
DLOG=$DOVE_DIR/log/dovecot.log
# What the demo list is once stored: the same mbox imported (it holds one duplicate).
$RP --db "$T/ref.db" import "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$T/ref.db" status --json >"$T/ref.json"
want=$(jget "$T/ref.json" '["messages"]')

# xo_config FILE TOKEN_CMD [TLS [USER]]: a dove_config with auth = xoauth2 and no password.
xo_config() {
	dove_config "$1" demo "${3:-imaps}"
	rm -f "$1.pw"
	sed -i -e '/^password_file/d' -e "s/^user = .*/user = ${4:-$DOVE_USER}/" "$1"
	sed -i "/^user = /a auth = xoauth2\\
token_cmd = $2" "$1"
}
# no_token DESC TOKEN FILE...: ok when TOKEN is in none of the files.
no_token() {
	d=$1 tok=$2
	shift 2
	if grep -q -F -e "$tok" "$@"; then
		notok "$d"
		grep -n -F -e "$tok" "$@" | sed 's/^/#   /'
	else
		ok "$d"
	fi
}
# log_count PATTERN N: how many Dovecot log lines match PATTERN, after waiting (up to 10 s)
# for N of them: Dovecot's log process writes a little after the client is done.
log_count() {
	i=0
	while [ "$(grep -c -E -e "$1" "$DLOG")" -lt "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	grep -c -E -e "$1" "$DLOG"
}
seen() { grep -c "^POST $1\$" "$T/introspect.log"; }
asked() { wc -l <"$T/introspect.log" | tr -d ' '; }

# A valid token: the demo list arrives, through XOAUTH2 and the introspection endpoint.
printf '%s\n' "$GOOD" >"$T/good.tok"
chmod 600 "$T/good.tok"
xo_config "$T/good.cfg" "cat $T/good.tok"
$RP -v -v -v --config "$T/good.cfg" --db "$T/good.db" fetch >"$T/out" 2>"$T/err"
check_eq "valid token: exit 0" "$?" 0
$RP --db "$T/good.db" status --json >"$T/status" 2>>"$T/err"
check_eq "valid token: the whole demo list stored ($want messages)" \
	"$(jget "$T/status" '["messages"]')" "$want"
check_eq "valid token: no parse errors" "$(jget "$T/status" '["parse_errors"]')" 0
check_eq "valid token: Dovecot logged the login as method=XOAUTH2, over TLS" \
	"$(log_count "Login: user=<$DOVE_USER>, method=XOAUTH2, .*, TLS" 1)" 1
check_eq "valid token: Dovecot asked the endpoint, which said active" "$(seen active)" 1
no_token "valid token: the token is not printed (-v -v -v)" "$GOOD" "$T/out" "$T/err"
no_token "valid token: the token is not in the store" "$GOOD" "$T/good.db"

# The same account over STARTTLS, into the same store: nothing new, nothing lost.
xo_config "$T/st.cfg" "cat $T/good.tok" starttls
$RP --config "$T/st.cfg" --db "$T/good.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "valid token over STARTTLS: exit 0" "$?" 0
check_eq "valid token over STARTTLS: nothing new" "$(jget "$T/out" '["new"]')" 0
$RP --db "$T/good.db" status --json >"$T/status"
check_eq "valid token over STARTTLS: still $want messages" "$(jget "$T/status" '["messages"]')" "$want"
check_eq "valid token over STARTTLS: a second XOAUTH2 login" \
	"$(log_count "Login: user=<$DOVE_USER>, method=XOAUTH2, .*, TLS" 2)" 2

# Tokens the endpoint does not vouch for: refused by the server, exit 7, never printed.
for c in expired:$EXPIRED:inactive bogus:$BOGUS:unknown; do
	what=${c%%:*} rest=${c#*:}
	tok=${rest%%:*} answer=${rest#*:}
	printf '%s\n' "$tok" >"$T/$what.tok"
	xo_config "$T/$what.cfg" "cat $T/$what.tok"
	before=$(seen "$answer")
	check_rc "$what token: exit 7" 7 $RP -v -v -v --config "$T/$what.cfg" --db "$T/$what.db" fetch
	check "$what token: says AUTHENTICATE XOAUTH2 was refused, with the server's text" \
		grep -q "AUTHENTICATE XOAUTH2: authentication refused; server said: Authentication failed" "$T/err"
	check "$what token: names the server, folder and user" \
		grep -q "server local (localhost:$DOVE_TLSPORT) folder INBOX: .*(user '$DOVE_USER')" "$T/err"
	no_token "$what token: the token is not printed (-v -v -v)" "$tok" "$T/out" "$T/err"
	check "$what token: no retry of a refused login" sh -c "! grep -q retry '$T/err'"
	check_eq "$what token: the endpoint was asked and said not active" "$(seen "$answer")" $((before + 1))
	check_eq "$what token: nothing stored" "$(sqlite3 "$T/$what.db" 'select count(*) from message' 2>/dev/null || echo 0)" 0
	$RP --config "$T/$what.cfg" --db "$T/$what.db" fetch --json >"$T/out" 2>"$T/err"
	check "$what token: the JSON names the error" grep -q 'authentication refused' "$T/out"
	no_token "$what token: the JSON does not hold the token" "$tok" "$T/out" "$T/err"
done

# A valid token of another user: Dovecot matches it against the user sent by XOAUTH2.
printf '%s\n' "$OTHER" >"$T/other.tok"
xo_config "$T/other.cfg" "cat $T/other.tok"
check_rc "another user's token: exit 7" 7 $RP -v -v -v --config "$T/other.cfg" --db "$T/other.db" fetch
check "another user's token: authentication refused" grep -q "AUTHENTICATE XOAUTH2: authentication refused" "$T/err"
no_token "another user's token: not printed" "$OTHER" "$T/out" "$T/err"

# The endpoint fails (HTTP 500): Dovecot calls it a temporary failure (NO [UNAVAILABLE]),
# which is retried (here once: retries = 1) and then ends with exit 4, not 7; still no
# token shown.
printf '%s\n' "$BROKEN" >"$T/broken.tok"
xo_config "$T/broken.cfg" "cat $T/broken.tok"
sed -i '/^timeout = /a retries = 1' "$T/broken.cfg"
check_rc "endpoint failure: exit 4 (temporary), not 7" 4 $RP -v -v -v --config "$T/broken.cfg" --db "$T/broken.db" fetch
check "endpoint failure: passes on the server's temporary failure" \
	grep -q "AUTHENTICATE XOAUTH2: temporarily unavailable; server said: Temporary authentication failure" "$T/err"
check "endpoint failure: retried as many times as the config says" \
	sh -c "grep -q 'retry 1 of 1' '$T/err' && ! grep -q 'retry 2' '$T/err'"
check_eq "endpoint failure: the endpoint was asked once per attempt" "$(seen failed)" 2
no_token "endpoint failure: the token is not printed" "$BROKEN" "$T/out" "$T/err"

# A token_cmd that fails: a config error naming the key; what it printed is not used.
before=$(asked)
xo_config "$T/fail.cfg" "echo $GOOD; exit 1"
check_rc "token_cmd exits 1: exit 3" 3 $RP -v -v -v --config "$T/fail.cfg" --db "$T/fail.db" fetch
check "token_cmd exits 1: the error names [server local] token_cmd and the status" \
	grep -q "\[server local\] token_cmd: the command failed (exit status 1)" "$T/err"
no_token "token_cmd exits 1: its output is not printed" "$GOOD" "$T/out" "$T/err"
check_eq "token_cmd exits 1: no token reached the server" "$(asked)" "$before"
xo_config "$T/empty.cfg" "true"
check_rc "token_cmd prints nothing: exit 3" 3 $RP --config "$T/empty.cfg" --db "$T/empty.db" fetch
check "token_cmd prints nothing: says so, naming the key" \
	grep -q "\[server local\] token_cmd: the command printed nothing" "$T/err"

# The server takes no password, not even the valid token as one: a fetch that worked above
# cannot have logged in any other way than AUTHENTICATE XOAUTH2.
before=$(asked)
for mech in login plain; do
	dove_config "$T/pw-$mech.cfg" demo imaps
	printf '%s\n' "$GOOD" >"$T/pw-$mech.cfg.pw"
	# No passdb here takes a password: Dovecot calls that a temporary failure, retried
	# like one (retries = 0: at once) and ending with exit 4.
	sed -i -e "/^user = /a auth = $mech" -e '/^timeout = /a retries = 0' "$T/pw-$mech.cfg"
	check_rc "valid token as a $mech password: not logged in (exit 4: the server says temporary)" 4 \
		$RP -v -v -v --config "$T/pw-$mech.cfg" --db "$T/pw-$mech.db" fetch
	check "valid token as a $mech password: no retry with retries = 0" sh -c "! grep -q retry '$T/err'"
	no_token "valid token as a $mech password: not printed" "$GOOD" "$T/out" "$T/err"
done
check_eq "the Dovecot log shows both password attempts failing" \
	"$(log_count "Disconnected: .*user=<$DOVE_USER>, method=PLAIN" 2)" 2
check_eq "the Dovecot log shows no password login" "$(grep -c -E 'Login: .*method=(PLAIN|LOGIN)' "$DLOG")" 0
check_eq "no password login reached the endpoint" "$(asked)" "$before"
