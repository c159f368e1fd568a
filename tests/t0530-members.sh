#!/bin/sh
# members: the roster. One person writing from two addresses is one voice once the second
# is an alias; affiliations reach the document; a CSV roster is read whole or not at all.
. tests/lib.sh
DB=$T/db
cat >"$T/list.mbox" <<'MBOX'
From chair@example.org Mon Jun  7 09:00:00 2021
From: Chair <chair@example.org>
To: wg@example.org
Subject: Draft charter for comments
Date: Mon, 07 Jun 2021 09:00:00 +0000
Message-ID: <charter@example.org>

Dear all, here is our draft charter; comments by Friday.

1. Scope

The group works on the remote participation guidelines of the forum.

2. Budget

The group asks the forum for a travel budget of 20,000 euros a year.

From alice@example.org Tue Jun  8 10:00:00 2021
From: Alice Martin <alice@example.org>
To: wg@example.org
Subject: Re: Draft charter for comments
Date: Tue, 08 Jun 2021 10:00:00 +0000
Message-ID: <a1@example.org>
In-Reply-To: <charter@example.org>
References: <charter@example.org>

I support section 1: the scope is right.

From alice@home.example.net Tue Jun  8 20:00:00 2021
From: Alice <alice@home.example.net>
To: wg@example.org
Subject: Re: Draft charter for comments
Date: Tue, 08 Jun 2021 20:00:00 +0000
Message-ID: <a2@example.net>
In-Reply-To: <charter@example.org>
References: <charter@example.org>

Writing from home: I also support section 1 as drafted.

From bob@example.org Wed Jun  9 08:00:00 2021
From: Bob Chen <bob@example.org>
To: wg@example.org
Subject: Re: Draft charter for comments
Date: Wed, 09 Jun 2021 08:00:00 +0000
Message-ID: <b1@example.org>
In-Reply-To: <charter@example.org>
References: <charter@example.org>

I object to section 2: the budget is far too high.
MBOX
$RP --db "$DB" import --list wg "$T/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add --from-message charter@example.org >/dev/null 2>&1
# jx FILE EXPR: a Python expression over the JSON document d
jx() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
supporters() { $RP --db "$DB" consensus --json 1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted([s for s in d["sections"] if s["section"] == "1"][0]["members"]["support"])))'; }
check_eq "without a roster: two addresses, two supporters" "$(supporters)" \
	"alice@example.org alice@home.example.net"
check_rc "members lists the senders who are not members" 0 $RP --db "$DB" members --json
check_eq "four senders, none a member" "$(jx "$T/out" '[len(d["members"]), len(d["others"])]')" "[0, 4]"

check_rc "members add with an alias" 0 $RP --db "$DB" members add Alice@Example.org \
	--name "Alice Martin" --affiliation "Internet Society" --alias alice@home.example.net
check_eq "with the alias: one supporter" "$(supporters)" "alice@example.org"
check_rc "members --json" 0 $RP --db "$DB" members --json
check_eq "the member, lower-cased, with her alias" \
	"$(jx "$T/out" '[(m["address"], m["name"], m["affiliation"], m["aliases"]) for m in d["members"]]')" \
	"[('alice@example.org', 'Alice Martin', 'Internet Society', ['alice@home.example.net'])]"
check_rc "compile --attribution affiliations" 0 $RP --db "$DB" compile 1 --attribution affiliations
check "the affiliation is in the document" grep -q "Internet Society" "$T/out"
check_rc "check by the alias finds her input" 0 $RP --db "$DB" check alice@home.example.net --draft 1
check "check: both of her messages" sh -c "grep -q 'scope is right' '$T/out' && grep -q 'Writing from home' '$T/out'"
check_rc "add keeps what is not given" 0 $RP --db "$DB" members add alice@example.org --affiliation ""
check_eq "name kept, affiliation cleared" "$(sqlite3 "$DB" "select name || '|' || coalesce(affiliation, 'NULL') from member")" "Alice Martin|NULL"

