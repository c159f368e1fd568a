#!/bin/sh
# t0547-check-which-draft: `check WHO` without --draft takes the newest draft WHO answered,
# WHO given as a full name, an address or part of a name ("Kwabena", "Li Wei" for a From
# header written "Wei, Li"), not the newest draft anyone discussed, where a member who
# answered only the first version would be told nothing of theirs was found.
. tests/lib.sh
DB=$T/db
cat >"$T/list.mbox" <<'MBOX'
From lena@example.org Mon Mar  1 09:00:00 2027
From: Lena Hoffmann <lena@example.org>
To: policy@lists.example.org
Subject: [policy] Connectivity strategy: draft for comment
Date: Mon, 01 Mar 2027 09:00:00 +0000
Message-ID: <circ1@example.org>

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
In-Reply-To: <circ1@example.org>
References: <circ1@example.org>

I strongly support section 2 on the 5.9 GHz band.

From li@example.org Mon Mar  1 12:00:00 2027
From: "Wei, Li" <li.wei@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: draft for comment
Date: Mon, 01 Mar 2027 12:00:00 +0000
Message-ID: <li1@example.org>
In-Reply-To: <circ1@example.org>
References: <circ1@example.org>

Section 1 should also name rural cooperatives.

From lena@example.org Mon Mar 15 09:00:00 2027
From: Lena Hoffmann <lena@example.org>
To: policy@lists.example.org
Subject: [policy] Connectivity strategy: version 2
Date: Mon, 15 Mar 2027 09:00:00 +0000
Message-ID: <circ2@example.org>

Connectivity strategy

1. Purpose

This paper sets out how the Alliance supports community networks and rural cooperatives.

2. Spectrum

Regulators should open the 5.9 GHz band for licence-exempt outdoor use.

From ana@example.org Mon Mar 15 11:00:00 2027
From: Ana Lima <ana@example.org>
To: policy@lists.example.org
Subject: Re: [policy] Connectivity strategy: version 2
Date: Mon, 15 Mar 2027 11:00:00 +0000
Message-ID: <ana2@example.org>
In-Reply-To: <circ2@example.org>
References: <circ2@example.org>

I support section 1 as revised.
MBOX
$RP --db "$DB" import --list policy "$T/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add --from-message circ1@example.org >/dev/null 2>&1
$RP --db "$DB" draft add --from-message circ2@example.org --revises 1 >/dev/null 2>&1
for who in "Kwabena Osei" kw@example.org Kwabena osei; do
	check_rc "check '$who' without --draft" 0 "$RP" --db "$DB" check "$who"
	check "... is on draft 1, the one Kwabena answered" grep -q "^Check for Kwabena Osei <kw@example.org> on draft 1," "$T/out"
done
check_rc "check 'Li Wei' (From: \"Wei, Li\") without --draft" 0 "$RP" --db "$DB" check "Li Wei"
check "... is on draft 1" grep -q "^Check for Li Wei <li.wei@example.org> on draft 1," "$T/out"
check_rc "check Ana without --draft" 0 "$RP" --db "$DB" check Ana
check "... is on draft 2, the one Ana answered" grep -q "^Check for Ana Lima <ana@example.org> on draft 2," "$T/out"
# A name nobody wrote under is not found.
check_rc "check Zed, whom nobody is called: not found" 8 "$RP" --db "$DB" check Zed
