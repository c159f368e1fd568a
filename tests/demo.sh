#!/bin/sh
# demo: the whole pipeline on the bundled demo list, fetched over IMAP (`make demo`).
# Starts a private Dovecot on 127.0.0.1, loads fixtures/demo/list.mbox into its INBOX,
# fetches it over IMAPS (certificate verified against the throw-away test CA) into
# demo/rapporteur.db, runs the downstream stages that exist, prints where the outputs are,
# and stops Dovecot. Needs dovecot-core, dovecot-imapd, openssl and python3.
set -u
O=${O:-build}
TOP=$(pwd)
RP=$TOP/$O/rapporteur
OUT=$TOP/demo
MBOX=$TOP/fixtures/demo/list.mbox
[ -f "$MBOX" ] || MBOX=$TOP/fixtures/imap/list.mbox
. "$TOP/tests/lib-dovecot.sh"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
step "starting a private Dovecot on 127.0.0.1"
dove_start || fail "Dovecot did not start"
echo "IMAPS on port $DOVE_TLSPORT, STARTTLS on $DOVE_PORT, test CA $DOVE_CA"

step "loading $(grep -c '^From ' "$MBOX") messages of ${MBOX#"$TOP"/} into INBOX"
dove_load_mbox "$MBOX" >/dev/null || fail "loading the mbox failed"

# The config a user would write (see config.example); the password sits in a 0600 file.
dove_config "$OUT/config" dc-coord imaps
cp "$DOVE_CA" "$OUT/test-ca.crt"
sed -i "s|^ca_file = .*|ca_file = $OUT/test-ca.crt|" "$OUT/config"
export RAPPORTEUR_CONFIG="$OUT/config" RAPPORTEUR_DB="$OUT/rapporteur.db"

step "rapporteur fetch (IMAPS, certificate and host name verified)"
"$RP" -v fetch || fail "fetch failed"
"$RP" fetch --json >"$OUT/fetch-again.json" || fail "second fetch failed"
echo "again: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["new"], "new,", d["lists"][0]["fetched"], "fetched")' "$OUT/fetch-again.json") (incremental by UID)"

step "rapporteur status"
"$RP" status || true

# Downstream stages: each runs when this build has it.
has() { "$RP" --help 2>&1 | grep -q "^  $1 "; }
if has threads; then
	step "rapporteur threads"
	"$RP" threads --list dc-coord >"$OUT/threads.txt" && head -n 25 "$OUT/threads.txt"
fi
if has votes; then
	step "rapporteur votes"
	"$RP" votes --list dc-coord >"$OUT/votes.txt" && cat "$OUT/votes.txt"
fi
# --- stage: draft import (rapporteur draft add fixtures/demo/draft.txt) goes here ---
if has draft; then
	step "rapporteur draft"
	"$RP" draft add "$TOP/fixtures/demo/draft.txt" >"$OUT/draft.txt" 2>&1 || true
fi
if has consensus && "$RP" consensus 1 >"$OUT/consensus.txt" 2>/dev/null && [ -s "$OUT/consensus.txt" ]; then
	step "rapporteur consensus"
	head -n 30 "$OUT/consensus.txt"
else
	rm -f "$OUT/consensus.txt"
fi
# --- stage: compile the consolidated document (rapporteur compile) goes here ---
if has compile; then
	step "rapporteur compile"
	"$RP" compile --format md 1 >"$OUT/feedback.md" 2>&1 || true
fi

step "outputs in ${OUT#"$TOP"/}/"
ls -l "$OUT" | sed 1d
echo
echo "Dovecot stops now; the database stays: RAPPORTEUR_DB=$OUT/rapporteur.db $RP status"