# Refusals: an address two members claim, a non-address, an unknown member.
check_rc "an alias that is another member's alias is refused" 2 $RP --db "$DB" members add bob@example.org --alias alice@home.example.net
check "the refusal names both" grep -q "alice@home.example.net of bob@example.org is already an alias of alice@example.org" "$T/err"
check_eq "and nothing of it was stored" "$(sqlite3 "$DB" "select count(*) from member where address = 'bob@example.org'")" 0
check_rc "a member's address as another's alias is refused" 2 $RP --db "$DB" members add carol@example.org --alias alice@example.org
check_rc "a member at an alias is refused" 2 $RP --db "$DB" members add alice@home.example.net
check_rc "not an address" 2 $RP --db "$DB" members add "Alice Martin"
check_rc "remove an unknown member" 8 $RP --db "$DB" members remove nobody@example.org

# A CSV roster: header in any order, a BOM, quoted commas, aliases split on ; and spaces.
printf '\357\273\277Name,Email,Organisation,Aliases\r\n"Chen, Bob",bob@example.org,"University of Examples, Dept. 2","b.chen@example.net; bob@home.example.net"\r\nAlice Martin,alice@example.org,ISOC,alice@home.example.net\r\n,,,\r\n' >"$T/roster.csv"
check_rc "members import" 0 $RP --db "$DB" members import "$T/roster.csv"
check "it says how many" grep -q "members: 2 set from" "$T/out"
check_rc "members --json" 0 $RP --db "$DB" members --json
check_eq "both members from the CSV" \
	"$(jx "$T/out" '[(m["address"], m["name"], m["affiliation"], m["aliases"]) for m in d["members"]]')" \
	"[('alice@example.org', 'Alice Martin', 'ISOC', ['alice@home.example.net']), ('bob@example.org', 'Chen, Bob', 'University of Examples, Dept. 2', ['b.chen@example.net', 'bob@home.example.net'])]"
check_eq "the one sender left is the chair" "$(jx "$T/out" '[o["address"] for o in d["others"]]')" "['chair@example.org']"

