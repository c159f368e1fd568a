#!/bin/sh
# t0700-report: `compile` in every format and `check` on the constructed store of
# fixtures/report/store.sql, compared with the golden files beside it (regenerate them with
# RP_UPDATE_GOLDEN=1 and read the diff before committing); output files, exit codes, escaping,
# and the HTML opened in headless Chromium when it is installed.
. tests/lib.sh
G=$FIX/report
DB=$T/rp.db

new_store "$DB"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read()); c.commit()' \
	"$DB" "$G/store.sql"
check "fixture store loaded" test -s "$DB"

golden() { # golden DESC FILE GOT
	if [ "${RP_UPDATE_GOLDEN:-}" = 1 ]; then cp "$3" "$G/$2"; fi
	if cmp -s "$3" "$G/$2"; then ok "$1"; else notok "$1"; diff -u "$G/$2" "$3" | head -20 | sed 's/^/#   /'; fi
}

for f in markdown:expected.md html:expected.html json:expected.json email:expected.eml csv:expected.csv; do
	fmt=${f%%:*}
	file=${f#*:}
	"$RP" --db "$DB" compile 1 --no-analyse --format "$fmt" --from secretariat@example.org \
		--to wg-remote@lists.example.org >"$T/out.$fmt" 2>"$T/err"
	check_eq "compile --format $fmt exits 0" "$?" 0
	golden "compile --format $fmt matches $file" "$file" "$T/out.$fmt"
done
# A note set with `set POINT note=TEXT` reaches every form of the comment matrix (it was
# stored but never shown).
cp "$DB" "$T/note.db"
"$RP" --db "$T/note.db" set 106 note="Merged into the summary of 2.2" >/dev/null 2>&1
"$RP" --db "$T/note.db" compile 1 --no-analyse --format json >"$T/note.json" 2>/dev/null
check_eq "set note=: the JSON matrix row carries the note" \
	"$(python3 -c 'import json,sys; print([r["note"] for r in json.load(open(sys.argv[1]))["matrix"] if r["id"] == 106][0])' "$T/note.json")" \
	"Merged into the summary of 2.2"
for fmt in markdown html csv; do
	"$RP" --db "$T/note.db" compile 1 --no-analyse --format $fmt >"$T/note.$fmt" 2>/dev/null
	check "set note=: the $fmt matrix shows the note" grep -q "Merged into the summary of 2.2" "$T/note.$fmt"
done
"$RP" --db "$DB" compile "Guidelines for Remote Participation" --no-analyse --attribution none >"$T/anon.md"
golden "compile --attribution none (by title) matches expected-anon.md" expected-anon.md "$T/anon.md"
check "Chatham House: no name in the document" sh -c "! grep -q -e Alice -e 'Bob Chen' -e 'Example Corp' '$T/anon.md'"
# A Message-ID often names its writer (alice-1@example.org): none is cited in any format.
check "Chatham House: no Message-ID of a reply in the document" sh -c "! grep -q -e 'alice-1' -e 'bob-1' -e 'mid:' '$T/anon.md'"
for fmt in html json csv email; do
	"$RP" --db "$DB" compile 1 --no-analyse --attribution none --format $fmt >"$T/anon.$fmt" 2>/dev/null
	check "Chatham House ($fmt): no Message-ID of a reply" sh -c "! grep -q -e 'alice-1' -e 'bob-1' -e 'carol-1' -e 'dave-1' '$T/anon.$fmt'"
	check "Chatham House ($fmt): no name" sh -c "! grep -q -e Alice -e 'Bob Chen' '$T/anon.$fmt'"
done

# Members write to each other by the name they sign with, which their From header may not
# hold: Oluwaseun signs "Seun", and "Thank you Seun" would name him under Chatham House.
cat >"$T/signoff.mbox" <<'MBOX'
From sec@wg.example Mon Mar  4 09:00:00 2024
From: Sec Retariat <sec@wg.example>
Subject: [wg] Draft charter for review
Date: Mon, 4 Mar 2024 09:00:00 +0000
Message-ID: <so-call@wg.example>
List-Id: <wg.lists.example>

Please find below the draft charter. Comments by Friday please.

# Charter of the Widgets Working Group

## 1. Scope

The working group develops interoperable widget formats for public archives.

## 2. Membership

Membership is open to any organisation that deposits widgets in a public archive.

From seun@wg.example Tue Mar  5 09:00:00 2024
From: Oluwaseun Adeyemi <seun@wg.example>
Subject: Re: [wg] Draft charter for review
Date: Tue, 5 Mar 2024 09:00:00 +0000
Message-ID: <so-1@wg.example>
In-Reply-To: <so-call@wg.example>
List-Id: <wg.lists.example>

Section 1 should name the regional archive networks.

Best regards,
Seun

From kenji@wg.example Wed Mar  6 09:00:00 2024
From: Kenji Tanaka <kenji@wg.example>
Subject: Re: [wg] Draft charter for review
Date: Wed, 6 Mar 2024 09:00:00 +0000
Message-ID: <so-2@wg.example>
In-Reply-To: <so-1@wg.example>
List-Id: <wg.lists.example>

Thank you Seun. Yes, section 1 should name the regional networks.

Kenji

From ana@wg.example Wed Mar  6 10:00:00 2024
From: Ana Lima <ana@wg.example>
Subject: Re: [wg] Draft charter for review
Date: Wed, 6 Mar 2024 10:00:00 +0000
Message-ID: <so-3@wg.example>
In-Reply-To: <so-call@wg.example>
List-Id: <wg.lists.example>

Section 2 is fine by me. Many members will read it differently, though.

Many thanks

From bo@wg.example Wed Mar  6 11:00:00 2024
From: Bo Berg <bo@wg.example>
Subject: Re: [wg] Draft charter for review
Date: Wed, 6 Mar 2024 11:00:00 +0000
Message-ID: <so-4@wg.example>
In-Reply-To: <so-call@wg.example>
List-Id: <wg.lists.example>

I support section 2. Kind of long though.

Kind regards

MBOX
SO=$T/signoff.db
"$RP" --db "$SO" import --list wg "$T/signoff.mbox" >/dev/null 2>&1
"$RP" --db "$SO" draft add --from-message so-call@wg.example --body >/dev/null 2>&1
for fmt in markdown html json csv email; do
	"$RP" --db "$SO" compile 1 --attribution none --format $fmt >"$T/so.$fmt" 2>/dev/null
	check "Chatham House ($fmt): the name a member signs with is withheld" \
		sh -c "grep -q 'Yes, section 1 should name' '$T/so.$fmt' && ! grep -q -e Seun -e Kenji '$T/so.$fmt'"
	check "... while a sign-off without a name ('Many thanks', 'Kind regards') withholds no word ($fmt)" \
		sh -c "grep -q 'Many members will read it' '$T/so.$fmt' && grep -q 'Kind of long' '$T/so.$fmt'"
done

# Deterministic: a second run gives the same bytes.
"$RP" --db "$DB" compile 1 --no-analyse --format html >"$T/again.html"
check "compile is deterministic" cmp -s "$T/again.html" "$T/out.html"

# -o writes a 0644 file whatever the umask.
(umask 077; "$RP" --db "$DB" compile 1 --no-analyse --format json -o "$T/r.json")
check_eq "-o FILE is created 0644" "$(stat -c %a "$T/r.json" 2>/dev/null)" 644
check "-o FILE holds the JSON" cmp -s "$T/r.json" "$G/expected.json"
# A file that exists keeps its mode: a private document stays private, a device is left alone.
: >"$T/private.md"
chmod 600 "$T/private.md"
"$RP" --db "$DB" compile 1 --no-analyse --attribution none -o "$T/private.md"
check_eq "-o an existing 0600 file: still 0600" "$(stat -c %a "$T/private.md")" 600
check "-o an existing file: the document is written" grep -q "Chatham House" "$T/private.md"
if [ "$(id -u)" = 0 ] && mknod -m 666 "$T/null" c 1 3 2>/dev/null; then
	check_rc "-o a character device: written" 0 "$RP" --db "$DB" compile 1 --no-analyse -o "$T/null"
	check_eq "-o a character device: its mode untouched" "$(stat -c %a "$T/null")" 666
fi
check_rc "-o '': usage error" 2 "$RP" --db "$DB" compile 1 --no-analyse -o ''
check "-o '': says the name is empty" grep -q "empty file name" "$T/err"
# -o naming the database or a file SQLite keeps beside it: refused, the store intact.
dbsum=$(md5sum <"$DB")
for out in "$DB" "$DB-wal" "$DB-journal" "$(dirname "$DB")/./$(basename "$DB")"; do
	check_rc "-o the database ($(basename "$out")): usage error" 2 "$RP" --db "$DB" compile 1 --no-analyse -o "$out"
	check "... says it is the database" grep -q "that is the database" "$T/err"
done
ln -s "$DB" "$T/link-to-db"
check_rc "-o a link to the database: usage error" 2 "$RP" --db "$DB" compile 1 --no-analyse -o "$T/link-to-db"
check "... the database unchanged" [ "$(md5sum <"$DB")" = "$dbsum" ] && [ ! -e "$DB-journal" ]
# -o through a symbolic link replaces the file it names and keeps the link.
: >"$T/target.md"
ln -s "$T/target.md" "$T/link.md"
check_rc "-o a link to a document: written" 0 "$RP" --db "$DB" compile 1 --no-analyse -o "$T/link.md"
check "... the link is kept, its file holds the document" sh -c "[ -L '$T/link.md' ] && grep -q 'Chatham House\|#' '$T/target.md'"
# A full disk: the previous document stays whole, and nothing is left beside it.
if [ "$(id -u)" = 0 ] && mkdir "$T/small" && mount -t tmpfs -o size=64k tmpfs "$T/small" 2>/dev/null; then
	at_exit "umount '$T/small' 2>/dev/null"
	echo "OLD DOCUMENT" >"$T/small/keep.html"
	head -c 60000 /dev/zero >"$T/small/fill" 2>/dev/null
	check_rc "-o on a full disk: exit 9" 9 "$RP" --db "$DB" compile 1 --no-analyse --format html -o "$T/small/keep.html"
	check "... says the disk is full" grep -q "No space left on device" "$T/err"
	check_eq "... the previous document is intact" "$(cat "$T/small/keep.html")" "OLD DOCUMENT"
	check_eq "... no temporary file left" "$(ls -A "$T/small" | tr '\n' ' ')" "fill keep.html "
	umount "$T/small"
fi
check_eq "JSON schema_version" "$(jget "$T/r.json" '["schema_version"]')" 1
check_eq "JSON bullet members" "$(jget "$T/r.json" '["sections"][0]["bullets"][0]["members"]')" "['Alice Martin', 'Bob Chen']"

# Archive links replace mid: URIs; a javascript: template is refused.
"$RP" --db "$DB" compile 1 --no-analyse --format html --archive-url 'https://lists.example.org/arch/%s' >"$T/arch.html"
check "archive template used for links" grep -q 'href="https://lists.example.org/arch/bob-1@example.net"' "$T/arch.html"
check "no mid: link left with a template" sh -c "! grep -q 'href=\"mid:' '$T/arch.html'"
check_rc "javascript: template refused" 2 "$RP" --db "$DB" compile 1 --no-analyse --archive-url 'javascript:%s'
check_rc "unknown format is a usage error" 2 "$RP" --db "$DB" compile 1 --format pdf
check "unknown format: says which and the formats" grep -q "'pdf' is not a format (markdown, html, json, email, csv)" "$T/err"
check_rc "unknown attribution is a usage error" 2 "$RP" --db "$DB" compile 1 --attribution foo
check "unknown attribution: says which and the choices" grep -q "'foo' is not an attribution (names, affiliations, none)" "$T/err"
check_rc "compile without a draft" 2 "$RP" --db "$DB" compile --no-analyse
check "compile without a draft: asks which" grep -q "which draft?" "$T/err"
check_rc "unknown draft" 8 "$RP" --db "$DB" compile 42 --no-analyse

# HTML hygiene: nothing executable, message text escaped.
check "HTML has no script element" sh -c "! grep -qi '<script' '$T/out.html'"
check "HTML escapes the hostile point" grep -q '&lt;script&gt;alert(&quot;x&quot;)' "$T/out.html"

# check: fully captured, partly captured, unknown; JSON and HTML receipt.
check_rc "check: Alice fully captured exits 0" 0 "$RP" --db "$DB" check alice@example.org --no-analyse
check_rc "check: Carol partly captured exits 1" 1 "$RP" --db "$DB" check carol@example.com --no-analyse
golden "check Carol matches check-carol.txt" check-carol.txt "$T/out"
check_rc "check: unknown member exits 8" 8 "$RP" --db "$DB" check nobody@example.org --no-analyse
# A member asks with part of their name, in any case, or with the address as a header
# shows it: the participant whose name holds those words (it said "nothing from 'bob'").
"$RP" --db "$DB" check "Bob Chen" --no-analyse >"$T/bob-full.txt" 2>&1
check_rc "check by first name, lower case" 0 "$RP" --db "$DB" check bob --no-analyse
check "check by first name: the same check as by full name" cmp -s "$T/out" "$T/bob-full.txt"
check_rc "check by family name" 0 "$RP" --db "$DB" check chen --no-analyse
check "check by family name: the same check" cmp -s "$T/out" "$T/bob-full.txt"
# A name typed without quotes arrives as two words: the same member.
check_rc "check Bob Chen, unquoted" 0 "$RP" --db "$DB" check Bob Chen --no-analyse
check "check Bob Chen, unquoted: the same check" cmp -s "$T/out" "$T/bob-full.txt"
check_rc "check --json --html: a usage error" 2 "$RP" --db "$DB" check bob --json --html --no-analyse
check "... saying so" grep -q "json and --html exclude each other" "$T/err"
bob_addr=$(sqlite3 "$DB" "select from_addr from message where from_name = 'Bob Chen' limit 1")
check_rc "check <address>, brackets and all" 0 "$RP" --db "$DB" check "<$bob_addr>" --no-analyse
check "check <address>: the same check" cmp -s "$T/out" "$T/bob-full.txt"
# Two participants share the word: the user is asked to choose, both named.
cp "$DB" "$T/two.db"
sqlite3 "$T/two.db" "UPDATE message SET from_name = 'Carol Chen' WHERE from_name = 'Carol Diaz'"
check_rc "a word two names share: usage error (exit 2)" 2 "$RP" --db "$T/two.db" check chen --no-analyse
check "it names both" sh -c "grep -q \"'chen' could be .*Bob Chen <.*Carol Chen <\" '$T/err'"
# Two people share a full name (different addresses, then different affiliations too):
# the exact name picks neither; both are named, with their affiliations, and the address
# is asked for. It used to check one of them silently.
cp "$DB" "$T/same.db"
sqlite3 "$T/same.db" "UPDATE message SET from_name = 'Bob Chen' WHERE from_name = 'Carol Diaz'"
check_rc "a full name two people share: usage error (exit 2)" 2 "$RP" --db "$T/same.db" check "Bob Chen" --no-analyse
check "it names both and asks for the address" sh -c "grep -q \"'Bob Chen' could be Bob Chen <bob@example.net> (University of Examples), Bob Chen <carol@example.com>: give the address\" '$T/err'"
check "... and checks neither" test ! -s "$T/out"
check_rc "in any case: still both" 2 "$RP" --db "$T/same.db" check "BOB CHEN" --no-analyse
sqlite3 "$T/same.db" "INSERT INTO member(address, name, affiliation) VALUES ('carol@example.com', 'Bob Chen', 'Example Labs')"
check_rc "a shared name, both in the member table: exit 2" 2 "$RP" --db "$T/same.db" check "Bob Chen" --no-analyse
check "each with their affiliation" grep -q "Bob Chen <bob@example.net> (University of Examples), Bob Chen <carol@example.com> (Example Labs): give the address" "$T/err"
check_rc "part of a name both hold: exit 2" 2 "$RP" --db "$T/same.db" check chen --no-analyse
check "... asking for the address, the full name being no help" grep -q "'chen' could be Bob Chen <bob@example.net> (University of Examples), Bob Chen <carol@example.com> (Example Labs): give the address$" "$T/err"
check_rc "the address still checks the second Bob Chen" 1 "$RP" --db "$T/same.db" check carol@example.com --no-analyse
check "... as Bob Chen of Example Labs" grep -q "^Check for Bob Chen <carol@example.com>" "$T/out"
# A member's aliases are one person: Bob writing as Bob Chen from his member address and
# from his alias is not two people (exit 0: the message taken over, an off-topic one, is not
# about the draft and so not counted as uncaptured).
cp "$DB" "$T/alias.db"
sqlite3 "$T/alias.db" "UPDATE message SET from_name = 'Bob Chen', from_addr = 'BOB@example.net' WHERE message_id = 'erin-1@example.org'"
check_rc "a name written from a member's address and alias: one person" 0 "$RP" --db "$T/alias.db" check "Bob Chen" --no-analyse
check "... checked under the member's address, both messages" sh -c "grep -q '^Check for Bob Chen <bob@example.net>' '$T/out' && grep -q 'erin-1@example.org' '$T/out' && grep -q 'bob-1@example.net' '$T/out'"
# Names are typed without their accents or capitals: "diaz" finds Carol Díaz, and "DÍAZ" too.
cp "$DB" "$T/accent.db"
sqlite3 "$T/accent.db" "UPDATE message SET from_name = 'Carol Díaz' WHERE from_name = 'Carol Diaz'"
"$RP" --db "$T/accent.db" check "Carol Díaz" --no-analyse >"$T/carol-full.txt" 2>&1
carol_rc=$?
check "check by full name with its accent" grep -q "Carol Díaz" "$T/carol-full.txt"
for who in diaz DÍAZ "carol diaz"; do
	check_rc "check '$who' finds Carol Díaz" $carol_rc "$RP" --db "$T/accent.db" check "$who" --no-analyse
	check "check '$who': the same check as by full name" cmp -s "$T/out" "$T/carol-full.txt"
done
"$RP" --db "$DB" check --json "Bob Chen" --draft 1 --no-analyse >"$T/bob.json"
golden "check --json by name matches check-bob.json" check-bob.json "$T/bob.json"
check_eq "check --json: captured flag" "$(jget "$T/bob.json" '["points"][1]["captured"]')" True
check_eq "check --json: where" "$(jget "$T/bob.json" '["points"][1]["where"]["section"]')" 2.2
"$RP" --db "$DB" check --html carol@example.com --no-analyse >"$T/receipt.html"
golden "check --html receipt matches receipt-carol.html" receipt-carol.html "$T/receipt.html"

# The HTML in a real browser: it must load and paint (a screenshot is written).
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	echo "ok - # SKIP chromium not installed (apt-get install -y chromium)"
else
	prof=$(mktemp -d "$T/chrome.XXXXXX")
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$prof" \
		--window-size=1000,1800 --screenshot="$T/shot.png" "file://$T/out.html" >/dev/null 2>&1
	check "chromium renders the HTML to a PNG screenshot" sh -c "test -s '$T/shot.png' && head -c 8 '$T/shot.png' | grep -q PNG"
	[ -z "${RP_KEEP_SCREENSHOT:-}" ] || cp "$T/shot.png" "$RP_KEEP_SCREENSHOT"
fi
