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

step "rapporteur threads"
"$RP" threads --list dc-coord >"$OUT/threads.txt" || fail "threads failed"
head -n 25 "$OUT/threads.txt"

step "rapporteur draft add --from-message (the draft circulated on the list, as fetched)"
"$RP" draft add --json --from-message draft-circulation@dc-coord.example.org >"$OUT/draft.json" ||
	fail "draft add failed"
draft=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$OUT/draft.json")
"$RP" draft list

step "rapporteur points $draft (first lines; all in points.txt)"
"$RP" points "$draft" >"$OUT/points.txt" || fail "points failed"
head -n 12 "$OUT/points.txt"
"$RP" points --excluded "$draft" >"$OUT/excluded.txt" || fail "points --excluded failed"

step "rapporteur consensus $draft (first lines)"
"$RP" consensus "$draft" >"$OUT/consensus.txt" || fail "consensus failed"
head -n 20 "$OUT/consensus.txt"

step "rapporteur compile $draft: the consolidated feedback"
for fmt in markdown html json email csv; do
	ext=$fmt
	case $fmt in markdown) ext=md ;; email) ext=eml ;; esac
	"$RP" compile "$draft" --format $fmt -o "$OUT/consolidated.$ext" || fail "compile --format $fmt failed"
done
head -n 25 "$OUT/consolidated.md"

step "rapporteur check: was each member's input captured?"
"$RP" check "Avri Doria" --draft "$draft" >"$OUT/check-avri.txt" 2>&1
"$RP" check "Avri Doria" --draft "$draft" --html >"$OUT/check-avri.html" 2>/dev/null
head -n 12 "$OUT/check-avri.txt"

step "the secretariat revises the draft: what changed, and who is credited"
v2=$("$RP" draft add "$TOP/fixtures/demo/draft-v2.txt" --revises "$draft" --list dc-coord) || fail "draft add --revises failed"
echo "$v2"
v2=$(echo "$v2" | sed -n 's/^draft \([0-9]*\):.*/\1/p')
"$RP" compile "$v2" --changes-since "$draft" -o "$OUT/changes-v2.md" || fail "compile --changes-since failed"
sed -n '1,/^## Unchanged/p' "$OUT/changes-v2.md" | grep -v '^## Unchanged'

step "outputs in ${OUT#"$TOP"/}/"
ls -l "$OUT" | sed 1d
echo
echo "Dovecot stops now; the database stays: RAPPORTEUR_DB=$OUT/rapporteur.db $RP status"
