#!/bin/sh
# consensus and votes end to end: a store built by SQL (points with stance and anchors, a
# vote thread), then `rapporteur consensus --no-analyse --json` (the stored analysis as built) and `rapporteur votes --json`.
. tests/lib.sh

DB=$T/rp.db
check_rc "status on a missing store: exit 5" 5 "$RP" --db "$DB" status
check "an empty store made" new_store "$DB"
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO list(id, name) VALUES (1, 'wg')")
db.execute("INSERT INTO draft(id, title, text, created) VALUES (1, 'Report', 'x', 0)")
for i, n in enumerate(["1", "2"]):
    db.execute("INSERT INTO section(id, draft, ordinal, number, heading, text) VALUES (?, 1, ?, ?, 'H', 'x')", (i + 1, i, n))
posts = [
    # msgid, irt, addr, name, date, section, label, tkind, target, text, proposed, thread, subject
    ("a1", None, "alice@example.org", "Alice", 1, 1, "support", "section", None, "I support section 1.", None),
    ("b1", None, "bob@example.org", "Bob", 2, 1, "support", "member", "Alice", "+1 to Alice", None),
    ("c1", None, "carol@example.org", "Carol", 3, 2, "object", "section", None, "Section 2 is problematic.", None),
    ("d1", None, "dan@example.org", "Dan", 4, 2, "amend", "section", None, "Replace \"may\" with \"shall\".", "shall"),
    ("e1", None, "eve@example.org", "Eve", 5, 2, "question", "section", None, "Who decides?", None),
]
for p in posts:
    db.execute("INSERT INTO raw(hash, bytes) VALUES (?, ?)", (p[0], p[0]))
    cur = db.execute("INSERT INTO message(message_id, hash, list_id, date, from_name, from_addr, in_reply_to, subject, size, imported_at) VALUES (?, ?, 1, ?, ?, ?, ?, 'Re: Report', 1, 0)", (p[0], p[0], p[4], p[3], p[2], p[1]))
    cur = db.execute("INSERT INTO point(draft, message, ordinal, text) VALUES (1, ?, 0, ?)", (cur.lastrowid, p[9]))
    pid = cur.lastrowid
    db.execute("INSERT INTO anchor(point, section, method, confidence) VALUES (?, ?, 'explicit', 1)", (pid, p[5]))
    db.execute("INSERT INTO stance(point, label, target_kind, target, confidence, proposed) VALUES (?, ?, ?, ?, 0.9, ?)", (pid, p[6], p[7], p[8], p[10]))
votes = [("v1", None, "chair@example.org", "[VOTE] Adopt", "[ ] +1\n[ ] 0\n[ ] -1"),
         ("v2", "v1", "alice@example.org", "Re: [VOTE] Adopt", "+1"),
         ("v3", "v1", "bob@example.org", "Re: [VOTE] Adopt", "-1"),
         ("v4", "v1", "chair@example.org", "[RESULT][VOTE] Adopt", "Result: +1: 1, 0: 0, -1: 1")]
for i, v in enumerate(votes):
    db.execute("INSERT INTO raw(hash, bytes) VALUES (?, ?)", (v[0], v[0]))
    # the body is segmented again (blocks stored by hand are not the current code's)
    cur = db.execute("INSERT INTO message(message_id, hash, list_id, date, from_name, from_addr, subject, body, size, imported_at) VALUES (?, ?, 1, ?, 'X', ?, ?, ?, 1, 0)", (v[0], v[0], 100 + i, v[2], v[3], v[4] + "\n"))
    db.execute("INSERT INTO thread_node(message_id, parent, thread, depth) VALUES (?, ?, 'v1', ?)", (v[0], v[1], 0 if v[1] is None else 1))
db.commit()
PY

