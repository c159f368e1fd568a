#!/bin/sh
# valgrind: run a few end-to-end commands (import, draft add, points, compile in every
# format, check, fetch over IMAPS and STARTTLS from a private Dovecot) under
# `valgrind --leak-check=full --error-exitcode=1` and report any leak or memory error.
# Prints "ok"/"not ok" lines like the e2e tests and exits 1 when any failed; skips when
# valgrind is absent. Too slow for `make check` (about 2 minutes): CI runs it.
#   sh tests/valgrind.sh        (uses build/rapporteur; build it without SANITIZE)
. tests/lib.sh
if ! command -v valgrind >/dev/null 2>&1; then
	echo "ok - # SKIP valgrind not installed (apt-get install -y valgrind)"
	exit 0
fi
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=30"
export RAPPORTEUR_NO_THREADS=1
failures=0
vg() {
	d=$1; shift
	$VG --log-file="$T/vg.log" "$RP" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -ne 99 ] && [ ! -s "$T/vg.log" ]; then
		ok "valgrind clean: $d (exit $rc)"
	else
		notok "valgrind: $d (exit $rc)"
		failures=$((failures + 1))
		head -n 40 "$T/vg.log" | sed 's/^/#   /'
	fi
}
DB=$T/db
vg "import of the demo list" --db "$DB" import --list dc-coord "$FIX/demo/list.mbox"
vg "import of the hostile list" --db "$DB" import --list wg "$FIX/hostile/list.mbox"
vg "draft add from a message" --db "$DB" draft add --from-message draft-circulation@dc-coord.example.org
vg "draft add from a file" --db "$DB" draft add "$FIX/hostile/draft.txt" --list wg --circulated circ@hostile.example
vg "draft add a .docx" --db "$T/office.db" draft add "$FIX/drafts/draft-report-v3.docx"
vg "draft add an .odt" --db "$T/office.db" draft add "$FIX/drafts/draft-report-v3.odt"
vg "points" --db "$DB" points --json 1
vg "threads" --db "$DB" threads
for fmt in markdown html json email csv; do
	vg "compile --format $fmt" --db "$DB" compile 1 --format $fmt
done
vg "compile the hostile draft" --db "$DB" compile 2 --format html
vg "consensus" --db "$DB" consensus 1
vg "check --html" --db "$DB" check --html alice@hostile.example --draft 2
vg "draft add, a revision" --db "$DB" draft add "$FIX/demo/draft-v2.txt" --revises 1 --list dc-coord
vg "compile --changes-since" --db "$DB" compile 3 --changes-since 1
vg "compile --changes-since --format json" --db "$DB" compile 3 --changes-since 1 --format json
vg "check with a revision" --db "$DB" check "Amy Crocker" --draft 1
vg "votes" --db "$DB" votes
vg "status" --db "$DB" status
vg "draft add of a PDF (through pdftotext)" --db "$DB" draft add "$FIX/drafts/wgs-feedback.pdf"
if command -v dovecot >/dev/null 2>&1; then
	. tests/lib-dovecot.sh
	if dove_start; then
		dove_load_mbox "$FIX/imap/list.mbox" >/dev/null
		dove_config "$T/imaps.cfg" foo imaps
		dove_config "$T/starttls.cfg" foo starttls
		vg "fetch over IMAPS" --config "$T/imaps.cfg" --db "$T/f.db" fetch
		vg "fetch over STARTTLS" --config "$T/starttls.cfg" --db "$T/g.db" fetch
		vg "fetch, nothing new" --config "$T/imaps.cfg" --db "$T/f.db" fetch
	else
		notok "dovecot starts"
		failures=$((failures + 1))
	fi
else
	echo "ok - # SKIP dovecot not installed: fetch not run under valgrind"
fi
echo "# valgrind: $failures failing command(s)"
[ "$failures" = 0 ]
