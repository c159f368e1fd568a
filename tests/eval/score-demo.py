#!/usr/bin/env python3
"""score-demo: score rapporteur's analysis of a list against hand labels.

Usage: score-demo.py LABELS.json POINTS.json EXCLUDED.json [CONSENSUS.json]

A gold point is matched to the predicted point of the same message whose text contains
the gold point's distinctive substring (white space folded). Prints anchoring accuracy
(gold points with a section), general-comment precision, excluded-message recall, stance
per-label precision/recall/F1 and macro-F1, "+1"/"agree with X" target resolution, and
section consensus levels when CONSENSUS.json is given.
"""
import json
import re
import sys


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip().lower()


def main():
    labels = json.load(open(sys.argv[1]))
    points = json.load(open(sys.argv[2]))["points"]
    excluded = json.load(open(sys.argv[3]))["excluded"]
    by_msg = {}
    for p in points:
        by_msg.setdefault(p["message_id"], []).append(p)
    anchored = anchored_ok = 0
    found = 0
    gold_total = 0
    stance_pairs = []
    targets = targets_ok = 0
    misses = []
    seen_ids = set()
    for m in labels["messages"]:
        if m["message_id"] in seen_ids:
            continue
        seen_ids.add(m["message_id"])
        for g in m["points"]:
            gold_total += 1
            cands = [p for p in by_msg.get(m["message_id"], []) if norm(g["text"]) in norm(p["text"])]
            if not cands:
                misses.append(("not found", m["message_id"], g["text"][:60]))
                if g["section"] != "general":
                    anchored += 1
                continue
            found += 1
            p = cands[0]
            secs = {a["section"] for a in p["anchors"]}
            if g["section"] != "general":
                anchored += 1
                want = {g["section"]} | set(g.get("also_sections", []))
                if secs & want:
                    anchored_ok += 1
                else:
                    misses.append(("section %s, got %s" % (g["section"], ",".join(sorted(secs))),
                                   m["message_id"], g["text"][:60]))
            stance_pairs.append((g["stance"], (p.get("stance") or {}).get("label")))
            t = g.get("target")
            if t:
                targets += 1
                pt = (p.get("stance") or {}).get("target") or {}
                if t["kind"] == pt.get("kind") and (
                        t["kind"] != "member" or norm(t["name"]).split()[0] in norm(pt.get("id"))):
                    targets_ok += 1
                else:
                    misses.append(("target %s, got %s" % (t, pt), m["message_id"], g["text"][:60]))
    # General-comment precision: predicted points whose only anchor is general, matched to gold.
    gen_pred = gen_ok = 0
    gold_by_msg = {}
    for m in labels["messages"]:
        gold_by_msg.setdefault(m["message_id"], []).extend(m["points"])
    for p in points:
        if {a["section"] for a in p["anchors"]} != {"general"}:
            continue
        golds = [g for g in gold_by_msg.get(p["message_id"], []) if norm(g["text"]) in norm(p["text"])]
        if not golds:
            continue
        gen_pred += 1
        gen_ok += golds[0]["section"] == "general"
    # Excluded-message recall.
    gold_ex = {m["message_id"] for m in labels["messages"] if not m["included"]}
    gold_in = {m["message_id"] for m in labels["messages"] if m["included"]}
    gold_ex -= gold_in  # a duplicate delivery keeps its first, included entry
    pred_ex = {e["message_id"] for e in excluded}
    pred_in = {p["message_id"] for p in points}
    ex_ok = len([x for x in gold_ex if x in pred_ex or x not in pred_in])
    print("points found: %d of %d gold points" % (found, gold_total))
    print("anchoring accuracy: %d/%d = %.3f" % (anchored_ok, anchored, anchored_ok / max(anchored, 1)))
    print("general-comment precision: %d/%d = %.3f" % (gen_ok, gen_pred, gen_ok / max(gen_pred, 1)))
    print("excluded-message recall: %d/%d = %.3f" % (ex_ok, len(gold_ex), ex_ok / max(len(gold_ex), 1)))
    labels_set = ["support", "object", "amend", "question", "note"]
    f1s = []
    print("%-9s %6s %6s %6s %4s" % ("stance", "P", "R", "F1", "n"))
    for lab in labels_set:
        tp = sum(1 for g, p in stance_pairs if g == lab and p == lab)
        fp = sum(1 for g, p in stance_pairs if g != lab and p == lab)
        fn = sum(1 for g, p in stance_pairs if g == lab and p != lab)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        if tp + fn:
            f1s.append(f1)
        print("%-9s %6.2f %6.2f %6.2f %4d" % (lab, pr, rc, f1, tp + fn))
    print("stance macro-F1: %.3f" % (sum(f1s) / max(len(f1s), 1)))
    print("targets resolved: %d/%d" % (targets_ok, targets))
    if len(sys.argv) > 4:
        cons = json.load(open(sys.argv[4]))
        secs = cons.get("sections", cons if isinstance(cons, list) else [])
        got = {s["section"]: s["level"] for s in secs}
        ok = sum(1 for k, v in labels["sections"].items() if got.get(k) == v)
        print("consensus levels: %d/%d sections as labelled" % (ok, len(labels["sections"])))
        for k, v in labels["sections"].items():
            if got.get(k) != v:
                misses.append(("level %s, got %s" % (v, got.get(k)), "section " + k, ""))
    if "-v" in sys.argv or len(misses) <= 40:
        for why, mid, text in misses:
            print("  miss: %-34s %s  %s" % (why, mid[:40], text))


if __name__ == "__main__":
    main()
