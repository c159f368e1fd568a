#!/bin/sh
# t0545-check-reminders: a coordinator's reminder of the deadline ("please send any remaining
# comments by then") gives no comment, so `check` shows it as nothing to capture rather than
# NOT CAPTURED (exit 0); a reply that asks a question or comments stays a captured point, and
# a reply whose text the analysis cannot use is still reported as not captured. A reply
# delivered twice (the list's copy and one sent directly, with one Message-ID) is read
# once: its second copy (the list's, its sender rewritten for DMARC and its Date a few
# seconds on, so both are stored) is shown as such, not as NOT CAPTURED. The same comments
# sent again the next day under another Message-ID ("Resending, as my first mail seems not
# to have reached the list", the lines wrapped anew) are read once too, from the first; a
# reply to that copy agrees with what the first said.
. tests/lib.sh
DB=$T/db
cat >"$T/list.mbox" <<'MBOX'
From lena@example.org Mon Mar  1 09:00:00 2027
From: Lena Hoffmann <lena@example.org>
To: policy@lists.example.org
Subject: [policy] Connectivity strategy: draft for comment
Date: Mon, 01 Mar 2027 09:00:00 +0000
Message-ID: <circ@example.org>

Connectivity strategy

1. Purpose

This paper sets out how the Alliance supports community networks.

2. Spectrum

Regulators should open the 5.9 GHz band for licence-exempt outdoor use.

From kw@example.org Mon Mar  1 11:00:00 2027
From: Kwabena Osei <kw@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Mon, 01 Mar 2027 11:00:00 +0000
Message-ID: <kw1@example.org>
In-Reply-To: <circ@example.org>
References: <circ@example.org>

I strongly support section 2 on the 5.9 GHz band.

From policy@lists.example.org Mon Mar  1 11:00:00 2027
Delivered-To: lena@example.org
From: Kwabena Osei via policy <policy@lists.example.org>
X-Original-From: Kwabena Osei <kw@example.org>
Reply-To: Kwabena Osei <kw@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Mon, 01 Mar 2027 11:00:05 +0000
Message-ID: <kw1@example.org>
In-Reply-To: <circ@example.org>
References: <circ@example.org>

I strongly support section 2 on the 5.9 GHz band.

From kw@example.org Tue Mar  2 08:00:00 2027
From: Kwabena Osei <kw@example.org>
To: policy@lists.example.org
Subject: [policy] Connectivity strategy: draft for comment
Date: Tue, 02 Mar 2027 08:00:00 +0000
Message-ID: <kw2@example.org>

Resending, as my first mail seems not to have reached the list.

I strongly support section 2
on the 5.9 GHz band.

From jo@example.org Wed Mar  3 08:00:00 2027
From: Jo Park <jo@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Wed, 03 Mar 2027 08:00:00 +0000
Message-ID: <jo1@example.org>
In-Reply-To: <kw2@example.org>
References: <kw2@example.org>

I agree with the previous speaker.

From lena@example.org Thu Mar 11 09:00:00 2027
From: Lena Hoffmann <lena@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Thu, 11 Mar 2027 09:00:00 +0000
Message-ID: <circ-2@example.org>
In-Reply-To: <circ@example.org>
References: <circ@example.org>

Thanks all for the comments so far. A reminder that the deadline is Monday 15 March;
please send any remaining comments by then.

Lena

From ana@example.org Fri Mar 12 09:00:00 2027
From: Ana Lopez <ana@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Fri, 12 Mar 2027 09:00:00 +0000
Message-ID: <ana1@example.org>
In-Reply-To: <circ-2@example.org>
References: <circ@example.org> <circ-2@example.org>

Please send your comments on section 1 to me as well: I think the purpose is too narrow
and should name small operators.

From lena@example.org Sat Mar 13 09:00:00 2027
From: Lena Hoffmann <lena@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Sat, 13 Mar 2027 09:00:00 +0000
Message-ID: <circ-3@example.org>
In-Reply-To: <ana1@example.org>
References: <circ@example.org> <circ-2@example.org> <ana1@example.org>

Thank you, Ana. We will circulate a revised draft in April with all comments integrated.

Lena

From tomas@example.org Mon Mar 15 08:00:00 2027
From: Tomas Berg <tomas@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Mon, 15 Mar 2027 08:00:00 +0000
Message-ID: <tomas1@example.org>
In-Reply-To: <circ-2@example.org>
References: <circ@example.org> <circ-2@example.org>

