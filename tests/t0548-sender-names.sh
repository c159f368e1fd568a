#!/bin/sh
# Names in the text outputs: a sender whose mail client writes "Last, First" ("Wei, Li", as
# directory services do) is "Li Wei" in points, consensus, threads, members and votes, as the
# consolidated document names her; a roster's name is shown as the secretariat typed it
# (even "Martin, Alice"), and an organisation's "Acme, Inc." is left alone. JSON keeps the
# names as stored.
. tests/lib.sh
PYTHONPATH=tests python3 - "$T/s" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply('"Wei, Li" <li.wei@a.example>', "w1@a.example", ml.CIRC,
             "I object to section 2: many members join by phone and cannot use the chat.\n"),
    ml.reply('"Acme, Inc." <info@acme.example>', "c1@acme.example", ml.CIRC,
             "We support section 3 as written.\n"),
    ml.reply('"Martin, Alice" <alice@a.example>', "a1@a.example", ml.CIRC,
             "I support section 1.\n"),
    ml.reply('"Stone, Bob" <bob@a.example>', "b1@a.example", ml.CIRC,
             "I support section 1 too.\n"),
    ml.message("Sec <sec@list.example>", "v1@list.example", "Please vote.\n\n[ ] +1\n[ ] 0\n[ ] -1\n",
               "[VOTE] Adopt the guidelines"),
    ml.message('"Wei, Li" <li.wei@a.example>', "v2@a.example", "+1\n",
               "Re: [VOTE] Adopt the guidelines", "v1@list.example"),
    ml.message('"Stone, Bob" <bob@a.example>', "v3@a.example", "-1\n",
               "Re: [VOTE] Adopt the guidelines", "v1@list.example")])
PY
DB=$T/db
$RP --db "$DB" import --list wg "$T/s/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add "$T/s/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
# The roster names Alice as typed ("Martin, Alice") and Bob as "Robert Stone".
$RP --db "$DB" members add alice@a.example --name "Martin, Alice" >/dev/null 2>&1
$RP --db "$DB" members add bob@a.example --name "Robert Stone" >/dev/null 2>&1

check_rc "compile" 0 "$RP" --db "$DB" compile 1 --format markdown
check "the document names Li Wei in reading order" grep -q "Li Wei" "$T/out"

check_rc "points" 0 "$RP" --db "$DB" points 1
check "points: Li Wei, not \"Wei, Li\"" grep -q "^#[0-9]*  Li Wei <li.wei@a.example>" "$T/out"
check "points: the roster's \"Martin, Alice\" as typed" grep -q "^#[0-9]*  Martin, Alice <alice@a.example>" "$T/out"
check "points: the roster's Robert Stone, not the From header's" grep -q "^#[0-9]*  Robert Stone <bob@a.example>" "$T/out"
check "points: \"Acme, Inc.\" left alone" grep -q "^#[0-9]*  Acme, Inc. <info@acme.example>" "$T/out"
check_eq "points: no \"Wei, Li\"" "$(grep -c 'Wei, Li' "$T/out")" 0
check_rc "points --json" 0 "$RP" --db "$DB" points --json 1
check "points --json keeps the From name" grep -q '"name": "Wei, Li"' "$T/out"

check_rc "consensus" 0 "$RP" --db "$DB" consensus 1
check "consensus: Li Wei objects" grep -q "object .*Li Wei <li.wei@a.example>" "$T/out"
check "consensus: Martin, Alice as typed" grep -q "Martin, Alice <alice@a.example>" "$T/out"
check "consensus: Acme, Inc. left alone" grep -q "Acme, Inc. <info@acme.example>" "$T/out"
check_eq "consensus: no \"Wei, Li\"" "$(grep -c 'Wei, Li' "$T/out")" 0
check_rc "consensus --json" 0 "$RP" --db "$DB" consensus --json 1
check "consensus --json keeps the From name" grep -q '"member": "Wei, Li"' "$T/out"

check_rc "threads" 0 "$RP" --db "$DB" threads
check "threads: Li Wei" grep -q "Li Wei" "$T/out"
check "threads: Robert Stone, the roster's" grep -q "Robert Stone" "$T/out"
check_eq "threads: no \"Wei, Li\"" "$(grep -c 'Wei, Li' "$T/out")" 0
check_rc "threads --json" 0 "$RP" --db "$DB" threads --json
check "threads --json keeps the From name" grep -q '"from_name": "Wei, Li"' "$T/out"

check_rc "members" 0 "$RP" --db "$DB" members
check "members: the roster's \"Martin, Alice\" as typed" grep -q "^alice@a.example  Martin, Alice" "$T/out"
check "members: the sender who is no member is Li Wei" grep -q "^  li.wei@a.example (Li Wei)" "$T/out"
check "members: Acme, Inc. left alone" grep -q "^  info@acme.example (Acme, Inc.)" "$T/out"
check_rc "members --json" 0 "$RP" --db "$DB" members --json
check "members --json keeps the From name" grep -q '"name": "Wei, Li"' "$T/out"

check_rc "votes" 0 "$RP" --db "$DB" votes
check "votes: Li Wei's +1" grep -q "+1 Li Wei <li.wei@a.example>" "$T/out"
check "votes: Robert Stone's -1, the roster's name" grep -q "\-1 Robert Stone <bob@a.example>" "$T/out"
check_eq "votes: no \"Wei, Li\"" "$(grep -c 'Wei, Li' "$T/out")" 0
check_rc "votes --json" 0 "$RP" --db "$DB" votes --json
check "votes --json keeps the voter's From name" grep -q '"voter": "Wei, Li"' "$T/out"
