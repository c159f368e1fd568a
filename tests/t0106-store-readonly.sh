#!/bin/sh
# A database the user may read but not write: every command that only reads works on it
# and prints what it prints on a writable copy, with or without the -wal and -shm files a
# writer leaves; a command that would write fails with exit 5 naming the file. A reading
# command given a path where no database is creates nothing; RAPPORTEUR_DB set but empty
# is unset. Run by root, the commands run as nobody, whom file modes bind.
. tests/lib.sh
if [ "$(id -u)" = 0 ]; then
	if command -v runuser >/dev/null 2>&1; then
		as_user() { runuser -u nobody -- "$@"; }
	elif command -v setpriv >/dev/null 2>&1; then
		as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
	else
		ok "skipped: running as root without runuser or setpriv"
		exit 0
	fi
	owner=nobody
else
	as_user() { "$@"; }
	owner=$(id -un)
fi
# nobody reaches the test's files through the temp directory.
chmod 755 "$T"
MID=draft-circulation@dc-coord.example.org
$RP --db "$T/src.db" import "$FIX/demo/list.mbox" >/dev/null 2>&1 &&
	$RP --db "$T/src.db" draft add --from-message "$MID" >/dev/null 2>&1 &&
	$RP --db "$T/src.db" points 1 >/dev/null 2>&1 &&
	$RP --db "$T/src.db" set "$(sqlite3 "$T/src.db" 'select min(id) from point')" \
		disposition=noted >/dev/null 2>&1 &&
	$RP --db "$T/src.db" compile 1 >/dev/null 2>&1
check "a store with a draft, its analysis and a decision" test -s "$T/src.db"

# store NAME: a copy of the store in $T/NAME, owned by the user, writable.
store() {
	mkdir "$T/$1" && cp "$T/src.db" "$T/$1/db.sqlite" && chown -R "$owner" "$T/$1"
}
# lock NAME: its files read-only, in a directory the user cannot write either.
lock() { chmod 444 "$T/$1"/db.sqlite* && chmod 555 "$T/$1"; }
# run NAME CMD...: the command as the user in $T/NAME, on db.sqlite there; stdout in
# $T/NAME.out, stderr in $T/NAME.err, the exit status in $T/NAME.rc.
run() {
	n=$1
	shift
	(cd "$T/$n" && as_user $RP --db db.sqlite "$@" >"$T/$n.out" 2>"$T/$n.err"; echo $? >"$T/$n.rc")
}
# same DESC CMD...: exit 0 on the read-only store, and the output of the writable one.
same() {
	d=$1
	shift
	run rw "$@"
	run ro "$@"
	if [ "$(cat "$T/ro.rc")" = 0 ] && [ "$(cat "$T/rw.rc")" = 0 ] && [ -s "$T/rw.out" ] &&
		cmp -s "$T/rw.out" "$T/ro.out"; then
		ok "read-only store: $d"
	else
		notok "read-only store: $d (exit $(cat "$T/ro.rc"))"
		sed 's/^/#   /' "$T/ro.err"
		diff "$T/rw.out" "$T/ro.out" | head -5 | sed 's/^/#   /'
	fi
}
store rw
store ro
lock ro
sum=$(md5sum <"$T/ro/db.sqlite")
same "status" status
same "status --json" status --json
same "draft list" draft list
same "draft show" draft show 1
same "show" show "$MID"
same "show --json" show --json "$MID"
same "threads" threads
same "compile --no-analyse" compile 1 --no-analyse
same "compile, the analysis being current" compile 1
same "consensus" consensus 1
same "points" points 1
same "votes" votes
same "members" members
same "decisions" decisions 1
run ro compile 1 --no-analyse
check "compile says the compile is not recorded" grep -q "not recorded.*db.sqlite is not writable" "$T/ro.err"
check_eq "the read-only store is unchanged" "$(md5sum <"$T/ro/db.sqlite")" "$sum"
check_eq "nothing was left next to it" "$(ls "$T/ro")" db.sqlite

# wrote DESC CMD...: on the read-only store, exit 5 and an error naming the file.
wrote() {
	d=$1
	shift
	run ro "$@"
	if [ "$(cat "$T/ro.rc")" = 5 ] && grep -q "db.sqlite: .*not writable" "$T/ro.err"; then
		ok "read-only store: $d: exit 5 naming the file"
	else
		notok "read-only store: $d: exit $(cat "$T/ro.rc"), expected 5 naming the file"
		sed 's/^/#   /' "$T/ro.err"
	fi
}
wrote "import" import "$FIX/demo/list.mbox"
wrote "draft add" draft add "$FIX/demo/draft.txt"
wrote "members add" members add someone@example.org
wrote "set" set --draft 1 --message "$MID" include=no
check_eq "the read-only store is still unchanged" "$(md5sum <"$T/ro/db.sqlite")" "$sum"

# Derived data out of date: what would rebuild it fails; what reads the stored data works.
store stale
sqlite3 "$T/stale/db.sqlite" "UPDATE meta SET value = value - 1 WHERE key = 'thread_upto'"
lock stale
for c in threads "compile 1" "points 1"; do
	run stale $c
	check_eq "stale threads, read-only: $c: exit 5" "$(cat "$T/stale.rc")" 5
	check "stale threads, read-only: $c: the file named, out of date" \
		grep -q "db.sqlite: database is not writable.*out of date" "$T/stale.err"
