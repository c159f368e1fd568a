#!/bin/sh
# t0720-send-stale: `compile --send` pipes the email form to the configured sendmail command
# (run without a shell; its argv and standard input recorded by a fake sendmail) and reports
# a failing one; `status` tells, per compiled draft, whether answers arrived since the last
# compile, without writing to the store.
. tests/lib.sh
DB=$T/db
CIRC=draft-circulation@dc-coord.example.org
TITLE='DC feedback on the Working Group on Strategy paper'
"$RP" --db "$DB" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
"$RP" --db "$DB" draft add --from-message "$CIRC" >/dev/null
check_eq "demo list and draft loaded" "$("$RP" --db "$DB" draft list 2>/dev/null | grep -c "$TITLE")" 1
check "status before any compile names no draft" sh -c "! '$RP' --db '$DB' status | grep -q '^draft '"

# A fake sendmail: argv one per line, the message as received, exit status from a file.
cat >"$T/fake-sendmail" <<'SH'
#!/bin/sh
d=$(dirname "$0")
: >"$d/argv"
for a in "$@"; do printf '%s\n' "$a" >>"$d/argv"; done
cat >"$d/stdin"
exit "$(cat "$d/rc" 2>/dev/null || echo 0)"
SH
chmod +x "$T/fake-sendmail"
# $HOME and the quotes reach the program as they are written: there is no shell.
cat >"$T/config" <<CONF
[compile]
sendmail = $T/fake-sendmail -t -i \$HOME 'a b'
from = secretariat@example.org
CONF

check_rc "compile --send exits 0" 0 "$RP" --db "$DB" --config "$T/config" compile 1 --send \
	--to wg@lists.example.org
check "nothing written on standard output" test ! -s "$T/out"
check "it says where it sent the document" grep -q "sent the feedback on draft 1 to wg@lists.example.org" "$T/err"
check_eq "sendmail argv: the command split on blanks, no shell" "$(tr '\n' ' ' <"$T/argv")" \
	"-t -i \$HOME 'a b' "
"$RP" --db "$DB" compile 1 --no-analyse --format email --from secretariat@example.org \
	--to wg@lists.example.org >"$T/expected.eml"
grep -v -e '^Date: ' -e '^Message-ID: ' "$T/expected.eml" >"$T/expected-nodate.eml"
# The same message as --format email, but dated when sent (it was dated by the discussion's
# last mail, years back in an inbox), with a Message-ID of its own.
check "the whole message arrives on sendmail's standard input" \
	sh -c "grep -v -e '^Date: ' -e '^Message-ID: ' '$T/stdin' | cmp -s - '$T/expected-nodate.eml'"
check "dated when sent (within two minutes)" python3 -c '
import email.utils, sys, time
d = [l for l in open(sys.argv[1]) if l.startswith("Date: ")][0][6:].strip()
sys.exit(abs(email.utils.parsedate_to_datetime(d).timestamp() - time.time()) > 120)' "$T/stdin"
check "a Message-ID other than the file form's" sh -c \
	"! grep -qx \"\$(grep '^Message-ID: ' '$T/expected.eml')\" '$T/stdin' && grep -q '^Message-ID: <rapporteur\.' '$T/stdin'"
check "... the document's body with it" grep -q "^## " "$T/stdin"
check "To header" grep -qx 'To: wg@lists.example.org' "$T/stdin"
check "From header from [compile] from" grep -qx 'From: secretariat@example.org' "$T/stdin"
# A long Subject is folded (RFC 5322 2.2.3): unfolded, it names the draft.
check "Subject header names the draft" python3 -c '
import sys
head = open(sys.argv[1]).read().split("\n\n")[0].replace("\n ", " ")
sys.exit(not any(l.startswith("Subject: ") and sys.argv[2] in l for l in head.split("\n")))' "$T/stdin" "$TITLE"
check "In-Reply-To the circulating message" grep -qx "In-Reply-To: <$CIRC>" "$T/stdin"
check "References the circulating message" grep -qx "References: <$CIRC>" "$T/stdin"

# To from the list's address in the config when --to is not given.
cat >>"$T/config" <<CONF
[server s]
host = localhost
[list dc-coord]
address = dc-coord@lists.example.org
CONF
rm -f "$T/stdin"
check_rc "--send without --to uses the [list] address" 0 "$RP" --db "$DB" --config "$T/config" \
	compile 1 --send --no-analyse
