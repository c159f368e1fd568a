#!/usr/bin/env python3
"""gen-discussion: a deterministic synthetic discussion of a draft, for benchmarks.

Usage: gen-discussion.py DRAFT.txt N SEED > discussion.mbox

One circulating message (the draft as a text/plain attachment) and N replies in threads
under it: inline answers under quoted draft passages, references by section number,
"+1"/"I agree with X" replies, top-posted replies, proposals in quotes, objections and
questions, from a pool of 60 members.
"""
import random
import re
import sys

CUES = ["I agree with this.", "I support this wording.", "I am not comfortable with this.",
        "I disagree with the approach here.", "Suggest replacing it with \"a clearer text\".",
        "Could you clarify who decides this?", "This is fine as it stands.",
        "I would propose to add a sentence on funding.", "Fully agree.", "-1 on this part."]


def sections(draft):
    out, cur = [], None
    for line in draft.splitlines():
        m = re.match(r"^(\d+(?:\.\d+)*)\s+\S", line)
        if m:
            cur = [m.group(1), []]
            out.append(cur)
        elif cur and line.strip():
            cur[1].append(line)
    return [(n, ls) for n, ls in out if ls]


def main():
    draft = open(sys.argv[1]).read()
    n, seed = int(sys.argv[2]), int(sys.argv[3])
    r = random.Random(seed)
    secs = sections(draft)
    members = ["Member %02d <member%02d@example.org>" % (i, i) for i in range(60)]
    root = "circulation-bench@example.org"
    w = sys.stdout.write
    w("From chair@example.org Mon Jun  7 09:00:00 2021\nFrom: Chair <chair@example.org>\n"
      "To: list@example.org\nSubject: [List] Draft for comments\nDate: Mon, 07 Jun 2021 09:00:00 +0000\n"
      "Message-ID: <%s>\nList-Id: <list.example.org>\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
      "Here is the draft; comments by Friday.\n\n--b\nContent-Type: text/plain; name=\"draft.txt\"\n"
      "Content-Disposition: attachment; filename=\"draft.txt\"\n\n%s\n--b--\n\n" % (root, draft))
    ids = [root]
    for i in range(n):
        who = r.choice(members)
        parent = root if r.random() < 0.4 or len(ids) < 3 else r.choice(ids[-200:])
        mid = "reply-%d@example.org" % i
        num, lines = r.choice(secs)
        k = r.randrange(len(lines))
        quote = "\n".join("> " + l for l in lines[k:k + 3])
        style = r.random()
        if style < 0.5:
            body = "On Mon, 7 Jun 2021, Someone wrote:\n%s\n\n%s\n" % (quote, r.choice(CUES))
        elif style < 0.75:
            body = "On %s: %s %s\n" % (num, r.choice(CUES), r.choice(CUES))
        elif style < 0.85:
            body = "+1\n"
        else:
            body = "I agree with %s on this.\n\n%s\n" % (r.choice(members).split()[0] + " " + r.choice(members).split()[1], quote)
        day = 7 + (i * 4) // max(n, 1)
        w("From x@example.org Mon Jun  7 10:00:00 2021\nFrom: %s\nTo: list@example.org\n"
          "Subject: Re: [List] Draft for comments\nDate: Tue, %02d Jun 2021 %02d:%02d:00 +0000\n"
          "Message-ID: <%s>\nIn-Reply-To: <%s>\nReferences: <%s> <%s>\nList-Id: <list.example.org>\n\n%s\n"
          % (who, day, (i // 60) % 24, i % 60, mid, parent, root, parent, body))
        ids.append(mid)


if __name__ == "__main__":
    main()