# A broken roster changes nothing, says where it broke, and exits 1 (a problem in the input).
printf 'address,name\ncarol@example.org,Carol\ndave@example.org,"Dave\n' >"$T/broken.csv"
check_rc "a CSV with an unterminated quote" 1 $RP --db "$DB" members import "$T/broken.csv"
check "the error names the file and the row" grep -q "broken.csv: row 3" "$T/err"
check "the error says what is wrong in words (not libcsv's)" grep -q "row 3: not valid CSV: a quote opened and never closed" "$T/err"
check "... and that nothing was imported" grep -q "members: nothing imported" "$T/err"
check_eq "nothing of it was stored" "$(sqlite3 "$DB" "select count(*) from member where address like 'carol%'")" 0
printf 'address,name\ncarol@example.org,Carol\nnot-an-address,Dan\n' >"$T/bad.csv"
check_rc "a CSV row without an address" 1 $RP --db "$DB" members import "$T/bad.csv"
check "the error names the row" grep -q "bad.csv: row 3: 'not-an-address' is not an e-mail address" "$T/err"
check_eq "and the good row before it was not kept" "$(sqlite3 "$DB" "select count(*) from member where address like 'carol%'")" 0
printf 'who,what\nx,y\n' >"$T/nohead.csv"
check_rc "a CSV without an address column" 1 $RP --db "$DB" members import "$T/nohead.csv"
check "the error says so" grep -q "names no address column" "$T/err"
# One member on two rows: the second would silently win.
printf 'email,name\ncarol@example.org,Carol\ndave@example.org,Dave\nCarol@Example.org,Carol D\n' >"$T/dup.csv"
check_rc "a member on two rows: exit 1" 1 $RP --db "$DB" members import "$T/dup.csv"
check "a member on two rows: both rows named" grep -q "dup.csv: row 4: Carol@Example.org is on row 2 already" "$T/err"
check_eq "a member on two rows: nothing stored" "$(sqlite3 "$DB" "select count(*) from member where address like 'carol%' or address like 'dave%'")" 0
# Spreadsheet exports: a BOM before a quoted header, header names written as labels.
printf '\357\273\277"email","name"\r\ngina@example.org,Gina\r\n' >"$T/bom-quoted.csv"
check_rc "a BOM before a quoted header" 0 $RP --db "$DB" members import "$T/bom-quoted.csv"
check_eq "... the member stored" "$(sqlite3 "$DB" "select name from member where address = 'gina@example.org'")" "Gina"
# A spreadsheet in a French or German locale saves "CSV" with semicolons; some export tabs.
printf '\357\273\277E-mail address;Name;Organisation\r\nlea@example.org;L\303\251a Roux;R\303\251seaux, Ruraux\r\n' >"$T/semi.csv"
check_rc "a roster separated by semicolons" 0 $RP --db "$DB" members import "$T/semi.csv"
check_eq "... its columns read" "$(sqlite3 "$DB" "select name || '/' || affiliation from member where address = 'lea@example.org'")" "Léa Roux/Réseaux, Ruraux"
printf 'email\tname\nmax@example.org\tMax Roth\n' >"$T/tab.csv"
check_rc "a roster separated by tabs" 0 $RP --db "$DB" members import "$T/tab.csv"
check_eq "... its columns read" "$(sqlite3 "$DB" "select name from member where address = 'max@example.org'")" "Max Roth"
# label.csv HEADER NAME: a roster with that header; the members import must read both columns
label_case() {
	printf '%s\nhank@example.org,%s\n' "$1" "$2" >"$T/label.csv"
	check_rc "header $1" 0 $RP --db "$DB" members import "$T/label.csv"
	check_eq "... name read" "$(sqlite3 "$DB" "select coalesce(name, '') || '/' || coalesce(affiliation, '') from member where address = 'hank@example.org'")" "$2/"
}
label_case '"Email Address","Name"' "Hank A"
label_case '"E-mail address","Full name"' "Hank B"
label_case 'email_address,Display_Name' "Hank C"
label_case 'MAIL,fullname' "Hank D"
printf 'email,name,org\nivy@example.org,Ivy,ISOC\n' >"$T/org.csv"
check_rc "header org" 0 $RP --db "$DB" members import "$T/org.csv"
check_eq "... the affiliation read" "$(sqlite3 "$DB" "select affiliation from member where address = 'ivy@example.org'")" "ISOC"
# Two columns for one field: which one counts would be a guess.
printf 'email,name,email\njack@example.org,Jack,jack@home.example.net\n' >"$T/twoemail.csv"
check_rc "two address columns: exit 1" 1 $RP --db "$DB" members import "$T/twoemail.csv"
check "... both named" grep -q "twoemail.csv: row 1: columns 1 and 3 both give the address" "$T/err"
check_eq "... nothing stored" "$(sqlite3 "$DB" "select count(*) from member where address like 'jack%'")" 0
printf 'Name,E-mail,Full Name\nkim@example.org,Kim,Kim K\n' >"$T/twoname.csv"
check_rc "two name columns: exit 1" 1 $RP --db "$DB" members import "$T/twoname.csv"
check "... both named" grep -q "row 1: columns 1 and 3 both give the name" "$T/err"
check_rc "members remove" 0 $RP --db "$DB" members remove bob@example.org
check_eq "his aliases went with him" "$(sqlite3 "$DB" "select count(*) from member_alias where alias like '%chen%' or alias like 'bob%'")" 0
check_rc "members import of a missing file" 8 $RP --db "$DB" members import "$T/nosuch.csv"
check "the error names the file" grep -q "nosuch.csv" "$T/err"
check_rc "members add with an unknown option" 2 $RP --db "$DB" members add carol@example.org --team x
check_rc "members with an unknown command" 2 $RP --db "$DB" members rename a@b c@d
