#!/bin/sh
# show: one message with its segmentation, from stored blocks or computed on the fly;
# blocks stored by other code are computed again.
. tests/lib.sh
S=$FIX/text
DB=$T/db

$RP --db "$DB" import "$S/interleaved.eml" "$S/outlook.eml" >/dev/null 2>&1
check_eq "import: 2 messages" "$(sqlite3 "$DB" 'select count(*) from message')" 2

check_rc "show --json: exit 0" 0 $RP --db "$DB" show --json reply-1@example.org
cp "$T/out" "$T/r1.json"
check_eq "message_id" "$(jget "$T/r1.json" '["message_id"]')" reply-1@example.org
check_eq "new_text: the two answers only" "$(jget "$T/r1.json" '["new_text"]')" \
"I disagree: the text in 3.9 should keep the yearly review.

Annex B needs a reference to the 2019 report."
kinds=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(b["kind"]+(str(b["depth"]) if "depth" in b else "") for b in d["blocks"]))' "$T/r1.json")
check_eq "blocks in body order, quote depths" "$kinds" \
	"greeting attribution quote1 new quote2 quote1 new closing signature footer"
check_eq "quote text without markers" "$(jget "$T/r1.json" '["blocks"][2]["text"]')" \
	"Section 3.9 should say that reviews are done every two years."
check_eq "import does not segment: computed on the fly" "$(jget "$T/r1.json" '["segmentation"]')" computed
check_eq "show stores nothing" "$(sqlite3 "$DB" 'select count(*) from block')" 0
check_eq "from and date decoded" "$(jget "$T/r1.json" '["from"]') $(jget "$T/r1.json" '["date"]')" \
	"Ana Lima 2021-06-08T09:20:00Z"

check_rc "angle brackets accepted" 0 $RP --db "$DB" show '<reply-1@example.org>'
check "text output marks new text" grep -qx '== new' "$T/out"
check "text output re-quotes quotes" grep -qx '> > Earlier point about 3.10 and the annex.' "$T/out"
check "text output has headers" grep -qx 'Subject: Re: Draft v2 comments, section 3' "$T/out"
check "text output has the sender" grep -qx 'From: Ana Lima <ana@example.org>' "$T/out"

$RP --db "$DB" show --json reply-2@example.com >"$T/r2.json" 2>&1
check_eq "Outlook: new text above the header block" "$(jget "$T/r2.json" '["new_text"]')" \
	"We support the draft as it stands."
check_eq "Outlook: text below the header block is quoted" \
	"$(jget "$T/r2.json" '["blocks"][-1]["kind"]') $(jget "$T/r2.json" '["blocks"][-1]["depth"]')" "quote 1"
check_eq "Outlook: client footer and header block" \
	"$(jget "$T/r2.json" '["blocks"][1]["kind"]') $(jget "$T/r2.json" '["blocks"][2]["kind"]')" "footer attribution"

check_rc "unknown id: exit 8" 8 $RP --db "$DB" show nosuch@example.org
check "unknown id: clear message" grep -q 'no message with Message-ID <nosuch@example.org>' "$T/err"
check_rc "no argument: usage, exit 2" 2 $RP --db "$DB" show
check_rc "--help: exit 0" 0 $RP --db "$DB" show --help

# Without stored blocks the body is segmented on the fly, with the same result.
sqlite3 "$DB" "delete from block where message=(select id from message where message_id='reply-1@example.org')"
$RP --db "$DB" show --json reply-1@example.org >"$T/r4.json" 2>&1
check_eq "no stored blocks: computed" "$(jget "$T/r4.json" '["segmentation"]')" computed
check_eq "computed blocks equal the stored ones" "$(jget "$T/r4.json" '["blocks"]')" "$(jget "$T/r1.json" '["blocks"]')"

