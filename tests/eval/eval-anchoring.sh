#!/bin/sh
# eval-anchoring: anchoring, general-comment precision, excluded-message recall, stance
# and consensus on the bundled demo (gold: fixtures/demo/labels.json), and anchoring on a
# real document review from the shared corpora.
set -u
RP=${RP_BIN:-$(pwd)/build/rapporteur}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
export RAPPORTEUR_NO_PROGRESS=1
echo "-- demo list (fixtures/demo)"
$RP --db "$D/demo.db" import --list dc-coord fixtures/demo/list.mbox >/dev/null 2>&1
$RP --db "$D/demo.db" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
$RP --db "$D/demo.db" points --json 1 >"$D/p.json"
$RP --db "$D/demo.db" points --excluded --json 1 >"$D/x.json"
if $RP --db "$D/demo.db" consensus --json 1 >"$D/c.json" 2>/dev/null; then
	python3 tests/eval/score-demo.py fixtures/demo/labels.json "$D/p.json" "$D/x.json" "$D/c.json"
else
	python3 tests/eval/score-demo.py fixtures/demo/labels.json "$D/p.json" "$D/x.json"
fi
R=${RP_CORPORA:-}/review/reporting-issues.mbox
if [ -f "$R" ]; then
	echo "-- real review thread (review/reporting-issues.mbox)"
	root=$(python3 tests/eval/review-anchoring.py prepare "$R" "$D")
	$RP --db "$D/r.db" import --list ksummit "$R" >/dev/null 2>&1
	$RP --db "$D/r.db" draft add "$D/draft.md" --list ksummit --circulated "$root" >/dev/null
	$RP --db "$D/r.db" points --json 1 >"$D/rp.json"
	python3 tests/eval/review-anchoring.py score "$D/gold.json" "$D/rp.json"
else
	echo "-- real review thread: corpora not present, skipped"
fi
