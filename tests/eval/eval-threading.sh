#!/bin/sh
# eval-threading: threading against real data in $RP_CORPORA/threading and a real list
# archive: Dovecot's RFC 5256 cases (exact THREAD answers), notmuch's corpus with its
# expected tree view, notmuch's hand-built edge cases, and parent-link sanity on a real list.
# Skips what is absent.
O=${O:-build}
E=$O/eval/thread-eval
C=${RP_CORPORA:-}
st=0
# Speed of a full rebuild on a synthetic store (no corpora needed).
S=$(mktemp -d)
$E synth "$S/synth.db" "${RP_THREAD_SYNTH:-200000}" 2>&1 || st=1
rm -rf "$S"
if [ -z "$C" ] || [ ! -d "$C/threading" ]; then
	echo "threading: corpora skipped (none at \$RP_CORPORA)"
	exit $st
fi
$E imaptest "$C/threading/imaptest" || st=1
N=$C/threading/notmuch
if [ -d "$N/corpora/default" ]; then
	$E tree "$N/corpora/default" "$N/emacs-tree.expected-output/notmuch-tree-tag-inbox" || st=1
fi
# notmuch's edge cases, with the structure their test suite states.
if [ -d "$N/corpora/threading" ]; then
	T=$(mktemp -d)
	pass=0 total=0
	edge() { # NAME MESSAGE-ID EXPECTED-PARENT
		total=$((total + 1))
		got=$(awk -v id="$2" '$1 == id { print $2 }' "$T/$1")
		if [ "$got" = "$3" ]; then pass=$((pass + 1)); else echo "  FAIL $1: parent of $2 is $got, expected $3"; fi
	}
	$E parents "$N/corpora/threading/ghost-root" >"$T/ghost-root"
	$E parents "$N/corpora/threading/parent-priority" >"$T/parent-priority"
	$E parents "$N/corpora/broken/loop" >"$T/loop"
	edge ghost-root 001-child@example.org 000-real-root@example.org
	edge ghost-root 001-grand-child@example.org 001-child@example.org
	edge ghost-root 001-grand-child2@example.org 001-child@example.org
	edge ghost-root 001-great-grand-child@example.org 001-grand-child@example.org
	edge ghost-root 000-real-root@example.org None
	edge parent-priority B01-child@example.org B00-root@example.org
	edge parent-priority B01-grand-child@example.org B01-child@example.org
	# Two messages answering each other: one link kept, one root, no loop.
	total=$((total + 1))
	if [ "$(awk '$2 == "None"' "$T/loop" | wc -l)" = 1 ]; then pass=$((pass + 1)); else echo "  FAIL loop: not exactly one root"; sed 's/^/    /' "$T/loop"; fi
	echo "notmuch edge cases (ghost root, parent priority, In-Reply-To loop): $pass/$total"
	rm -rf "$T"
fi
A=$C/lists/ksummit-discuss-2019-2022.mbox
[ -f "$A" ] && $E stats "$A"
exit $st
