# lib: helpers for the end-to-end tests (sourced). Each check prints "ok - ..." or
# "not ok - ..."; tests/run.sh counts them. Every test works in its own temp dir.
set -u
RP=${RP_BIN:-$(pwd)/build/rapporteur}
TOP=$(pwd)
FIX=$TOP/fixtures
T=$(mktemp -d "${TMPDIR:-/tmp}/rp-test.XXXXXX")
export RAPPORTEUR_NO_PROGRESS=1
# The user's own configuration and data never leak into a test.
export XDG_CONFIG_HOME="$T/xdg-config" XDG_DATA_HOME="$T/xdg-data"
unset RAPPORTEUR_CONFIG RAPPORTEUR_DB
cleanup_hooks=""
at_exit() { cleanup_hooks="$1; $cleanup_hooks"; }
trap 'eval "$cleanup_hooks"; rm -rf "$T"' EXIT

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
# check DESC CMD...: ok when CMD succeeds
check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
# check_eq DESC GOT EXPECTED
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1"; echo "#   got:      $2"; echo "#   expected: $3"; fi
}
# check_rc DESC EXPECTED_RC CMD...
check_rc() {
	d=$1; want=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" = "$want" ]; then ok "$d"; else notok "$d (exit $got, expected $want)"; sed 's/^/#   /' "$T/err"; fi
}
# jq-free JSON field reading through python3 (present on Debian; used only by tests).
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d"+sys.argv[2]))' "$@"; }
# wait_until SECONDS CMD...: poll CMD every 0.1 s until it succeeds or the time is up.
wait_until() {
	n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	"$@"
}
# For a background fetch --watch into $T/NAME.db, its stderr in $T/NAME.err:
# stored NAME MSGID: the message is in the store; said NAME PATTERN: stderr matches;
# alive PID: the process is still running.
stored() { [ "$(sqlite3 "$T/$1.db" "select count(*) from message where message_id='$2'" 2>/dev/null)" = 1 ]; }
said() { grep -q "$2" "$T/$1.err"; }
alive() { kill -0 "$1" 2>/dev/null; }
# new_store DB: an empty store, with no list, for tests that fill it with SQL. Reading
# commands create no database; a roster without members is a write that stores nothing.
new_store() { printf 'address\n' >"$T/no-members.csv" && $RP --db "$1" members import "$T/no-members.csv" >/dev/null; }
