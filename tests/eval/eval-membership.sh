#!/bin/sh
# eval-membership: which messages answer a draft, scored.
# 1. The demo list (fixtures/demo): the draft comes from the circulating message; the gold
#    labels say which messages a careful reader counts as feedback.
# 2. When the shared corpora are present: a real document review (the reporting-issues
#    postings and their replies) imported together with a whole list archive of the same
#    list; every message of the review answers the cover letter, the rest of the archive
#    after it does not.
# Prints included precision/recall, excluded recall and the time taken.
set -u
RP=${RP_BIN:-$(pwd)/build/rapporteur}
T=$(mktemp -d "${TMPDIR:-/tmp}/rp-eval.XXXXXX")
trap 'rm -rf "$T"' EXIT
export RAPPORTEUR_NO_PROGRESS=1

score() { # DB GOLD.json: gold {"included": [ids], "excluded": [ids]}
	python3 - "$1" "$2" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
gold = json.load(open(sys.argv[2]))
got = {}
for mid, inc in db.execute("SELECT m.message_id, max(dm.included) FROM draft_message dm "
                           "JOIN message m ON m.id = dm.message GROUP BY m.message_id"):
    got[mid] = inc
gi, ge = set(gold["included"]), set(gold["excluded"])
pi = {m for m, v in got.items() if v}
tp = len(gi & pi)
ex_ok = len([m for m in ge if not got.get(m)])
print("  included precision: %d/%d = %.3f" % (tp, len(pi), tp / max(len(pi), 1)))
print("  included recall:    %d/%d = %.3f" % (tp, len(gi), tp / max(len(gi), 1)))
print("  excluded recall:    %d/%d = %.3f" % (ex_ok, len(ge), ex_ok / max(len(ge), 1)))
for m in sorted(gi - pi):
    print("    missed:   " + m)
for m in sorted(pi - gi):
    print("    wrongly included: " + m)
PY
}

echo "demo list (fixtures/demo):"
"$RP" --db "$T/demo.db" import --list dc-coord fixtures/demo/list.mbox >/dev/null 2>&1 || { echo "  import failed"; exit 1; }
start=$(date +%s.%N)
"$RP" --db "$T/demo.db" draft add --from-message draft-circulation@dc-coord.example.org \
	--deadline 2021-06-18 >/dev/null || { echo "  draft add failed"; exit 1; }
end=$(date +%s.%N)
python3 - fixtures/demo/labels.json "$T/demo-gold.json" <<'PY'
import json, sys
L = json.load(open(sys.argv[1]))
inc, exc, seen = [], [], set()
for m in L["messages"]:
    if m["message_id"] in seen:
        continue
    seen.add(m["message_id"])
    (inc if m["included"] else exc).append(m["message_id"])
json.dump({"included": inc, "excluded": exc}, open(sys.argv[2], "w"))
PY
score "$T/demo.db" "$T/demo-gold.json"
echo "  draft add + membership: $(python3 -c "print('%.2f s' % ($end - $start))")"

REV=${RP_CORPORA:-}/review/reporting-issues.mbox
LIST=${RP_CORPORA:-}/lists/ksummit-discuss-2019-2022.mbox
if [ -f "$REV" ] && [ -f "$LIST" ]; then
	echo "document review inside a list archive (corpora):"
	"$RP" --db "$T/rev.db" import --list ksummit "$LIST" "$REV" >/dev/null 2>&1
	python3 - "$T/rev.db" "$REV" "$T/rev-gold.json" <<'PY'
import json, mailbox, sqlite3, sys, email.utils
db = sqlite3.connect(sys.argv[1])
review = set()
for m in mailbox.mbox(sys.argv[2]):
    mid = (m["Message-ID"] or "").strip().strip("<>")
    if mid:
        review.add(mid)
# the cover letter: the earliest review message that replies to nothing
cover = db.execute("SELECT message_id, date FROM message WHERE message_id IN (%s) AND in_reply_to IS NULL "
                   "ORDER BY date LIMIT 1" % ",".join("?" * len(review)), list(review)).fetchone()
after = [r[0] for r in db.execute("SELECT message_id FROM message WHERE date >= ?", (cover[1],))]
inc = [m for m in review if m != cover[0]]
exc = [m for m in after if m not in review]
json.dump({"cover": cover[0], "included": inc, "excluded": exc}, open(sys.argv[3], "w"))
PY
	cover=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cover"])' "$T/rev-gold.json")
	start=$(date +%s.%N)
	"$RP" --db "$T/rev.db" draft add --from-message "$cover" >/dev/null || { echo "  draft add failed"; exit 1; }
	end=$(date +%s.%N)
	score "$T/rev.db" "$T/rev-gold.json"
	echo "  draft add + membership: $(python3 -c "print('%.2f s' % ($end - $start))")"
else
	echo "corpora not found: skipping the document review"
fi
