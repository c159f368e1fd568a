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