# Blocks stored in the block table by this code win over segmenting the body again. The
# analysis records the code's digest with the blocks it stores (meta "blocks.code").
A=$T/analysed.db
$RP --db "$A" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$A" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null 2>&1
$RP --db "$A" points 1 >/dev/null 2>&1
code=$(sqlite3 "$A" "select value from meta where key = 'blocks.code'")
check "an analysis records the code of the blocks it stores" test -n "$code"
sqlite3 "$DB" "insert or replace into meta(key, value) values ('blocks.code', '$code')"
id=$(sqlite3 "$DB" "select id from message where message_id='reply-2@example.com'")
sqlite3 "$DB" "delete from block where message=$id"
sqlite3 "$DB" "insert into block(message, ordinal, kind, depth, text) values
	($id, 0, 'new', 0, 'Stored answer.'), ($id, 1, 'quote', 2, 'Stored quote.')"
$RP --db "$DB" show --json reply-2@example.com >"$T/r3.json" 2>&1
check_eq "stored blocks: new_text" "$(jget "$T/r3.json" '["new_text"]')" "Stored answer."
check_eq "stored blocks: depth kept" "$(jget "$T/r3.json" '["blocks"][1]["depth"]')" 2
check_eq "stored blocks: marked stored" "$(jget "$T/r3.json" '["segmentation"]')" stored

# Blocks stored by other code (an older rapporteur) are not read, and the next analysis
# drops them: what they said (a sign-off read as text) does not outlive the upgrade.
sqlite3 "$DB" "update meta set value = 'older' where key = 'blocks.code'"
$RP --db "$DB" show --json reply-2@example.com >"$T/r5.json" 2>&1
check_eq "blocks of other code: computed" "$(jget "$T/r5.json" '["segmentation"]')" computed
check "blocks of other code: not what they said" sh -c "! grep -q 'Stored answer' '$T/r5.json'"
sqlite3 "$A" "update meta set value = 'older' where key = 'blocks.code';
	update block set text = 'Stale text.' where kind = 'new';
	delete from meta where key like 'analysis.%'"
$RP --db "$A" points 1 >"$T/a-points" 2>&1
check_eq "the analysis drops blocks of other code" \
	"$(sqlite3 "$A" "select count(*) from block where text = 'Stale text.'") $(grep -c 'Stale text' "$T/a-points")" "0 0"
check_eq "... and records its own" "$(sqlite3 "$A" "select value from meta where key = 'blocks.code'")" "$code"

# Two different messages under one Message-ID are both stored; show says so and --copy
# reaches the second.
printf 'From a@example.org Mon Jan  4 10:00:00 2021\nFrom: A <a@example.org>\nSubject: first\nMessage-ID: <same@example.org>\nDate: Mon, 4 Jan 2021 10:00:00 +0000\n\nThe first text.\n\nFrom b@example.org Mon Jan  4 11:00:00 2021\nFrom: B <b@example.org>\nSubject: second\nMessage-ID: <same@example.org>\nDate: Mon, 4 Jan 2021 11:00:00 +0000\n\nThe second text.\n' >"$T/dup.mbox"
$RP --db "$T/dup.db" import "$T/dup.mbox" >/dev/null 2>&1
check_rc "show a Message-ID two messages share" 0 $RP --db "$T/dup.db" show same@example.org
check "it says there are two" grep -q "^Copy: 1 of 2 different messages with this Message-ID" "$T/out"
check "the first is shown" grep -q "The first text." "$T/out"
check_rc "show --copy 2" 0 $RP --db "$T/dup.db" show --json --copy 2 same@example.org
check_eq "--copy 2: the second message" "$(jget "$T/out" '["new_text"]') $(jget "$T/out" '["copy"]')/$(jget "$T/out" '["copies"]')" "The second text. 2/2"
check_rc "show --copy 3: no such copy" 8 $RP --db "$T/dup.db" show --copy 3 same@example.org
check "it says which copy is missing" grep -q "no copy 3 of Message-ID <same@example.org>" "$T/err"
check_rc "show --copy 0: usage" 2 $RP --db "$T/dup.db" show --copy 0 same@example.org
