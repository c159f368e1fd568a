#!/bin/sh
# Incremental threading: importing an archive in pieces, in any order, gives the same
# thread tree as threading the whole store at once; only the messages connected to new
# mail are threaded again; a deleted or edited message makes the tree start again.
. tests/lib.sh

# split.py IN OUTDIR K ORDER: the messages of mbox IN into K mboxes (ORDER: forward,
# reverse, or a number seeding a shuffle).
cat >"$T/split.py" <<'PY'
import random, re, sys
data = open(sys.argv[1], 'rb').read()
msgs = [m for m in re.split(rb'\n(?=From )', data) if m.strip()]
order = sys.argv[4]
if order == 'reverse':
    msgs.reverse()
elif order != 'forward':
    random.Random(int(order)).shuffle(msgs)
k = int(sys.argv[3])
for i in range(k):
    with open('%s/part%02d.mbox' % (sys.argv[2], i), 'wb') as f:
        for m in msgs[i::k]:
            f.write(m.rstrip(b'\n') + b'\n\n')
PY
tree() { sqlite3 "$1" "select message_id, coalesce(parent, '-'), thread, ghost, depth from thread_node order by message_id"; }
# The subject fallback: replies without any reply header join the latest earlier original
# with their subject (two originals of one subject, a week apart), else the latest reply.
fb() { # ID DATE SUBJECT
	printf 'From x@example.org Mon Jan  1 00:00:00 2024\nFrom: x@example.org\nSubject: %s\nDate: %s\nMessage-ID: <%s>\n\nText of %s.\n\n' "$3" "$2" "$1" "$1"
}
{
	fb orig-1@fb.example "Mon, 01 Mar 2021 10:00:00 +0000" "Budget"
	fb fall-1@fb.example "Tue, 02 Mar 2021 10:00:00 +0000" "Re: Budget"
	fb orig-2@fb.example "Mon, 08 Mar 2021 10:00:00 +0000" "Budget"
	fb fall-2@fb.example "Tue, 09 Mar 2021 10:00:00 +0000" "Re: Budget"
	fb fall-3@fb.example "Wed, 10 Mar 2021 10:00:00 +0000" "AW: Re: budget"
	fb fall-4@fb.example "Thu, 04 Mar 2021 10:00:00 +0000" "Re: Travel"
	fb fall-5@fb.example "Fri, 05 Mar 2021 10:00:00 +0000" "Re: Travel"
} >"$T/fallback.mbox"
cat "$FIX/demo/list.mbox" "$FIX/thread/early.mbox" "$FIX/thread/late.mbox" "$T/fallback.mbox" >"$T/all.mbox"
python3 tests/bench/gen-mbox.py 1500 7 >>"$T/all.mbox"

for order in forward reverse 3 11; do
	db=$T/$order.db
	rm -rf "$T/parts" && mkdir "$T/parts"
	python3 "$T/split.py" "$T/all.mbox" "$T/parts" 7 "$order"
	for p in "$T"/parts/part*.mbox; do
		$RP -v -v -v --db "$db" import --list wg "$p" >/dev/null 2>>"$T/log.$order"
	done
	tree "$db" >"$T/incremental"
	sqlite3 "$db" "delete from meta where key = 'thread_upto'"
	$RP -v -v -v --db "$db" threads >/dev/null 2>"$T/full.log"
	tree "$db" >"$T/full"
	check "$order, 7 pieces: incremental tree equals the full rebuild" cmp -s "$T/incremental" "$T/full"
	check_eq "$order: the subject fallback took effect" \
		"$(sqlite3 "$db" "select group_concat(message_id || '>' || parent, ' ') from (select message_id, parent
			from thread_node where message_id like 'fall-%' order by message_id)")" \
		"fall-1@fb.example>orig-1@fb.example fall-2@fb.example>orig-2@fb.example fall-3@fb.example>orig-2@fb.example fall-5@fb.example>fall-4@fb.example"
	check "$order: the full rebuild was a full one" grep -q 'rebuilt from nothing' "$T/full.log"
	check_eq "$order: only the first import threaded from nothing" \
		"$(grep -c 'rebuilt from nothing' "$T/log.$order")" 1
	check_eq "$order: every import threaded its new messages" \
		"$(grep -c 'new messages, [0-9]* with their closure' "$T/log.$order")" 7
done

# One new reply in a store of 1,500 messages: only its thread is threaded again.
db=$T/forward.db
cat >"$T/new.eml" <<'EOF2'
From: Late Reader <late@example.org>
To: dc-coord@example.org
Subject: Re: DC feedback on the Working Group on Strategy paper
Date: Fri, 03 Dec 2021 10:00:00 +0000
Message-ID: <late-reply@example.org>
In-Reply-To: <draft-circulation@dc-coord.example.org>
References: <draft-circulation@dc-coord.example.org>

Agreed with the draft.
EOF2
$RP -v -v -v --db "$db" import --list wg "$T/new.eml" >/dev/null 2>"$T/one.log"
check_eq "one new reply: its thread alone is read again" \
	"$(sed -n 's/.*threads: 1 new messages, \([0-9]*\) with their closure.*/\1/p' "$T/one.log")" \
	"$(sqlite3 "$db" "select count(*) from thread_node where ghost = 0 and thread = (select thread
		from thread_node where message_id = 'late-reply@example.org')")"
check "which is a small part of the store" test "$(sqlite3 "$db" 'select count(*) from message')" -gt 1500
check_eq "and it hangs under the circulated draft" \
	"$(sqlite3 "$db" "select parent from thread_node where message_id = 'late-reply@example.org'")" \
	draft-circulation@dc-coord.example.org

# A deleted message (a trigger clears the record) makes the next update a full one.
db=$T/3.db
sqlite3 "$db" "delete from message where id = (select max(id) from message);
	delete from raw where hash not in (select hash from message)"
$RP -v -v -v --db "$db" threads >/dev/null 2>"$T/del.log"
check "after a delete: full rebuild" grep -q 'rebuilt from nothing' "$T/del.log"
tree "$db" >"$T/after-delete"
$RP --db "$db" import --list wg "$T/all.mbox" >/dev/null 2>&1
tree "$db" >"$T/reimported"
check "the message imported again: the tree is whole again" cmp -s "$T/reimported" "$T/full"
check "and differed without it" sh -c "! cmp -s '$T/after-delete' '$T/full'"