check_rc "consensus --json runs" 0 "$RP" --db "$DB" consensus --no-analyse --json 1
cp "$T/out" "$T/c.json"
check_eq "section 1 agreed" "$(jget "$T/c.json" '["sections"][0]["level"]')" "agreed"
check_eq "section 1 supporters" "$(jget "$T/c.json" '["sections"][0]["members"]["support"]')" "['alice@example.org', 'bob@example.org']"
check_eq "section 2 contested" "$(jget "$T/c.json" '["sections"][1]["level"]')" "contested"
check_eq "amendment wording" "$(jget "$T/c.json" '["sections"][1]["amendments"][0]["proposed"]')" "shall"
check_eq "open objection" "$(jget "$T/c.json" '["sections"][1]["open_objections"][0]["address"]')" "carol@example.org"
check_eq "question" "$(jget "$T/c.json" '["sections"][1]["questions"][0]["text"]')" "Who decides?"
check_eq "general comments last" "$(jget "$T/c.json" '["sections"][2]["section"]')" "general"
check_rc "consensus by title" 0 "$RP" --db "$DB" consensus --no-analyse Report
check "text output names the level" grep -q "^1 H: agreed" "$T/out"
check_rc "stricter threshold" 0 "$RP" --db "$DB" consensus --no-analyse --json --agreed 3 1
cp "$T/out" "$T/c3.json"
check_eq "--agreed 3: section 1 is rough consensus" "$(jget "$T/c3.json" '["sections"][0]["level"]')" "rough consensus"
check_rc "bad threshold" 2 "$RP" --db "$DB" consensus --no-analyse --share 2 1
for v in nan inf -0.5; do
	check_rc "--share $v: bad value (exit 2)" 2 "$RP" --db "$DB" consensus --no-analyse --share $v 1
	check_rc "--similar $v: bad value (exit 2)" 2 "$RP" --db "$DB" consensus --no-analyse --similar $v 1
done
# Each threshold against what it means: a count of members is whole and at least 1, a
# share 0..1; the error names the option and the value.
check_rc "--agreed 2.5: bad value (exit 2)" 2 "$RP" --db "$DB" consensus --no-analyse --agreed 2.5 1
check "... naming the option and the value" grep -q -- "--agreed '2.5': wants a whole number of members, 1 or more" "$T/err"
check_rc "--agreed 0: bad value (exit 2)" 2 "$RP" --db "$DB" consensus --no-analyse --agreed 0 1
check_rc "--rough 1.5: bad value (exit 2)" 2 "$RP" --db "$DB" consensus --no-analyse --rough 1.5 1
check "... naming it" grep -q -- "--rough '1.5'" "$T/err"
check_rc "--isolated 0.5: bad value (exit 2)" 2 "$RP" --db "$DB" consensus --no-analyse --isolated 0.5 1
check_rc "--isolated 0: no objector isolated, a good value" 0 "$RP" --db "$DB" consensus --no-analyse --isolated 0 1
check_rc "--share 2: names the option and value" 2 "$RP" --db "$DB" consensus --no-analyse --share 2 1
check "... so" grep -q -- "--share '2': wants a share from 0 to 1" "$T/err"
check_rc "unknown draft" 8 "$RP" --db "$DB" consensus --no-analyse 42
check_rc "missing draft argument" 2 "$RP" --db "$DB" consensus
check_rc "consensus --help" 0 "$RP" consensus --help

