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
if has draft; then
	step "rapporteur draft add --from-message (the circulated draft, from the fetched mail)"
	"$RP" draft add --from-message draft-circulation@dc-coord.example.org >"$OUT/draft-id.txt" 2>"$OUT/draft.err" ||
		"$RP" draft add "$TOP/fixtures/demo/draft.txt" --list dc-coord >"$OUT/draft-id.txt" ||
		fail "draft add failed"
	[ -s "$OUT/draft.err" ] || rm -f "$OUT/draft.err"
	draft=$(tail -n 1 "$OUT/draft-id.txt" | grep -o '[0-9][0-9]*' | head -n 1)
	"$RP" draft list
fi
if has points && [ -n "${draft:-}" ]; then
	step "rapporteur points $draft (first lines)"
	"$RP" points "$draft" >"$OUT/points.txt" && head -n 12 "$OUT/points.txt"
fi
if has consensus && [ -n "${draft:-}" ]; then
	step "rapporteur consensus $draft (first lines)"
	"$RP" consensus "$draft" >"$OUT/consensus.txt" && head -n 20 "$OUT/consensus.txt"
fi
if has compile && [ -n "${draft:-}" ]; then
	step "rapporteur compile $draft"
	for fmt in markdown html json email csv; do
		ext=$fmt
		case $fmt in markdown) ext=md ;; email) ext=eml ;; esac
		"$RP" compile "$draft" --format $fmt -o "$OUT/feedback.$ext" || fail "compile --format $fmt failed"
	done
	head -n 25 "$OUT/feedback.md"
fi
if has check && [ -n "${draft:-}" ]; then
	step "rapporteur check (was each member's input captured?)"
	"$RP" check "Avri Doria" --draft "$draft" >"$OUT/check-avri.txt" 2>&1
	head -n 12 "$OUT/check-avri.txt"
fi

step "outputs in ${OUT#"$TOP"/}/"
ls -l "$OUT" | sed 1d
echo
echo "Dovecot stops now; the database stays: RAPPORTEUR_DB=$OUT/rapporteur.db $RP status"
