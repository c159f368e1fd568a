#!/usr/bin/env python3
"""gen-mbox: a deterministic synthetic list archive for benchmarks.

Usage: gen-mbox.py N SEED > archive.mbox   (or --maildir DIR to write a Maildir)

Messages look like list traffic: threads of 1-30 messages with In-Reply-To/References,
quoted replies ("> "), signatures, list footers, some multipart/alternative with HTML,
some quoted-printable and base64 bodies, a few attachments, sizes from 1 KB to 60 KB
(median about 3 KB). The same N and SEED always give the same bytes.

With GEN_MBOX_YEARS=Y in the environment the messages are spread evenly over the Y years
before June 2021 (an archive), instead of all falling in June 2021 (one busy month).
"""
import base64
import email.utils
import os
import random
import sys

WORDS = ("the draft section paper group should we agree issue teams parliament industry "
         "outreach approval secretary general resources funding communication year round "
         "intersessional work mandate strategy proposal concern support objection text "
         "paragraph wording change clarify question timeline budget members coalition "
         "forum multistakeholder process review comment feedback annex recommendation").split()
NAMES = ["Mark Carvell", "Wout de Natris", "Avri Doria", "June Parris", "Lucien Castex",
         "Rajendra Pratap Gupta", "Markus Kummer", "Olga Cavalli", "Jutta Croll", "Judith Hellerstein",
         "Raul Echeberria", "Amali De Silva", "Sébastien Bachollet", "Nnenna Nwakanma"]


def sentence(r):
    n = r.randint(6, 22)
    s = " ".join(r.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + r.choice([".", ".", ".", "?", "!"])


def paragraph(r, lo=1, hi=6):
    text = " ".join(sentence(r) for _ in range(r.randint(lo, hi)))
    out, line = [], ""
    for w in text.split():
        if len(line) + len(w) + 1 > 72:
            out.append(line)
            line = w
        else:
            line = (line + " " + w).strip()
    out.append(line)
    return "\n".join(out)


def body(r, parent_body):
    parts = []
    if r.random() < 0.3:
        parts.append("Hi all,")
    target = r.choice([600, 1000, 1500, 2000, 2500, 3000, 4000, 6000, 10000, 25000])
    size = 0
    if parent_body and r.random() < 0.8:
        quoted = "\n".join("> " + l for l in parent_body.split("\n")[:r.randint(3, 40)])
        parts.append("On Tue, 8 Jun 2021 at 10:02, Someone <someone@example.org> wrote:\n" + quoted)
        size += len(quoted)
    while size < target * 0.7:
        p = paragraph(r)
        if r.random() < 0.1:
            p = "+1, I agree with Mark on this."
        parts.append(p)
        size += len(p)
    parts.append("Best regards,\n" + r.choice(NAMES))
    if r.random() < 0.5:
        parts.append("-- \n" + r.choice(NAMES) + "\nExample Organisation")
    parts.append("_______________________________________________\nDC-coord mailing list\n"
                 "dc-coord@lists.example.org\nhttps://lists.example.org/mailman/listinfo/dc-coord")
    return "\n\n".join(parts) + "\n"


SPREAD = None  # (total messages, years) when GEN_MBOX_YEARS is set
JUNE_2021 = 1622505600  # 2021-06-01T00:00:00Z


def date_header(i, day):
    if SPREAD:
        total, years = SPREAD
        span = years * 365 * 86400
        t = JUNE_2021 - span + (span * i) // max(total, 1)
        return "Date: " + email.utils.formatdate(t, usegmt=False).replace("-0000", "+0000")
    return "Date: %s, %02d Jun 2021 %02d:%02d:%02d +0000" % (
        ["Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"][day % 7], day, (i // 60) % 24, i % 60, i % 59)


def message(r, i, threads):
    name = r.choice(NAMES)
    addr = name.lower().replace(" ", ".").encode("ascii", "ignore").decode() + "@example.org"
    mid = "bench-%d@lists.example.org" % i
    day = 1 + (i // 2000) % 28
    hdr = ["From: %s <%s>" % (name if name.isascii() else "=?UTF-8?Q?" + "".join(
        c if c.isalnum() and c.isascii() else "=%02X" % b for c in name for b in c.encode())[:60] + "?=", addr),
           "To: DC coordination <dc-coord@lists.example.org>",
           date_header(i, day),
           "Message-ID: <%s>" % mid, "List-Id: DC coordination <dc-coord.lists.example.org>"]
    parent = None
    if threads and r.random() < 0.75:
        root, chain = r.choice(threads)
        parent = chain[-1] if r.random() < 0.6 else r.choice(chain)
        hdr.append("Subject: Re: [DC-coord] %s" % root)
        hdr.append("In-Reply-To: <%s>" % parent[0])
        hdr.append("References: " + " ".join("<%s>" % m for m, _ in chain[-10:]))
        chain.append((mid, None))
        text = body(r, parent[1] or "")
        chain[-1] = (mid, text[:2000])
        if len(chain) > 30:
            threads.remove((root, chain))
    else:
        subject = " ".join(r.choice(WORDS) for _ in range(r.randint(3, 8))).capitalize()
        hdr.append("Subject: [DC-coord] %s" % subject)
        text = body(r, None)
        threads.append((subject, [(mid, text[:2000])]))
        if len(threads) > 200:
            threads.pop(0)
    kind = r.random()
    if kind < 0.70:
        hdr += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        return "\n".join(hdr) + "\n\n" + text
    if kind < 0.85:
        b = "=_alt_%d" % i
        html = "<html><body><p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace("\n\n", "</p><p>") + "</p></body></html>"
        hdr += ["MIME-Version: 1.0", 'Content-Type: multipart/alternative; boundary="%s"' % b]
        return ("\n".join(hdr) + "\n\n--%s\nContent-Type: text/plain; charset=utf-8\n\n%s\n--%s\n"
                "Content-Type: text/html; charset=utf-8\n\n%s\n--%s--\n" % (b, text, b, html, b))
    if kind < 0.95:
        qp = text.replace("=", "=3D")
        hdr += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable"]
        return "\n".join(hdr) + "\n\n" + qp
    b = "=_mix_%d" % i
    att = base64.encodebytes(("attachment %d\n" % i).encode() * r.randint(10, 400)).decode()
    hdr += ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="%s"' % b]
    return ("\n".join(hdr) + "\n\n--%s\nContent-Type: text/plain; charset=utf-8\n\n%s\n--%s\n"
            "Content-Type: application/pdf; name=\"paper-%d.pdf\"\nContent-Transfer-Encoding: base64\n"
            "Content-Disposition: attachment; filename=\"paper-%d.pdf\"\n\n%s--%s--\n" % (b, text, b, i, i, att, b))


def main():
    args = sys.argv[1:]
    maildir = None
    if args and args[0] == "--maildir":
        maildir = args[1]
        args = args[2:]
    n, seed = int(args[0]), int(args[1]) if len(args) > 1 else 42
    global SPREAD
    if os.environ.get("GEN_MBOX_YEARS"):
        SPREAD = (n, int(os.environ["GEN_MBOX_YEARS"]))
    r = random.Random(seed)
    threads = []
    if maildir:
        for d in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(maildir, d), exist_ok=True)
    out = sys.stdout
    for i in range(n):
        m = message(r, i, threads)
        if maildir:
            with open(os.path.join(maildir, "cur", "%010d.bench:2,S" % i), "w") as f:
                f.write(m)
        else:
            lines = m.split("\n")
            lines = [(">" + l) if l.lstrip(">").startswith("From ") else l for l in lines]
            out.write("From bench@example.org Tue Jun  8 10:02:00 2021\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
