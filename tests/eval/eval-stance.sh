#!/bin/sh
# eval-stance: stance scores on BC3 (shared corpora, when present) and on the demo's gold
# labels (fixtures/demo/labels.json, when present). Prints per-label precision/recall/F1.
O=${O:-build}
EV=$O/eval/eval-stance
BC3=${RP_CORPORA:-}/stance/bc3
if [ -n "${RP_CORPORA:-}" ] && [ -f "$BC3/corpus.xml" ] && [ -f "$BC3/annotation.xml" ]; then
	"$EV" bc3 "$BC3/corpus.xml" "$BC3/annotation.xml" || exit 1
else
	echo "BC3: skipped (no \$RP_CORPORA/stance/bc3)"
fi
if [ -f fixtures/demo/labels.json ]; then
	tmp=$(mktemp -d)
	if "$RP_BIN" --db "$tmp/demo.db" import --list demo fixtures/demo/list.mbox >/dev/null 2>&1; then
		"$EV" labels fixtures/demo/labels.json "$tmp/demo.db" || { rm -rf "$tmp"; exit 1; }
		"$EV" levels fixtures/demo/labels.json "$tmp/demo.db" gold || { rm -rf "$tmp"; exit 1; }
		"$EV" levels fixtures/demo/labels.json "$tmp/demo.db" predicted || { rm -rf "$tmp"; exit 1; }
	else
		"$EV" labels fixtures/demo/labels.json || { rm -rf "$tmp"; exit 1; }
	fi
	rm -rf "$tmp"
else
	echo "demo labels: skipped (no fixtures/demo/labels.json)"
fi
# Timing: linear in the number of replies is the goal (stance per point is constant).
"$EV" bench 500 5000 50000 || exit 1