Thanks Lena. I will send a revised version of our input tomorrow.

The deadline has passed for us too, sorry: section 2 says nothing of the 60 GHz band.

Tomas

From ines@example.org Mon Mar 15 09:00:00 2027
From: Ines Alvarez <ines@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Mon, 15 Mar 2027 09:00:00 +0000
Message-ID: <ines1@example.org>
In-Reply-To: <circ@example.org>
References: <circ@example.org>

We will share our conversion cost figures, which are far higher than the draft assumes.

We will post the survey results on version 2 uptake, which was very low.

Ines

MBOX
$RP --db "$DB" import --list policy "$T/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add --from-message circ@example.org >/dev/null 2>&1
check_rc "check: the coordinator's reminder is nothing to capture (exit 0)" 0 \
	"$RP" --db "$DB" check lena@example.org
check "... said so" grep -q "asks for comments and gives none: nothing to capture" "$T/out"
check "... and not counted as uncaptured" sh -c "! grep -q 'NOT CAPTURED' '$T/out'"
# Announcing the next version gives no comment either, and asks for none.
check "the next version announced: said so, not taken for a request" \
	grep -q "speaks of the process (the round closed, the next version) and gives no comment: nothing to capture; not counted" "$T/out"
"$RP" --db "$DB" points 1 >"$T/lena-pts" 2>&1
check "... and no point in the document" sh -c "! grep -q 'revised draft in April' '$T/lena-pts'"
"$RP" --db "$DB" check lena@example.org --json >"$T/lena.json"
check_eq "check --json: the reminder is not counted" \
	"$(jget "$T/lena.json" '["points"][1]["unrelated"], d["points"][2]["unrelated"]')" "(True, True)"
check_eq "... which is no point of the document, while comments that happen to hold a version word are" \
	"$("$RP" --db "$DB" points --json 1 | python3 -c 'import json,sys; print(sorted(p["message_id"] for p in json.load(sys.stdin)["points"]))')" \
	"['ana1@example.org', 'ines1@example.org', 'ines1@example.org', 'jo1@example.org', 'kw1@example.org', 'tomas1@example.org']"
check_eq "... whereas a member's comment after the deadline is one, beside what they will send" \
	"$("$RP" --db "$DB" points --json 1 | python3 -c 'import json,sys; print([p["text"][:16] for p in json.load(sys.stdin)["points"] if p["message_id"] == "tomas1@example.org"])')" \
	"['The deadline has']"
check_rc "check: a comment that also asks for comments is captured" 0 \
	"$RP" --db "$DB" check ana@example.org
check "... as a point" grep -q "^ok .*ana1@example.org" "$T/out"
check_rc "check: a reply delivered twice is captured once, exit 0" 0 \
	"$RP" --db "$DB" check kw@example.org
check "... its second copy said so" grep -q "^--  .*kw1@example.org" "$T/out"
check "... in words a member reads" grep -q "a second copy of the same message (delivered twice): read once; not counted" "$T/out"
check "... and not counted" grep -q "^1 of 1 captured" "$T/out"
check "the same comments sent again: shown as such" grep -q "^--  2027-03-02 <kw2@example.org>" "$T/out"
check "... read once, from the first" \
	grep -q "the same comments sent again on 2027-03-02: read once, from the first, <kw1@example.org>; not counted" "$T/out"
"$RP" --db "$DB" check kw@example.org --json >"$T/kw.json"
check_eq "check --json: the second copy and the repost are marked duplicate, not uncaptured" \
	"$(jget "$T/kw.json" '["uncaptured"], [(p["message_id"], p.get("duplicate", False)) for p in d["points"]]')" \
	"(0, [('kw1@example.org', False), ('kw1@example.org', True), ('kw2@example.org', True)])"
check_rc "check: agreeing with the copy sent again" 0 "$RP" --db "$DB" check jo@example.org
check "... agrees with what the first copy said, on its section" \
	grep -q "captured in section 2, .*understood as support (agrees with the previous speaker, Kwabena Osei)" "$T/out"
check_eq "... its reason recorded, and no point of the document from it" \
	"$("$RP" --db "$DB" points --json --excluded 1 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sorted(set(p.get("reason") or "" for p in d.get("excluded", []) if p.get("message_id") == "kw2@example.org")))')" \
	"['repost of an earlier message (kw1@example.org)']"