check "To header from the [list] address" grep -qx 'To: dc-coord@lists.example.org' "$T/stdin"
check_rc "--send --format email is accepted" 0 "$RP" --db "$DB" --config "$T/config" \
	compile 1 --send --format email --no-analyse

# A failing sendmail: non-zero exit, the command and its status named.
echo 75 >"$T/rc"
check_rc "failing sendmail (exit 75) exits 9" 9 "$RP" --db "$DB" --config "$T/config" compile 1 --send --no-analyse
check "the error names the command" grep -q "$T/fake-sendmail -t -i" "$T/err"
check "the error gives the exit status" grep -q "exit status 75" "$T/err"
rm -f "$T/rc"
printf '[compile]\nsendmail = %s/no-such-sendmail -t\nfrom = s@example.org\n' "$T" >"$T/config2"
check_rc "a missing sendmail program exits 9" 9 "$RP" --db "$DB" --config "$T/config2" \
	compile 1 --send --no-analyse --to wg@lists.example.org
check "... and says it cannot run it" grep -q "cannot run '$T/no-such-sendmail -t': No such file" "$T/err"

# Usage and configuration errors.
check_rc "--send with --format markdown is a usage error" 2 "$RP" --db "$DB" --config "$T/config" \
	compile 1 --send --format markdown
check "... saying why" grep -q -- "--send mails the email form" "$T/err"
check_rc "--send with -o is a usage error" 2 "$RP" --db "$DB" --config "$T/config" \
	compile 1 --send -o "$T/x.eml"
printf '[compile]\nsendmail = %s/fake-sendmail\n' "$T" >"$T/config3"
check_rc "--send without a recipient is a usage error" 2 "$RP" --db "$DB" --config "$T/config3" \
	compile 1 --send --no-analyse --from s@example.org
check "... naming --to and the [list] address" \
	grep -q "give --to ADDR or set 'address' in the \[list dc-coord\]" "$T/err"
check_rc "--send without a From is a usage error" 2 "$RP" --db "$DB" --config "$T/config3" \
	compile 1 --send --no-analyse --to wg@lists.example.org
check "... naming --from and [compile] from" grep -q "give --from ADDR or set 'from' in the \[compile\]" "$T/err"
check_rc "a missing --config file is an error" 8 "$RP" --db "$DB" --config "$T/nope" compile 1 --send --no-analyse
printf '[compile]\ncc = x@example.org\n' >"$T/config4"
check_rc "an unknown key in [compile] is a config error" 3 "$RP" --db "$DB" --config "$T/config4" \
	compile 1 --send --no-analyse
check "... naming the file, line and key" grep -q "config4:2.*unknown key 'cc' in a \[compile\]" "$T/err"
# Without any config file the error names where one is looked for, not "defaults".
mkdir -p "$T/noconf"
check_rc "--send with no config file at all is a usage error" 2 env -u RAPPORTEUR_CONFIG \
	XDG_CONFIG_HOME="$T/noconf" "$RP" --db "$DB" compile 1 --send --no-analyse --to wg@lists.example.org
check "... naming the config file it looked for" \
	grep -q "\[compile\] section of $T/noconf/rapporteur/config (no such file" "$T/err"
# config.example parses ([compile] included): it stops only at the missing From.
check_rc "config.example is read" 2 "$RP" --db "$DB" --config "$TOP/config.example" \
	compile 1 --send --no-analyse --to wg@lists.example.org
check "... and has no From address" grep -q "no From address" "$T/err"

# Stale detection. The compiles above were recorded: up to date.
"$RP" --db "$DB" status >"$T/st" 2>&1
check "status: up to date after compile" \
	grep -q "^draft 1 '$TITLE': compiled [0-9T:Z-]*; up to date$" "$T/st"

# One more answer to the circulating message, and one off-topic list message.
cat >"$T/new.mbox" <<'MBOX'
From alice@example.org Sun Jun 20 10:00:00 2021
From: Alice Example <alice@example.org>
To: dc-coord@lists.example.org
Subject: Re: [DC-coord] DC feedback on the WG Strategy paper - draft for comments by Friday
Date: Sun, 20 Jun 2021 10:00:00 +0000
Message-ID: <late-reply@example.org>
In-Reply-To: <draft-circulation@dc-coord.example.org>
References: <draft-circulation@dc-coord.example.org>