done
run stale compile 1 --no-analyse
check_eq "stale threads, read-only: compile --no-analyse works" "$(cat "$T/stale.rc")" 0
store stale2
sqlite3 "$T/stale2/db.sqlite" "DELETE FROM meta WHERE key = 'analysis.1'"
lock stale2
run stale2 consensus 1
check_eq "stale analysis, read-only: consensus: exit 5" "$(cat "$T/stale2.rc")" 5
check "stale analysis, read-only: --no-analyse suggested" grep -q "analysis of draft 1 is out of date.*--no-analyse" "$T/stale2.err"
run stale2 consensus --no-analyse 1
check_eq "stale analysis, read-only: consensus --no-analyse works" "$(cat "$T/stale2.rc")" 0

# Left behind by a writer that did not close: a -wal holding a commit, and its -shm.
store wal
python3 - "$T/wal/db.sqlite" <<'EOF'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA journal_mode=WAL")
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("INSERT INTO list(name) VALUES ('only-in-the-wal')")
c.commit()
os._exit(0)
EOF
chown "$owner" "$T/wal"/*
check "a -wal with a commit is left" test -s "$T/wal/db.sqlite-wal"
cp -p "$T/wal/db.sqlite" "$T/wal/db.sqlite-wal" "$T/rw/"
cp -r "$T/wal" "$T/walonly"
rm "$T/walonly/db.sqlite-shm"
lock wal
lock walonly
run rw status
run wal status
check_eq "-wal and -shm left, read-only: status works" "$(cat "$T/wal.rc")" 0
check "-wal and -shm left, read-only: what the -wal holds is read" grep -q only-in-the-wal "$T/wal.out"
check "-wal and -shm left, read-only: the same as on a writable copy" cmp -s "$T/rw.out" "$T/wal.out"
run walonly status
check_eq "-wal without -shm, read-only: exit 5" "$(cat "$T/walonly.rc")" 5
check "-wal without -shm, read-only: the file named" grep -q "db.sqlite: cannot read" "$T/walonly.err"

# Left by a bulk import killed in a batch (out of WAL, in a rollback journal): a hot
# -journal, the batch's pages already in the main file. Read as it is, the uncommitted batch
# passed for committed; read-only, it is refused; with write access it is rolled back.
store hot
python3 - "$T/hot/db.sqlite" <<'EOF'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=DELETE")
c.execute("PRAGMA cache_size=1")
c.execute("BEGIN")
for i in range(300):
    c.execute("INSERT INTO list(name) VALUES (?)", ("uncommitted-%d-%s" % (i, "x" * 2000),))
os._exit(0)
EOF
chown "$owner" "$T/hot"/*
check "a hot -journal is left" test -s "$T/hot/db.sqlite-journal"
cp -r "$T/hot" "$T/hotrw" && chown -R "$owner" "$T/hotrw"
lock hot
run hot status
check_eq "hot -journal, read-only: exit 5" "$(cat "$T/hot.rc")" 5
check "hot -journal, read-only: the interrupted write named" grep -q "db.sqlite: cannot read the database: a write was interrupted" "$T/hot.err"
run hotrw status
check_eq "hot -journal, writable: status works" "$(cat "$T/hotrw.rc")" 0
check_eq "hot -journal, writable: the interrupted write is rolled back" \
	"$(sqlite3 "$T/hotrw/db.sqlite" "select count(*) from list where name like 'uncommitted-%'")" 0

# A reading command where there is no database creates nothing; nor does one that only
# changes what a database holds (a decision, a member to remove, decisions for a draft).
printf '{"draft": 1, "decisions": []}' >"$T/none.json"
for c in status "draft list" threads "set 1 stance=object" "members remove a@example.org" \
	"decisions --import $T/none.json 1"; do
	check_rc "missing database: $c: exit 5" 5 $RP --db "$T/typo/x/typo.db" $c
	check "missing database: $c: the path named" grep -q "no database at $T/typo/x/typo.db" "$T/err"
	check "missing database: $c: nothing created" test ! -e "$T/typo"
done
check_rc "missing database: a write creates it" 0 $RP --db "$T/new/x/new.db" members add a@example.org
check "missing database: created by the write" test -s "$T/new/x/new.db"

# RAPPORTEUR_DB= is unset: the default path under XDG_DATA_HOME.
check_rc "RAPPORTEUR_DB empty: status reads the default path" 5 env RAPPORTEUR_DB= $RP status
check "RAPPORTEUR_DB empty: the default path named" grep -q "no database at $XDG_DATA_HOME/rapporteur/rapporteur.db" "$T/err"
check_rc "RAPPORTEUR_DB empty: import creates the default database" 0 env RAPPORTEUR_DB= $RP import "$FIX/demo/list.mbox"
check "RAPPORTEUR_DB empty: the default database exists" test -s "$XDG_DATA_HOME/rapporteur/rapporteur.db"
check_rc "--db with an empty name: usage error" 2 $RP --db "" status
