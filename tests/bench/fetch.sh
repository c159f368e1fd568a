#!/bin/sh
# bench/fetch: `rapporteur fetch` against mbsync (isync) pulling the same folder from the
# same private Dovecot into a Maildir, over plain IMAP and over IMAPS, for each message
# count (default 10000 and 100000 messages of synthetic list traffic, ~2.3 KB each).
# Prints one table: wall seconds (median of RUNS runs), max RSS, the mbsync/rapporteur
# ratio, and the time of a no-op incremental sync (nothing new on the server). floor_s is
# the server alone: Dovecot sending every message to a client that only discards the bytes
# (mailtool.py drain, timed from connect to the last byte); mbsync_s / floor_s is the
# ratio no client could beat.
# Standalone: sh tests/bench/fetch.sh [N...]; needs dovecot-core, dovecot-imapd, isync,
# openssl, python3 and GNU time (/usr/bin/time). mbsync runs with FSync no, its fastest.
set -u
O=${O:-build}
TOP=$(pwd)
RP=$TOP/$O/rapporteur
RUNS=${RUNS:-3}
[ $# -gt 0 ] || set -- 10000 100000
[ -x "$RP" ] || { echo "bench/fetch: build first (make)" >&2; exit 1; }
command -v mbsync >/dev/null || { echo "bench/fetch: mbsync (package isync) not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/fetch: GNU time (package time) not installed" >&2; exit 1; }
. "$TOP/tests/lib-dovecot.sh"
W=$(mktemp -d "${TMPDIR:-/tmp}/rp-bench.XXXXXX")
trap 'dove_stop; rm -rf "$W"' EXIT INT TERM

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# run_timed OUTFILE CMD...: "seconds maxrss_kb" of one run into OUTFILE (appended)
run_timed() {
	f=$1; shift
	/usr/bin/time -f "%e %M" -o "$W/t" "$@" >"$W/log" 2>&1 || { echo "bench/fetch: failed: $*" >&2; tail -n 5 "$W/log" >&2; }
	tail -n 1 "$W/t" >>"$f" # GNU time may put "Command exited with..." before it
}

mbsync_rc() { # FILE MODE DIR
	if [ "$2" = imaps ]; then tls="SSLType IMAPS
CertificateFile $DOVE_CA"; port=$DOVE_TLSPORT; else tls="SSLType None"; port=$DOVE_PORT; fi
	cat >"$1" <<RC
FSync no
IMAPAccount bench
Host localhost
Port $port
User $DOVE_USER
Pass $DOVE_PASS
AuthMechs LOGIN
$tls

IMAPStore remote
Account bench

MaildirStore local
Path $3/
Inbox $3/INBOX

Channel bench
Far :remote:
Near :local:
Patterns INBOX
Create Near
SyncState *
Sync Pull
RC
}

printf '%-7s %-6s %-9s %12s %10s %12s %10s %8s %12s %12s %9s %9s\n' messages mode MB "rapporteur_s" "rss_MB" "mbsync_s" "rss_MB" ratio "noop_rp_s" "noop_mbs_s" floor_s max_ratio
for n in "$@"; do
	dove_start >/dev/null || exit 1
	python3 "$TOP/tests/mailtool.py" gen "$n" 42 >"$W/list.mbox"
	dove_load_mbox "$W/list.mbox" >/dev/null || exit 1
	mb=$(du -sm "$DOVE_MAILDIR" | cut -f1)
	runs=$RUNS
	[ "$n" -ge 100000 ] && runs=${RUNS_LARGE:-1}
	for mode in none imaps; do
		label=$mode; [ "$mode" = none ] && label=plain
		dove_config "$W/cfg" bench "$mode"
		mbsync_rc "$W/mbsyncrc" "$mode" "$W/md"
		rm -f "$W/rp" "$W/mb" "$W/rpn" "$W/mbn" "$W/fl"
		ca=; [ "$mode" = imaps ] && ca=$DOVE_CA
		port=$DOVE_PORT; [ "$mode" = imaps ] && port=$DOVE_TLSPORT
		i=0
		while [ $i -lt "$runs" ]; do
			rm -f "$W/b.db" "$W/b.db-wal" "$W/b.db-shm"
			sync
			run_timed "$W/rp" "$RP" --config "$W/cfg" --db "$W/b.db" fetch
			run_timed "$W/rpn" "$RP" --config "$W/cfg" --db "$W/b.db" fetch
			rm -rf "$W/md"
			mkdir -p "$W/md"
			sync
			run_timed "$W/mb" mbsync -c "$W/mbsyncrc" -q bench
			run_timed "$W/mbn" mbsync -c "$W/mbsyncrc" -q bench
			python3 "$TOP/tests/mailtool.py" drain "$port" "$DOVE_USER" "$DOVE_PASS" $ca | cut -d' ' -f2 >>"$W/fl"
			i=$((i + 1))
		done
		got=$(sqlite3 "$W/b.db" 'select count(*) from message' 2>/dev/null)
		rp_s=$(cut -d' ' -f1 "$W/rp" | median)
		rp_m=$(cut -d' ' -f2 "$W/rp" | median)
		mb_s=$(cut -d' ' -f1 "$W/mb" | median)
		mb_m=$(cut -d' ' -f2 "$W/mb" | median)
		rpn=$(cut -d' ' -f1 "$W/rpn" | median)
		mbn=$(cut -d' ' -f1 "$W/mbn" | median)
		fl=$(median <"$W/fl")
		awk -v n="$n" -v l="$label" -v mb="$mb" -v rs="$rp_s" -v rm="$rp_m" -v ms="$mb_s" \
			-v mm="$mb_m" -v rn="$rpn" -v mn="$mbn" -v fl="$fl" 'BEGIN {
			printf "%-7s %-6s %-9s %12s %10.1f %12s %10.1f %8.1f %12s %12s %9s %9.1f\n", n, l, mb, rs,
				rm / 1024, ms, mm / 1024, (rs > 0 ? ms / rs : 0), rn, mn, fl, (fl > 0 ? ms / fl : 0) }'
		[ "$got" = "$n" ] || echo "# warning: rapporteur stored $got of $n messages"
	done
	dove_stop
	rm -f "$W/list.mbox"
done
echo "# ratio = mbsync seconds / rapporteur seconds (higher: rapporteur faster); median of $RUNS runs (${RUNS_LARGE:-1} for >= 100000)"
echo "# max_ratio = mbsync seconds / floor seconds: the best ratio any client could reach against this server"
echo "# rapporteur stores into SQLite (raw bytes + decoded fields); mbsync writes one file per message (FSync no)"
