#!/bin/sh
# bench: throughput and memory of rapporteur against named baselines, measured in the same
# run on the same messages, printed as a table of ratios.
#
#   BENCH_N          synthetic archive size for import (default 200000)
#   BENCH_NOTMUCH_N  messages notmuch indexes as the baseline (default 20000: notmuch's
#                    rate falls as its database grows, so a smaller sample flatters it)
#   BENCH_DIR        scratch directory (default: a temp dir, removed afterwards)
#   BENCH_FETCH_N    folder sizes of the fetch benchmark (default "10000 100000")
set -u
O=${O:-build}
RP=$(pwd)/$O/rapporteur
N=${BENCH_N:-200000}
NM_N=${BENCH_NOTMUCH_N:-20000}
CORPORA=${RP_CORPORA:-$(cd .. && pwd)/shared/corpora}
D=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/rp-bench.XXXXXX")}
export RAPPORTEUR_NO_PROGRESS=1
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$D"' EXIT
mkdir -p "$D"

if ! command -v notmuch >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y -qq --no-install-recommends notmuch >/dev/null 2>&1
	else
		echo "bench: notmuch is the baseline; install it: apt-get install notmuch" >&2
	fi
fi

# timed CMD...: sets SECS and RSS_MB (peak resident set of the command)
timed() {
	/usr/bin/time -f "%e %M" -o "$D/time" "$@" >"$D/cmd.out" 2>"$D/cmd.err"
	# the last line: GNU time puts "Command exited with non-zero status N" before it
	SECS=$(tail -n 1 "$D/time" | cut -d' ' -f1)
	RSS_MB=$(tail -n 1 "$D/time" | awk '{printf "%.1f", $2/1024}')
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

row() { printf '%-44s %9s %9s %10s %8s\n' "$@"; }

echo "== import"
row "what" "messages" "seconds" "msgs/s" "RSS MB"
python3 tests/bench/gen-mbox.py "$N" 42 >"$D/synthetic.mbox"
timed "$RP" --db "$D/syn.db" import "$D/synthetic.mbox"
syn_rate=$(rate "$N" "$SECS"); syn_rss=$RSS_MB
row "rapporteur import, synthetic" "$N" "$SECS" "$syn_rate" "$RSS_MB"
timed "$RP" --db "$D/syn.db" import "$D/synthetic.mbox"
row "rapporteur re-import (all duplicates)" "$N" "$SECS" "$(rate "$N" "$SECS")" "$RSS_MB"
# Memory must not grow with the archive: a tenth of it for comparison.
# Cut at a message boundary: an mbox cut inside a line is reported as damaged (exit 1).
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(int(sys.argv[2])); i = d.rfind(b"\n\nFrom ")
open(sys.argv[3], "wb").write(d[:i + 1] if i > 0 else d)' "$D/synthetic.mbox" \
	$(( $(stat -c %s "$D/synthetic.mbox") / 10 )) "$D/tenth.mbox"
timed "$RP" --db "$D/tenth.db" import "$D/tenth.mbox"
row "rapporteur import, first tenth" "~$((N / 10))" "$SECS" "" "$RSS_MB"
rm -f "$D/tenth.mbox" "$D"/tenth.db*

real=""
for f in "$CORPORA"/lists/*.mbox; do
	[ -f "$f" ] || continue
	n=$(grep -c '^From ' "$f")
	timed "$RP" --db "$D/real.db" import "$f"
	row "rapporteur import, $(basename "$f")" "$n" "$SECS" "$(rate "$n" "$SECS")" "$RSS_MB"
	real=$f
	real_n=$n
	real_secs=$SECS
done

if command -v notmuch >/dev/null 2>&1; then
	python3 tests/bench/gen-mbox.py --maildir "$D/nm/mail" "$NM_N" 42
	printf '[database]\npath=%s\n[user]\nname=Bench\nprimary_email=bench@example.org\n[new]\ntags=inbox;\n[maildir]\nsynchronize_flags=false\n' "$D/nm/mail" >"$D/nm/config"
	NOTMUCH_CONFIG=$D/nm/config timed notmuch new --quiet
	nm_rate=$(rate "$NM_N" "$SECS")
	row "notmuch new, same synthetic messages" "$NM_N" "$SECS" "$nm_rate" "$RSS_MB"
	timed "$RP" --db "$D/nm.db" import "$D/nm/mail"
	rp_nm_rate=$(rate "$NM_N" "$SECS")
	row "rapporteur import, that Maildir" "$NM_N" "$SECS" "$rp_nm_rate" "$RSS_MB"
	echo "ratio rapporteur/notmuch, same $NM_N messages: $(awk -v a="$rp_nm_rate" -v b="$nm_rate" 'BEGIN{printf "%.1fx", a/b}')"
	echo "ratio rapporteur ($N synthetic) / notmuch ($NM_N): $(awk -v a="$syn_rate" -v b="$nm_rate" 'BEGIN{printf "%.1fx", a/b}')"
	if [ -n "$real" ]; then
		rm -rf "$D/nm2"; mkdir -p "$D/nm2/mail/cur" "$D/nm2/mail/new" "$D/nm2/mail/tmp"
		python3 -c 'import mailbox,sys
for i,m in enumerate(mailbox.mbox(sys.argv[1])): open("%s/%06d.x:2,S"%(sys.argv[2],i),"wb").write(m.as_bytes())' "$real" "$D/nm2/mail/cur"
		printf '[database]\npath=%s\n[user]\nname=Bench\nprimary_email=bench@example.org\n[new]\ntags=inbox;\n' "$D/nm2/mail" >"$D/nm2/config"
		NOTMUCH_CONFIG=$D/nm2/config timed notmuch new --quiet
		row "notmuch new, $(basename "$real")" "$real_n" "$SECS" "$(rate "$real_n" "$SECS")" "$RSS_MB"
		echo "ratio rapporteur/notmuch, $(basename "$real"): $(awk -v a="$SECS" -v b="$real_secs" 'BEGIN{printf "%.1fx", a/b}')"
	fi
fi
echo "peak RSS, synthetic import: $syn_rss MB"

echo "== fetch (rapporteur fetch and mbsync pulling one folder of the same local Dovecot)"
if ! command -v mbsync >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	apt-get install -y -qq --no-install-recommends isync >/dev/null 2>&1
fi
if command -v mbsync >/dev/null 2>&1 && command -v dovecot >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	O=$O sh tests/bench/fetch.sh ${BENCH_FETCH_N:-10000 100000}
else
	echo "bench: the fetch benchmark needs dovecot-imapd and isync (mbsync): apt-get install dovecot-imapd isync" >&2
fi

for b in tests/bench/bench-*.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	O=$O sh "$b"
done