# Thresholds from the config's [consensus] section; options override them.
printf '[consensus]\nagreed_min_support = 3\n' >"$T/cons.cfg"
check_rc "consensus with [consensus] agreed_min_support = 3" 0 "$RP" --config "$T/cons.cfg" --db "$DB" consensus --no-analyse --json 1
check_eq "config threshold: section 1 is rough consensus" "$(jget "$T/out" '["sections"][0]["level"]')" "rough consensus"
check_rc "--agreed 2 overrides the config" 0 "$RP" --config "$T/cons.cfg" --db "$DB" consensus --no-analyse --json --agreed 2 1
check_eq "option wins: section 1 agreed" "$(jget "$T/out" '["sections"][0]["level"]')" "agreed"
check_rc "compile uses the config thresholds" 0 "$RP" --config "$T/cons.cfg" --db "$DB" compile 1 --no-analyse --format json
check_eq "compiled section 1 is rough consensus" "$(jget "$T/out" '["sections"][0]["consensus"]')" "rough consensus"
printf '[consensus]\nrough_min_share = 1.5\n' >"$T/bad.cfg"
check_rc "a share above 1 is a config error" 3 "$RP" --config "$T/bad.cfg" --db "$DB" consensus --no-analyse 1
check "the error names file, line and key" grep -q "bad.cfg:2.*rough_min_share" "$T/err"
printf '[consensus]\nagreed_min_support = 2.5\n' >"$T/bad2.cfg"
check_rc "a count of members that is not whole is a config error" 3 "$RP" --config "$T/bad2.cfg" --db "$DB" consensus --no-analyse 1
check "... naming the key and the value" grep -q "bad2.cfg:2: key 'agreed_min_support': '2.5' is not a whole number of 1 or more" "$T/err"
printf '[consensus]\nrough_min_support = 0\n' >"$T/bad3.cfg"
check_rc "a count of 0 members is a config error" 3 "$RP" --config "$T/bad3.cfg" --db "$DB" consensus --no-analyse 1

check_rc "votes --json runs" 0 "$RP" --db "$DB" votes --json
cp "$T/out" "$T/v.json"
check_eq "one vote thread" "$(jget "$T/v.json" '[0]["thread"]')" "v1"
check_eq "two voters" "$(jget "$T/v.json" '[0]["votes"].__len__()')" "2"
check_eq "bob voted -1" "$(jget "$T/v.json" '[0]["votes"][1]["vote"]')" "-1"
check_eq "announced result" "$(jget "$T/v.json" '[0]["result"]["-1"]')" "1"
check_rc "votes --list wg" 0 "$RP" --db "$DB" votes --json --list wg
check_rc "votes on an unknown list" 8 "$RP" --db "$DB" votes --list nope
check_eq "without [votes], binding is unknown" "$(jget "$T/v.json" '[0]["binding_tally"]')" "None"

# Binding voters from the config's [votes] section.
printf '[votes]\nbinding = chair@example.org, Alice@Example.org\n' >"$T/votes.cfg"
check_rc "votes with binding voters" 0 "$RP" --config "$T/votes.cfg" --db "$DB" votes --json
cp "$T/out" "$T/vb.json"
check_eq "alice is binding (address case aside)" "$(jget "$T/vb.json" '[0]["votes"][0]["binding"]')" "True"
check_eq "bob is not" "$(jget "$T/vb.json" '[0]["votes"][1]["binding"]')" "False"
check_eq "binding tally: alice's +1 only" "$(jget "$T/vb.json" '[0]["binding_tally"]')" "{'+1': 1, '-1': 0, '0': 0}"
check_rc "votes text with binding voters" 0 "$RP" --config "$T/votes.cfg" --db "$DB" votes
check "the announced tally differs from the binding one" grep -q "binding: +1 1, 0 0, -1 0; announced: +1 1, 0 0, -1 1 (differs)" "$T/out"
check "binding voters are marked" grep -q "alice@example.org> (binding)" "$T/out"

# A section whose only points are questions: no position was taken, which the text says
# rather than "no comments" over its own question; the JSON keeps the level's name.
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO section(id, draft, ordinal, number, heading, text) VALUES (3, 1, 2, '3', 'Next steps', 'x')")
db.execute("INSERT INTO raw(hash, bytes) VALUES ('q1', 'q1')")
cur = db.execute("INSERT INTO message(message_id, hash, list_id, date, from_name, from_addr, subject, size, imported_at) VALUES ('q1', 'q1', 1, 9, 'Quinn', 'quinn@example.org', 'Re: Report', 1, 0)")
pid = db.execute("INSERT INTO point(draft, message, ordinal, text) VALUES (1, ?, 0, 'When is the deadline?')", (cur.lastrowid,)).lastrowid
db.execute("INSERT INTO anchor(point, section, method, confidence) VALUES (?, 3, 'explicit', 1)", (pid,))
db.execute("INSERT INTO stance(point, label, target_kind, confidence) VALUES (?, 'question', 'section', 0.9)", (pid,))
db.commit()
PY
check_rc "consensus with a questions-only section" 0 "$RP" --db "$DB" consensus --no-analyse 1
check "it says no position was taken" grep -q "^3 Next steps: no position taken$" "$T/out"
check_eq "only that section" "$(grep -c 'no position taken' "$T/out")" 1
check_rc "consensus --json" 0 "$RP" --db "$DB" consensus --no-analyse --json 1
check "the JSON level keeps its name" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=[x for x in d["sections"] if x.get("section")=="3"][0]; sys.exit(s["level"]!="no comments")' "$T/out"

