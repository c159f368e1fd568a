#!/bin/sh
# A draft whose headings carry no numbers (a Markdown draft: "## Background"): every output
# names an unnumbered section by its heading and the text before the first heading
# "preamble", so neither is confused with the general comments, and `set section=` takes
# those names.
. tests/lib.sh
DB=$T/db
cat >"$T/list.mbox" <<'MBOX'
From chair@example.org Mon Jun  7 09:00:00 2021
From: Chair <chair@example.org>
To: wg@example.org
Subject: Draft plan for comments
Date: Mon, 07 Jun 2021 09:00:00 +0000
Message-ID: <plan@example.org>

Dear all, here is our draft plan; comments by Friday.

# Our plan for next year

This plan sets out how the working group will organise its meetings and
its money during the coming year.

## Background

The group met four times last year, always online, and most members
asked for at least one meeting in person.

## Proposals

We propose to hold two meetings in person, one in spring and one in
autumn, hosted by members in turn.

## Funding

Travel support will be offered to members from developing countries.

From alice@example.org Tue Jun  8 10:00:00 2021
From: Alice <alice@example.org>
To: wg@example.org
Subject: Re: Draft plan for comments
Date: Tue, 08 Jun 2021 10:00:00 +0000
Message-ID: <a1@example.org>
In-Reply-To: <plan@example.org>
References: <plan@example.org>

> We propose to hold two meetings in person, one in spring and one in
> autumn, hosted by members in turn.

I support this: two meetings in person are exactly what we need.

From bob@example.org Tue Jun  8 11:00:00 2021
From: Bob <bob@example.org>
To: wg@example.org
Subject: Re: Draft plan for comments
Date: Tue, 08 Jun 2021 11:00:00 +0000
Message-ID: <b1@example.org>
In-Reply-To: <plan@example.org>
References: <plan@example.org>

> Travel support will be offered to members from developing countries.

I object to this sentence: the budget cannot pay for travel support.

> This plan sets out how the working group will organise its meetings and
> its money during the coming year.

Could you clarify who approves the plan?

From carol@example.org Wed Jun  9 08:00:00 2021
From: Carol <carol@example.org>
To: wg@example.org
Subject: Re: Draft plan for comments
Date: Wed, 09 Jun 2021 08:00:00 +0000
Message-ID: <c1@example.org>
In-Reply-To: <plan@example.org>
References: <plan@example.org>

One general remark: thanks for all the work, everyone.
MBOX
$RP --db "$DB" import --list wg "$T/list.mbox" >/dev/null 2>&1
check_rc "draft add from the circulating message" 0 \
	$RP --db "$DB" draft add --from-message plan@example.org
check_eq "four sections, none numbered" \
	"$(sqlite3 "$DB" 'select count(*) from section where number is null')" 4

check_rc "points --json" 0 $RP --db "$DB" points --json 1
cp "$T/out" "$T/p.json"
# pt TEXT -> the sections of the first point containing TEXT
pt() {
	python3 - "$T/p.json" "$1" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    if sys.argv[2] in p["text"]:
        print(",".join(a["section"] for a in p["anchors"]))
        break
PY
}
check_eq "points: an unnumbered section by its heading" "$(pt 'I support this')" "Proposals"
check_eq "points: the text before the first heading is the preamble" \
	"$(pt 'who approves the plan')" "preamble"
check_eq "points: general comments stay general" "$(pt 'thanks for all the work')" "general"

check_rc "consensus --json" 0 $RP --db "$DB" consensus --json 1
cp "$T/out" "$T/c.json"
check_eq "consensus: sections by heading, the preamble, general last" \
	"$(python3 -c 'import json,sys; print(" | ".join(s["section"] for s in json.load(open(sys.argv[1]))["sections"]))' "$T/c.json")" \
	"preamble | Background | Proposals | Funding | general"
check_eq "consensus: Bob's objection is on Funding" \
	"$(jget "$T/c.json" '["sections"][3]["members"]["object"]')" "['bob@example.org']"
check_rc "consensus text" 0 $RP --db "$DB" consensus 1
check "consensus text: the preamble is named, not called general comments" \
	grep -q "^preamble: " "$T/out"
check "consensus text: a heading stands alone" grep -q "^Funding: " "$T/out"

check_rc "compile --format json" 0 $RP --db "$DB" compile --format json 1
cp "$T/out" "$T/r.json"
check_eq "matrix rows name their section" \
	"$(python3 -c 'import json,sys; print(sorted({r["section"] or "general" for r in json.load(open(sys.argv[1]))["matrix"]}))' "$T/r.json")" \
	"['Funding', 'Proposals', 'general', 'preamble']"
check_eq "participants list the sections they commented on" \
	"$(python3 -c 'import json,sys; print([p["sections"] for p in json.load(open(sys.argv[1]))["participants"] if p["address"] == "bob@example.org"])' "$T/r.json")" \
	"[['preamble', 'Funding']]"
check_rc "check --json bob" 0 $RP --db "$DB" check bob@example.org --draft 1 --json
check "check: captured under Funding" python3 -c '
import json, sys
pts = json.load(open(sys.argv[1]))["points"]
sys.exit(0 if any(p["where"] and p["where"]["section"] == "Funding" for p in pts) else 1)' "$T/out"

# set section= takes a heading (any case) and "preamble"; an unknown name is refused.
id=$(python3 -c 'import json,sys; print([p["id"] for p in json.load(open(sys.argv[1]))["points"] if "who approves" in p["text"]][0])' "$T/p.json")
check_rc "set section=background" 0 $RP --db "$DB" set "$id" section=background
check_rc "points after the decision" 0 $RP --db "$DB" points --json 1
cp "$T/out" "$T/p.json"
check_eq "the point moved to Background" "$(pt 'who approves the plan')" "Background"
check_rc "set section=Preamble" 0 $RP --db "$DB" set "$id" section=Preamble
check_rc "points after the second decision" 0 $RP --db "$DB" points --json 1
cp "$T/out" "$T/p.json"
check_eq "the point is back in the preamble" "$(pt 'who approves the plan')" "preamble"
check_rc "set section=Nowhere is refused" 2 $RP --db "$DB" set "$id" section=Nowhere
check "the refusal names the section" grep -q "no section 'Nowhere'" "$T/err"

# Two unnumbered sections with one heading: set cannot tell them apart and says so; a
# decision naming them (imported, or set before the draft changed) anchors to the first.
sqlite3 "$DB" "INSERT INTO section(draft, ordinal, number, heading, text)
	SELECT 1, max(ordinal) + 1, NULL, 'Background', 'A second background, added in an annex.' FROM section WHERE draft = 1"
check_rc "set section= naming two sections is refused" 2 $RP --db "$DB" set "$id" section=Background
check "the refusal says why" grep -q "2 sections named 'Background'" "$T/err"
sqlite3 "$DB" "UPDATE decision SET value = 'Background' WHERE key = 'section'"
check_rc "points with a decision naming two sections" 0 $RP --db "$DB" points --json 1
cp "$T/out" "$T/p.json"
check_eq "the point is anchored once, not to both" "$(pt 'who approves the plan')" "Background"