I support section 2 as written, and would add a sentence on youth participation.

Alice

From bob@example.org Sun Jun 20 11:00:00 2021
From: Bob Example <bob@example.org>
To: dc-coord@lists.example.org
Subject: [DC-coord] Room booking for the July call
Date: Sun, 20 Jun 2021 11:00:00 +0000
Message-ID: <room-booking@example.org>

Who books the room for July?
MBOX
"$RP" --db "$DB" import --list dc-coord "$T/new.mbox" >/dev/null 2>&1
dump() { python3 -c 'import sqlite3,sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' "$DB"; }
dump >"$T/before.sql"
"$RP" --db "$DB" status >"$T/st" 2>&1
check_eq "status exits 0" "$?" 0
check "status: 1 new message since (the off-topic one not counted)" grep -q \
	"^draft 1 '$TITLE': compiled [0-9T:Z-]*; 1 new message since (run rapporteur compile 1)$" "$T/st"
"$RP" --db "$DB" status --json >"$T/st.json"
check_eq "status --json: draft id" "$(jget "$T/st.json" '["drafts"][0]["id"]')" 1
check_eq "status --json: new_messages" "$(jget "$T/st.json" '["drafts"][0]["new_messages"]')" 1
check_eq "status --json: up_to_date" "$(jget "$T/st.json" '["drafts"][0]["up_to_date"]')" False
dump >"$T/after.sql"
check "status writes nothing to the store" cmp -s "$T/before.sql" "$T/after.sql"

# A failed send is not a compile.
echo 75 >"$T/rc"
"$RP" --db "$DB" --config "$T/config" compile 1 --send >/dev/null 2>&1
rm -f "$T/rc"
"$RP" --db "$DB" status >"$T/st" 2>&1
check "a failed send leaves the draft stale" grep -q "; 1 new message since" "$T/st"

# Compiling to standard output counts.
"$RP" --db "$DB" compile 1 -o - >/dev/null
"$RP" --db "$DB" status >"$T/st" 2>&1
check "status: up to date after compiling again" grep -q "^draft 1 '$TITLE': compiled .*; up to date$" "$T/st"
"$RP" --db "$DB" status --json >"$T/st.json"
check_eq "status --json: up to date" "$(jget "$T/st.json" '["drafts"][0]["up_to_date"]')" True
# A manual decision changes the document too: set, replaced or removed, it makes it stale.
pt=$("$RP" --db "$DB" points --json 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["points"][0]["id"])')
"$RP" --db "$DB" set "$pt" disposition=rejected >/dev/null 2>&1
"$RP" --db "$DB" status >"$T/st" 2>&1
check "status: decisions changed since the compile" grep -q \
	"^draft 1 '$TITLE': compiled [0-9T:Z-]*; decisions changed since (run rapporteur compile 1)$" "$T/st"
"$RP" --db "$DB" status --json >"$T/st.json"
check_eq "status --json: decisions_changed" "$(jget "$T/st.json" '["drafts"][0]["decisions_changed"]')" True
check_eq "status --json: not up to date" "$(jget "$T/st.json" '["drafts"][0]["up_to_date"]')" False
"$RP" --db "$DB" compile 1 -o - >/dev/null
"$RP" --db "$DB" set "$pt" disposition= >/dev/null 2>&1
"$RP" --db "$DB" status >"$T/st" 2>&1
check "status: a decision removed since the compile is a change too" grep -q "; decisions changed since" "$T/st"
"$RP" --db "$DB" compile 1 -o - >/dev/null
"$RP" --db "$DB" status >"$T/st" 2>&1
check "status: up to date once compiled again" grep -q "^draft 1 '$TITLE': compiled .*; up to date$" "$T/st"
# So does a message included or excluded by hand, or such a decision removed.
for v in yes no ''; do
	"$RP" --db "$DB" set --draft 1 --message room-booking@example.org include=$v >/dev/null 2>&1
	"$RP" --db "$DB" status >"$T/st" 2>&1
	check "status: include=$v since the compile is a change" grep -q "; decisions changed since" "$T/st"
	"$RP" --db "$DB" compile 1 -o - >/dev/null
done
check_eq "status --json: compiled is an ISO date" \
	"$(jget "$T/st.json" '["drafts"][0]["compiled"]' | sed 's/[0-9]/N/g')" "NNNN-NN-NNTNN:NN:NNZ"
