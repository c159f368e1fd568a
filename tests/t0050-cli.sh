#!/bin/sh
# cli: what every command does before it touches a store: --help and -h answer with the
# command's usage, exit 0, and neither open nor create the database.
. tests/lib.sh
DB=$T/db

cmds=$($RP --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
check "the command table lists at least 10 commands" [ "$(echo "$cmds" | wc -l)" -ge 10 ]
for c in $cmds; do
	for h in --help -h; do
		check_rc "$c $h: exit 0" 0 $RP --db "$DB" $c $h
		check "$c $h: prints its usage" grep -q "usage: rapporteur $c" "$T/out"
	done
done
check "no database was created by asking for help" [ ! -e "$DB" ]
check_rc "unknown command: exit 2" 2 $RP --db "$DB" nosuch
check "unknown command: named" grep -q "'nosuch' is not a command" "$T/err"
check_rc "unknown global option: exit 2" 2 $RP --nosuch status

# Terminal control characters in hostile headers and bodies never reach the terminal:
# C0 (but tab, newline and CR before newline), DEL and C1 controls print as U+FFFD.
printf 'From a@b Mon Jan  5 10:00:00 2021\nFrom: Evil \033]0;pwned\007 <e@x.org>\nSubject: hi \033[2J\033[31mred\302\233c1 del\177 ok\nMessage-ID: <e1@x>\nDate: Mon, 5 Jan 2021 10:00:00 +0000\n\nbody \033[1mbold\033[0m\tline\nnext\n' >"$T/esc.mbox"
$RP --db "$T/esc.db" import "$T/esc.mbox" >/dev/null 2>&1
check_eq "hostile message stored with its ESC bytes" "$(sqlite3 "$T/esc.db" "select instr(subject, char(27)) > 0 from message")" 1
check_rc "threads: exit 0" 0 $RP --db "$T/esc.db" threads
check "threads: no ESC, BEL, DEL or C1 in the output" python3 -c 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(any(c in b for c in (b"\x1b", b"\x07", b"\x7f", b"\xc2\x9b")))' "$T/out"
check "threads: control characters shown as U+FFFD" grep -q 'hi �\[2J�\[31mred�c1 del� ok' "$T/out"
check_rc "show: exit 0" 0 $RP --db "$T/esc.db" show e1@x
check "show: no ESC or BEL in the output" python3 -c 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(b"\x1b" in b or b"\x07" in b)' "$T/out"
check "show: tab kept, escapes replaced" grep -q 'body �\[1mbold�\[0m	line' "$T/out"
check "show --json: ESC written as a JSON escape" sh -c "$RP --db '$T/esc.db' show --json e1@x | grep -qi 'u001b'"

# A database path that cannot be a database is a database error (exit 5), naming the path.
mkdir -p "$T/adir"
check_rc "--db naming a directory: exit 5" 5 $RP --db "$T/adir/" status
check "... named, with the reason" grep -q "adir/: cannot open database: Is a directory" "$T/err"
: >"$T/afile"
check_rc "XDG_DATA_HOME naming a file: exit 5" 5 env -u RAPPORTEUR_DB XDG_DATA_HOME="$T/afile" $RP import "$FIX/demo/list.mbox"
check "... the path named" grep -q "afile/rapporteur/rapporteur.db: cannot open database: Not a directory" "$T/err"
# HOME unset (a cron job): the default database is in the account's home directory, not in
# the current directory.
home=$(getent passwd "$(id -un)" | cut -d: -f6)
mkdir -p "$T/cwd"
(cd "$T/cwd" && env -u HOME -u XDG_DATA_HOME -u RAPPORTEUR_DB $RP status >"$T/out" 2>"$T/err")
check "HOME unset: nothing created in the current directory" [ -z "$(ls -A "$T/cwd")" ]
check "HOME unset: the account's home directory is used" grep -q "$home/.local/share/rapporteur/rapporteur.db" "$T/out" "$T/err"
