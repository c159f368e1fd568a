#!/bin/sh
# eval-report: the consolidated document on real discussions. On the bundled demo: every
# format compiles, every point is in a bullet or the matrix, and `check` for each member; on
# the shared corpora's reviewed document series: how many changelog items that credit a
# reviewer by name ("... (Joe Perches)") the consolidated feedback contains with that member.
# Timings are wall-clock for one compile.
set -u
RP=${RP_BIN:-$(pwd)/build/rapporteur}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
export RAPPORTEUR_NO_PROGRESS=1

echo "-- demo list (fixtures/demo)"
$RP --db "$D/demo.db" import --list dc-coord fixtures/demo/list.mbox >/dev/null 2>&1
$RP --db "$D/demo.db" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
for f in markdown html json email csv; do
	t0=$(date +%s.%N)
	if $RP --db "$D/demo.db" compile 1 --format $f -o "$D/demo.$f" 2>"$D/err"; then
		t1=$(date +%s.%N)
		printf '  compile --format %-8s ok  %6.3fs  %6d bytes\n' "$f" "$(echo "$t1 - $t0" | bc)" "$(wc -c <"$D/demo.$f")"
	else
		echo "  compile --format $f FAILED: $(cat "$D/err")"
	fi
done
python3 - "$D/demo.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = {r["id"] for r in d["matrix"]}
secs = d["sections"] + [d["general"]]
bullet_pts = {p for s in secs for b in s["bullets"] for p in b["points"]}
in_bullet = sum(1 for r in d["matrix"] if r["bullet"])
print(f"  points: {len(rows)} in the matrix, {in_bullet} summarised in a bullet, "
      f"{len(bullet_pts - rows)} bullet points missing from the matrix")
print(f"  sections: {len(d['sections'])}, with comments: {sum(1 for s in d['sections'] if not s['no_comments'])}, "
      f"participants: {len(d['participants'])}")
PY
n=0; full=0; part=0
for a in $(python3 -c 'import json,sys; print(" ".join(p["address"] for p in json.load(open(sys.argv[1]))["participants"]))' "$D/demo.json"); do
	n=$((n + 1))
	if $RP --db "$D/demo.db" check --no-analyse --json "$a" >/dev/null 2>&1; then full=$((full + 1)); else part=$((part + 1)); fi
done
echo "  check: $n participants, $full fully captured, $part with something not captured"

C=${RP_CORPORA:-}/review
if [ ! -d "$C" ]; then
	echo "-- review series: corpora not present, skipped"
	exit 0
fi
for cl in "$C"/*.postings-changelogs.txt; do
	mbox=${cl%.postings-changelogs.txt}.mbox
	name=$(basename "$mbox" .mbox)
	[ -f "$mbox" ] || continue
	# Postings whose text credits reviewers: the draft is the posting, the discussion its thread.
	python3 - "$cl" >"$D/$name.items" <<'PY'
import re, sys
cur = None
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if line.startswith("=== "):
        m = re.search(r"<([^<>]+)>\s*$", line)
        cur = m.group(1) if m else None
        item = ""
        continue
    if re.match(r"^\s*[-*] ", line):
        item = line.strip()[2:]
    elif item and line.startswith("  "):
        item += " " + line.strip()
    m = re.search(r"\(([A-Z][\w'.-]+(?: [A-Z][\w'.-]+)+)\)\.?\s*$", item) if item else None
    if cur and m:
        print(cur + "\t" + m.group(1) + "\t" + item)
        item = ""
PY
	total=$(wc -l <"$D/$name.items")
	if [ "$total" = 0 ]; then
		echo "-- $name: no changelog item credits a reviewer by name"
		continue
	fi
	$RP --db "$D/$name.db" import --list review "$mbox" >/dev/null 2>&1
	echo "-- $name: $total credited changelog item(s)"
	i=0
	while IFS='	' read -r posting who item; do
		i=$((i + 1))
		$RP --db "$D/$name.db" draft add --from-message "$posting" >"$D/draft.out" 2>&1 || { echo "  item $i: draft add failed"; continue; }
		id=$(sed -n 's/^draft \([0-9]*\):.*/\1/p' "$D/draft.out")
		t0=$(date +%s.%N)
		$RP --db "$D/$name.db" compile "$id" --format json -o "$D/$name.json" || continue
		t1=$(date +%s.%N)
		python3 - "$D/$name.json" "$who" "$item" "$(echo "$t1 - $t0" | bc)" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1])); who = sys.argv[2]; item = sys.argv[3]
stop = set("the a an of to in and or for on rather than not be is are with this that new old".split())
words = lambda t: {w for w in re.findall(r"[a-z0-9:]+", t.lower()) if w not in stop and len(w) > 1}
iw = words(re.sub(r"\([^)]*\)\.?\s*$", "", item))
secs = d["sections"] + [d["general"]]
def best(texts):
    return max((len(iw & words(t)) for t in texts), default=0)
bul = [b["text"] for s in secs for b in s["bullets"] if who in b["members"]]
rows = [r["comment"] for r in d["matrix"] if r["member"] == who]
hit_b = best(bul) >= 2
hit_m = best(rows) >= 2
print(f"  {who}: in a bullet by that member: {'yes' if hit_b else 'no'}; in the matrix: {'yes' if hit_m else 'no'} "
      f"({len(bul)} bullets, {len(rows)} rows by them; {len(d['matrix'])} points, compile {float(sys.argv[4]):.2f}s)")
print(f"    item: {item[:100]}")
print("    note: the discussion scored is the thread of the posting that carries the changelog;"
      " the previous version's thread is not in the corpus")
PY
	done <"$D/$name.items"
done

# A real revision: the media subsystem profile, posted as a patch, discussed, then posted as
# v2. The drafts are the document each patch adds; the changes list is printed for reading
# (the v2 posting carries no changelog to score it against).
mbox=$C/maintainer-entry-profiles.mbox
v1=434c05bddd2b364e607e565227487910a8dd9793.1568391461.git.mchehab+samsung@kernel.org
v2=9cdbab30b9e0a435b97113b90645e647e8165225.1568815176.git.mchehab+samsung@kernel.org
if [ -f "$mbox" ]; then
	$RP --db "$D/media.db" import --list media "$mbox" >/dev/null 2>&1
	$RP --db "$D/media.db" draft add --from-message "$v1" >/dev/null 2>&1 &&
		$RP --db "$D/media.db" draft add --from-message "$v2" --revises 1 >/dev/null 2>&1 &&
		$RP --db "$D/media.db" compile 2 --changes-since 1 >"$D/media.md" 2>/dev/null
	echo "-- revision of a patch-circulated document (media profile v1 -> v2):"
	sed -n '3p' "$D/media.md" | sed 's/^/  /'
	grep '^- ' "$D/media.md" | cut -c1-110 | sed 's/^/  /'
fi
