#!/bin/sh
# fetch of two lists whose folders hold the same message (cross-posted), against a private
# Dovecot: the message is stored once, counted as already present for the second list and
# added to it (added_to_list), so that list's status, threads and drafts include it.
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
dove_start || { notok "dovecot starts"; exit 1; }
msg() {
	printf 'From: u@example.org\r\nTo: %s@example.org\r\nSubject: %s\r\nMessage-ID: <%s@x>\r\nDate: Mon, 3 Jun 2024 12:00:00 +0000\r\n\r\nbody of %s\r\n' \
		"$2" "$1" "$1" "$1"
}
save() { msg "$2" "$3" | dove_adm save -u "$DOVE_USER" -m "$1"; }
dove_adm mailbox create -u "$DOVE_USER" Lists.a Lists.b
save Lists.a only-a a
save Lists.a shared a-and-b
save Lists.b shared a-and-b
save Lists.b only-b b
dove_config "$T/base.cfg" x
{ sed -n '1,/^timeout/p' "$T/base.cfg"
	printf '%s\n' "[list a]" "folder = Lists.a" "[list b]" "folder = Lists.b"; } >"$T/two.cfg"
chmod 600 "$T/two.cfg"

check_rc "two lists sharing a message: exit 0" 0 $RP --config "$T/two.cfg" --db "$T/a.db" fetch --json
check_eq "3 new in all" "$(jget "$T/out" '["new"]')" 3
check_eq "1 already present in all" "$(jget "$T/out" '["duplicates"]')" 1
check_eq "1 added to another list in all" "$(jget "$T/out" '["added_to_list"]')" 1
check_eq "first list: 2 new, none added" \
	"$(jget "$T/out" '["lists"][0]["new"], d["lists"][0]["added_to_list"]')" "(2, 0)"
check_eq "second list: 1 new, 1 already present, added to it" \
	"$(jget "$T/out" '["lists"][1]["new"], d["lists"][1]["duplicates"], d["lists"][1]["added_to_list"]')" "(1, 1, 1)"
check_eq "stored once" "$(q a.db "select count(*) from message where message_id = 'shared@x'")" 1
check_eq "in both lists" "$(q a.db "select group_concat(l.name) from (select l.name from message_list ml join list l on l.id = ml.list join message m on m.id = ml.message where m.message_id = 'shared@x' order by l.name) l")" "a,b"

check_rc "status: exit 0" 0 $RP --db "$T/a.db" status --json
check_eq "status: each list counts the shared message" \
	"$(python3 -c 'import json,sys; print(" ".join("%s=%d" % (l["name"], l["messages"]) for l in json.load(open(sys.argv[1]))["lists"]))' "$T/out")" "a=2 b=2"
check_rc "threads --list b: exit 0" 0 $RP --db "$T/a.db" threads --list b --json
check_eq "threads --list b: the shared message is there" \
	"$(python3 -c 'import json,sys; print(",".join(sorted(m["message_id"] for m in json.load(open(sys.argv[1]))["messages"])))' "$T/out")" \
	"only-b@x,shared@x"

# Listed the other way round, in a new store, with the summary line of -v -v.
{ sed -n '1,/^timeout/p' "$T/base.cfg"
	printf '%s\n' "[list b]" "folder = Lists.b" "[list a]" "folder = Lists.a"; } >"$T/rev.cfg"
chmod 600 "$T/rev.cfg"
check_rc "the other order: exit 0" 0 $RP -v -v --config "$T/rev.cfg" --db "$T/b.db" fetch
check "the second list's line says the message was added to it" \
	grep -q '^a: 1 new, 1 already present (1 of them added to this list) ' "$T/out"
check_eq "the summary line says so" "$(sed -n 's/ in [0-9.]* s$//; /^fetched/p' "$T/out")" \
	"fetched 3 new, 1 already present (1 of them added to another list), 0 with errors from 2 lists"
check_rc "fetching again: exit 0" 0 $RP --config "$T/rev.cfg" --db "$T/b.db" fetch --json
check_eq "fetching again: nothing added" "$(jget "$T/out" '["new"], d["added_to_list"]')" "(0, 0)"
