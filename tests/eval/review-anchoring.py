#!/usr/bin/env python3
"""review-anchoring: score anchoring on a real document review where each posting is one
section of the document, so the section of every reply is the posting it descends from.

Usage: review-anchoring.py prepare MBOX OUTDIR   -> OUTDIR/draft.md, OUTDIR/gold.json
       review-anchoring.py score GOLD.json POINTS.json DRAFT-SHOW.json
"""
import email
import email.policy
import json
import mailbox
import os
import re
import sys

PART = re.compile(r"\[(\d+[ab]?)/\d+\]\s*[^:]*:\s*(.*)")


def body_of(msg):
    if msg.is_multipart():
        for part in msg.walk():
            if part.get_content_type() == "text/plain":
                return part.get_content()
        return ""
    return msg.get_content()


def prepare(mbox, out):
    msgs = [email.message_from_bytes(m.as_bytes(), policy=email.policy.default)
            for m in mailbox.mbox(mbox)]
    by_id = {m["message-id"].strip(): m for m in msgs}
    sections = {}
    order = []
    for m in msgs:
        subj = " ".join(str(m["subject"]).split())
        mm = PART.search(subj)
        if mm and not subj.lower().startswith("re:"):
            num = mm.group(1)
            sections[m["message-id"].strip()] = num
            order.append((num, mm.group(2).strip(), body_of(m)))
    order.sort(key=lambda t: (int(re.match(r"\d+", t[0]).group()), t[0]))
    with open(os.path.join(out, "draft.md"), "w") as f:
        f.write("# reporting-issues\n\n")
        for num, title, body in order:
            f.write("## %s %s\n\n%s\n\n" % (num, title, body))
    gold = {}
    for m in msgs:
        mid = m["message-id"].strip()
        if mid in sections:
            continue
        cur, hops = m, 0
        while cur is not None and hops < 50:
            parent = (cur["in-reply-to"] or "").strip()
            if parent in sections:
                gold[mid.strip("<>")] = sections[parent]
                break
            cur = by_id.get(parent)
            hops += 1
    json.dump(gold, open(os.path.join(out, "gold.json"), "w"), indent=1)
    root = [m for m in msgs if not m["in-reply-to"]][0]
    print(root["message-id"].strip().strip("<>"))


def score(gold_file, points_file, draft_file):
    gold = json.load(open(gold_file))
    pts = json.load(open(points_file))["points"]
    # Each posting may carry its own RST headings; a section counts as the posting whose
    # numbered heading ("## 2 ...") comes last before it in the draft.
    owner, cur = {}, None
    for sec in json.load(open(draft_file))["sections"]:
        if sec["number"]:
            cur = sec["number"]
        owner.setdefault(sec["number"] or sec["heading"], cur)
    n = ok = 0
    per_msg = {}
    misses = []
    for p in pts:
        if p["message_id"] not in gold:
            continue
        n += 1
        secs = {owner.get(a["section"], a["section"]) for a in p["anchors"]}
        hit = gold[p["message_id"]] in secs
        ok += hit
        per_msg.setdefault(p["message_id"], []).append(hit)
        if not hit:
            got = ",".join(sorted("%s (%s)" % (owner.get(a["section"], a["section"]), a["method"])
                                  for a in p["anchors"]))
            misses.append("  miss: posting %s, got %-24s %-40.40s %.50s"
                          % (gold[p["message_id"]], got, p["message_id"],
                             " ".join(p["text"].split())))
    msgs_ok = sum(1 for v in per_msg.values() if sum(v) * 2 >= len(v))
    print("review anchoring: %d/%d points = %.3f; messages with most points right: %d/%d"
          % (ok, n, ok / max(n, 1), msgs_ok, len(per_msg)))
    for m in misses:
        print(m)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    else:
        score(sys.argv[2], sys.argv[3], sys.argv[4])