# "+1 to Carol" when Carol objects counts as an objection; the comment matrix shows the
# label the point counts for, as the summary does, not the "support" the words carry.
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO section(id, draft, ordinal, number, heading, text) VALUES (4, 1, 3, '4', 'Budget', 'x')")
rows = [("g1", "carol@example.org", "Carol", 20, "object", "section", None, "Section 4 is unaffordable."),
        ("g2", "fay@example.org", "Fay", 21, "support", "member", "Carol", "+1 to Carol")]
for r in rows:
    db.execute("INSERT INTO raw(hash, bytes) VALUES (?, ?)", (r[0], r[0]))
    mid = db.execute("INSERT INTO message(message_id, hash, list_id, date, from_name, from_addr, subject, size, imported_at) VALUES (?, ?, 1, ?, ?, ?, 'Re: Report', 1, 0)", (r[0], r[0], r[3], r[2], r[1])).lastrowid
    pid = db.execute("INSERT INTO point(draft, message, ordinal, text) VALUES (1, ?, 0, ?)", (mid, r[7])).lastrowid
    db.execute("INSERT INTO anchor(point, section, method, confidence) VALUES (?, 4, 'explicit', 1)", (pid,))
    db.execute("INSERT INTO stance(point, label, target_kind, target, confidence) VALUES (?, ?, ?, ?, 0.9)", (pid, r[4], r[5], r[6]))
db.commit()
PY
check_rc "compile with an agreement to an objector" 0 "$RP" --db "$DB" compile 1 --no-analyse --format json
cp "$T/out" "$T/agree.json"
check_eq "matrix: Fay's +1 to Carol is typed object" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print([r["type"] for r in d["matrix"] if r["comment"] == "+1 to Carol"])' "$T/agree.json")" "['object']"
check_rc "compile csv" 0 "$RP" --db "$DB" compile 1 --no-analyse --format csv
check "csv: the same type" python3 -c '
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1], newline="")) if any(c.endswith("+1 to Carol") for c in r)]
sys.exit(0 if len(rows) == 1 and "object" in rows[0] and "support" not in rows[0] else 1)' "$T/out"

# A section whose only comment is a note received a comment: the document lists it rather
# than saying none was received.
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO section(id, draft, ordinal, number, heading, text) VALUES (5, 1, 4, '5', 'Annex', 'x')")
db.execute("INSERT INTO raw(hash, bytes) VALUES ('n1', 'n1')")
mid = db.execute("INSERT INTO message(message_id, hash, list_id, date, from_name, from_addr, subject, size, imported_at) VALUES ('n1', 'n1', 1, 30, 'Nell', 'nell@example.org', 'Re: Report', 1, 0)").lastrowid
pid = db.execute("INSERT INTO point(draft, message, ordinal, text) VALUES (1, ?, 0, 'FYI the annex figures come from the 2023 survey.')", (mid,)).lastrowid
db.execute("INSERT INTO anchor(point, section, method, confidence) VALUES (?, 5, 'explicit', 1)", (pid,))
db.execute("INSERT INTO stance(point, label, target_kind, confidence) VALUES (?, 'note', 'section', 0.9)", (pid,))
db.commit()
PY
check_rc "compile with a notes-only section" 0 "$RP" --db "$DB" compile 1 --no-analyse
check "the note is in the section's summary" grep -q "^- \*note\*: FYI the annex figures come from the 2023 survey. (Nell)" "$T/out"
check "the section does not say no comments were received" python3 -c '
import sys
t = open(sys.argv[1]).read()
sec = t.split("## 5 Annex", 1)[1].split("\n## ", 1)[0]
sys.exit("No comments were received" in sec)' "$T/out"

