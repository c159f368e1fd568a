#!/usr/bin/env python3
"""mailtool: test data for the IMAP tests, the demo and the fetch benchmark.

  mailtool.py gen N [SEED]        write N messages of synthetic list traffic as an mbox
                                  to stdout (threads, replies quoting the draft, +1 and
                                  objection lines, List-Id); deterministic for a seed
  mailtool.py maildir MBOX DIR    split an mbox (mboxrd unquoting) into DIR/cur/ as
                                  Dovecot's Maildir files, fast: names carry S= and W=
                                  sizes and the mtime is the Date header, which Dovecot
                                  takes as INTERNALDATE
  mailtool.py drain PORT USER PASS [CAFILE]
                                  the server's floor for the fetch benchmark: log in on
                                  127.0.0.1:PORT (IMAPS when CAFILE is given), FETCH
                                  every message's BODY.PEEK[] in one pipelined command
                                  and throw the bytes away; prints the bytes received
                                  and the seconds from connect to the last byte (the
                                  interpreter's start-up excluded)
"""
import email.utils
import os
import random
import socket
import ssl
import sys
import time

WORDS = ("the draft section text proposal change wording registry security consideration "
         "interoperability implementation deployment operator transition timer value default "
         "normative reference example appendix editorial clarification scope requirement "
         "extension header field parameter error handling backward compatible").split()
CUES = ["+1, this looks right to me.", "I support this change.", "NAK: this breaks existing deployments.",
        "I disagree with the proposed default.", "Acked-by: {who}", "Agree with the previous message.",
        "I object to making this normative.", "Minor nit: typo in the second paragraph.",
        "This needs more discussion before last call.", "Fine with me either way."]
PEOPLE = [("Alice Martin", "alice@example.org"), ("Bob Chen", "bob@example.net"),
          ("Carla Diaz", "carla@example.com"), ("Dmitri Ivanov", "dmitri@example.org"),
          ("Eve Okafor", "eve@example.net"), ("Farid Haddad", "farid@example.com"),
          ("Grace Kim", "grace@example.org"), ("Hiro Tanaka", "hiro@example.jp")]


def sentence(r, n):
    w = [r.choice(WORDS) for _ in range(n)]
    return " ".join(w).capitalize() + "."


def gen(n, seed):
    r = random.Random(seed)
    out = sys.stdout.buffer
    t0 = 1709251200  # 2024-03-01
    threads = []  # (root id, subject, last id, refs)
    for i in range(1, n + 1):
        name, addr = r.choice(PEOPLE)
        t = t0 + i * 600 + r.randrange(300)
        mid = "<gen-%d-%d@list.example.org>" % (seed, i)
        body = []
        if threads and r.random() < 0.75:
            th = r.choice(threads[-50:])
            root, subj, parent, refs = th
            hdr_extra = "In-Reply-To: %s\nReferences: %s\n" % (parent, " ".join(refs + [parent])[-900:])
            subject = "Re: " + subj
            body.append("On some day, someone wrote:")
            for _ in range(r.randrange(2, 6)):
                body.append("> " + sentence(r, 12))
            body.append("")
            body.append(r.choice(CUES).format(who=addr))
            th[2] = mid
            th[3] = (refs + [parent])[-8:]
        else:
            sec = "%d.%d" % (r.randrange(1, 9), r.randrange(1, 12))
            subject = "Comments on section %s of draft-ietf-foo-bar-%02d" % (sec, r.randrange(10))
            hdr_extra = ""
            threads.append([mid, subject, mid, []])
            body.append("In section %s:" % sec)
        for _ in range(r.randrange(8, 22)):
            body.append(sentence(r, r.randrange(6, 16)))
        body.append("")
        body.append("-- ")
        body.append(name)
        msg = ("From: %s <%s>\nTo: foo@list.example.org\nSubject: %s\nDate: %s\nMessage-ID: %s\n%s"
               "List-Id: Foo working group <foo.list.example.org>\nMIME-Version: 1.0\n"
               "Content-Type: text/plain; charset=utf-8\n\n%s\n") % (
            name, addr, subject, email.utils.formatdate(t), mid, hdr_extra, "\n".join(body))
        out.write(b"From %s %s\n" % (addr.encode(), time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(t)).encode()))
        for line in msg.encode().split(b"\n")[:-1]:
            if line.lstrip(b">").startswith(b"From "):
                line = b">" + line
            out.write(line + b"\n")
        out.write(b"\n")


def split_mbox(path):
    msg = None
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b"From "):
                if msg is not None:
                    yield msg
                msg = []
                continue
            if msg is None:
                continue
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]
            msg.append(line)
    if msg is not None:
        yield msg


def maildir(mbox, d):
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    now = int(time.time())
    pid = os.getpid()
    for i, lines in enumerate(split_mbox(mbox), 1):
        if lines and lines[-1] == b"\n":
            lines = lines[:-1]  # the separator line before the next From_
        data = b"".join(l.rstrip(b"\r\n") + b"\n" for l in lines)
        t = now
        for l in lines:
            if l == b"\n":
                break
            if l[:5].lower() == b"date:":
                try:
                    t = int(email.utils.parsedate_to_datetime(l[5:].decode("latin-1").strip()).timestamp())
                except Exception:
                    pass
                break
        name = "%d.M%dP%dQ%d.rapporteur,S=%d,W=%d:2," % (now, i, pid, i, len(data), len(data) + data.count(b"\n"))
        p = os.path.join(d, "cur", name)
        with open(p, "wb") as f:
            f.write(data)
        os.utime(p, (t, t))
    return 0


def drain(port, user, password, cafile):
    """What any client must wait for: the server sending every message once."""
    t0 = time.monotonic()
    sock = socket.create_connection(("127.0.0.1", port))
    if cafile:
        ctx = ssl.create_default_context(cafile=cafile)
        sock = ctx.wrap_socket(sock, server_hostname="localhost")
    quoted = password.replace("\\", "\\\\").replace('"', '\\"')
    sock.sendall(('a LOGIN %s "%s"\r\nb SELECT INBOX\r\nc FETCH 1:* BODY.PEEK[]\r\n'
                  'd LOGOUT\r\n' % (user, quoted)).encode())
    total, tail = 0, b""
    while True:
        chunk = sock.recv(1 << 20)
        if not chunk:
            break
        total += len(chunk)
        tail = (tail + chunk)[-4096:]
    if b"\r\nc OK" not in tail and not tail.startswith(b"c OK"):
        sys.stderr.write("drain: the FETCH did not complete: %r\n" % tail[-200:])
        return 1
    print(total, "%.3f" % (time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    elif len(sys.argv) == 4 and sys.argv[1] == "maildir":
        sys.exit(maildir(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) in (5, 6) and sys.argv[1] == "drain":
        sys.exit(drain(int(sys.argv[2]), sys.argv[3], sys.argv[4],
                       sys.argv[5] if len(sys.argv) == 6 else None))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