# Votes from mail: the chair's call for votes ("Please vote +1/0/-1") casts no vote, while
# a call that ends with the chair's own "+1 from me" does; announced tallies are read in
# their usual forms ("+1: 3, 0: 1", "+1 2, 0 1", "2 +1 votes, one 0 and no -1", "1 x +1").
VDB=$T/votes.db
$RP --db "$VDB" import "$FIX/votes/call.mbox" "$FIX/votes/results.mbox" >/dev/null 2>&1
check_rc "votes --json on imported vote threads" 0 "$RP" --db "$VDB" votes --json
cp "$T/out" "$T/vm.json"
# vote_of SUBJECT-END EXPR: the Python expression EXPR of t, the vote thread whose subject
# ends with SUBJECT-END
vote_of() { python3 -c '
import json, sys
t = [t for t in json.load(open(sys.argv[1])) if t["subject"].endswith(sys.argv[2])][0]
print(eval(sys.argv[3]))' "$T/vm.json" "$1" "$2"; }
check_eq "the chair's call is no vote" "$(vote_of 'policy 7' 'len(t["votes"])')" 5
check_eq "nor is the chair among the voters" \
	"$(vote_of 'policy 7' '[v["address"] for v in t["votes"] if v["address"].startswith("chair")]')" "[]"
check_eq "counted: the latest vote of each voter" "$(vote_of 'policy 7' 't["tally"]')" "{'+1': 3, '-1': 0, '0': 2}"
check_eq "announced \"+1: 3, 0: 1, -1: 0\" on one line" "$(vote_of 'policy 7' 't["result"]')" \
	"{'+1': 3, '-1': 0, '0': 1, 'message_id': 'v7@x'}"
check_eq "announced \"Result: +1 2, 0 1, -1 0\"" "$(vote_of 'policy 8' '[t["result"][k] for k in ("+1", "0", "-1")]')" "[2, 1, 0]"
check_eq "policy 8: the call is no vote either" "$(vote_of 'policy 8' 't["tally"]')" "{'+1': 2, '-1': 0, '0': 1}"
check_eq "announced \"2 +1 votes, one 0 and no -1\"" "$(vote_of 'policy 9' '[t["result"][k] for k in ("+1", "0", "-1")]')" "[2, 1, 0]"
check_eq "a call listing \"+1, 0 or -1\" casts nothing" "$(vote_of 'policy 9' 't["tally"]')" "{'+1': 2, '-1': 0, '0': 1}"
check_eq "a call ending with the chair's \"+1 from me\" counts it" \
	"$(vote_of 'policy 10' '[(v["address"], v["vote"]) for v in t["votes"]]')" \
	"[('alice@example.org', -1), ('chair@example.org', 1)]"
check_eq "announced \"1 x +1, 0 x 0, 1 x -1\" in a thread of its own" \
	"$(vote_of 'policy 10' '[t["result"][k] for k in ("+1", "0", "-1")]')" "[1, 0, 1]"
check_rc "votes in text" 0 "$RP" --db "$VDB" votes
check "policy 8: the counted and announced tallies agree" \
	sh -c "grep -A1 'Adopt policy 8\$' '$T/out' | grep -q 'counted: +1 2, 0 1, -1 0; announced: +1 2, 0 1, -1 0\$'"
check "only policy 7's tallies differ (two 0 counted, one announced)" \
	sh -c "[ \$(grep -c '(differs)' '$T/out') = 1 ] && grep -A1 'Adopt policy 7\$' '$T/out' | grep -q '(differs)'"

# Votes written in other forms: a +1 inside a question casts none, the last vote of a
# message that changes its mind counts, Unicode minus and full-width plus signs, an
# abstention shown as "0" in text; "0s: 1" announced is one abstention.
FDB=$T/forms.db
$RP --db "$FDB" import "$FIX/votes/forms.mbox" >/dev/null 2>&1
check_rc "votes --json on policy 11" 0 "$RP" --db "$FDB" votes --json
check_eq "policy 11: each reply's vote" \
	"$(python3 -c 'import json, sys; print([(v["address"].split("@")[0], v["vote"]) for v in json.load(open(sys.argv[1]))[0]["votes"]])' "$T/out")" \
	"[('bob', 1), ('carol', -1), ('dan', 1), ('eve', 0)]"
check_eq "policy 11: announced \"+1s: 2 / 0s: 1 / -1s: 1\"" \
	"$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))[0]["result"]; print([r[k] for k in ("+1", "0", "-1")])' "$T/out")" "[2, 1, 1]"
check_rc "votes in text on policy 11" 0 "$RP" --db "$FDB" votes
check "policy 11: the tallies agree" grep -q 'counted: +1 2, 0 1, -1 1; announced: +1 2, 0 1, -1 1$' "$T/out"
check "an abstention is shown as 0" grep -q '^  0 Eve <eve@example.org>$' "$T/out"

# A member writing from two addresses is one voter: Jens votes -1 from work, then changes
# to +1 from his personal address; with both addresses on the roster, his latest vote
# counts once, under the roster's name and canonical address.
ADB=$T/alias.db
cat >"$T/alias.mbox" <<'MBOX'
From x@y Mon Mar 16 09:00:00 2026
From: Chair <chair@example.org>
Subject: [wg] [VOTE] Adopt the charter
Date: Mon, 16 Mar 2026 09:00:00 +0100
Message-ID: <call@example.org>

Reply with +1, 0 or -1 by Friday.

From x@y Mon Mar 16 10:00:00 2026
From: Jens Vogt <jens.vogt@uni.example>
Subject: Re: [wg] [VOTE] Adopt the charter
Date: Mon, 16 Mar 2026 10:00:00 +0100
Message-ID: <j1@uni.example>
In-Reply-To: <call@example.org>
References: <call@example.org>

-1, until 2.1.3 says "should".

From x@y Mon Mar 16 11:00:00 2026
From: Ana Lima <ana@telco.example>
Subject: Re: [wg] [VOTE] Adopt the charter
Date: Mon, 16 Mar 2026 11:00:00 +0100
Message-ID: <a1@telco.example>
In-Reply-To: <call@example.org>
References: <call@example.org>

+1

From x@y Wed Mar 18 20:00:00 2026
From: jv <jensvogt@mail.example>
Subject: Re: [wg] [VOTE] Adopt the charter
Date: Wed, 18 Mar 2026 20:00:00 +0100
Message-ID: <j2@mail.example>
In-Reply-To: <call@example.org>
References: <call@example.org>

I change my vote to +1.
MBOX
$RP --db "$ADB" import "$T/alias.mbox" >/dev/null 2>&1
$RP --db "$ADB" members add jens.vogt@uni.example --name "Jens Vogt" --alias jensvogt@mail.example >/dev/null 2>&1
check_rc "votes with a member writing from two addresses" 0 "$RP" --db "$ADB" votes --json
check_eq "the member's two addresses are one voter, the latest vote counting" \
	"$(python3 -c 'import json, sys; print([(v["voter"], v["address"], v["vote"]) for v in json.load(open(sys.argv[1]))[0]["votes"]])' "$T/out")" \
	"[('Ana Lima', 'ana@telco.example', 1), ('Jens Vogt', 'jens.vogt@uni.example', 1)]"
check_eq "... in the tally" \
	"$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["tally"])' "$T/out")" "{'+1': 2, '-1': 0, '0': 0}"
# the config names the binding voter by the address he also writes from: he is binding
printf '[votes]\nbinding = jensvogt@mail.example\n' >"$T/alias.cfg"
check_rc "votes: a binding voter named by another of his addresses" 0 "$RP" --config "$T/alias.cfg" --db "$ADB" votes --json
check_eq "... is binding, his latest vote in the binding tally" \
	"$(python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))[0]; print([v["binding"] for v in t["votes"]], t["binding_tally"])' "$T/out")" \
	"[False, True] {'+1': 1, '-1': 0, '0': 0}"
