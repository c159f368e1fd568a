"""minilist: the small list archives of the end-to-end tests that each exercise one rule of
the analysis. A three-section draft ("Guidelines for Testing") is circulated on list wg as
<circ@list.example>; replies are built from a sender, a Message-ID, the message answered
and a body, dated a minute apart in the order given.

    import minilist as ml
    ml.write(DIR, [ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
                            "> quoted draft text\\n\\nMy comment.\\n")])

writes DIR/list.mbox (the circulating message first) and DIR/draft.txt; the tests then
run `import --list wg DIR/list.mbox` and `draft add DIR/draft.txt --list wg --circulated
circ@list.example`.
"""
import os

CIRC = "circ@list.example"
TITLE = "Guidelines for Testing"
SUBJECT = "Call for comments: " + TITLE
DRAFT = (TITLE + "\n\n"
         "1 Introduction\n\nThis document describes how members comment on drafts and how the "
         "secretariat collects them.\n\n"
         "2 Tools\n\nParticipants mute their microphone when not speaking and use the chat for "
         "questions.\n\n"
         "3 Reporting\n\nThe secretariat publishes a summary of each meeting within two weeks.\n")
TEXT = "Content-Type: text/plain; charset=utf-8\n\n"

_minute = [0]


def message(sender, mid, body, subject=SUBJECT, parent=None, content=TEXT):
    """One mbox entry. content: the MIME header lines ending in a blank line (a
    multipart's Content-Type with its boundary), body: what follows them."""
    _minute[0] += 1
    irt = "In-Reply-To: <%s>\nReferences: <%s>\n" % (parent, parent) if parent else ""
    return ("From x@y Mon Mar  4 10:00:00 2024\nFrom: %s\nTo: wg@list.example\nSubject: %s\n"
            "Date: Mon, 04 Mar 2024 10:%02d:00 +0000\nMessage-ID: <%s>\n%sMIME-Version: 1.0\n%s%s\n"
            % (sender, subject, _minute[0] % 60, mid, irt, content, body))


def reply(sender, mid, parent, body, content=TEXT):
    """A reply in the circulating thread (its subject "Re: " the call's)."""
    return message(sender, mid, body, "Re: " + SUBJECT, parent, content)


def write(directory, replies, draft=DRAFT):
    os.makedirs(directory, exist_ok=True)
    _minute[0] = 0
    circ = message("Sec <sec@list.example>", CIRC, "Please comment by Friday.\n\n" + draft)
    with open(os.path.join(directory, "list.mbox"), "w", encoding="utf-8") as f:
        f.write(circ + "".join(replies))
    with open(os.path.join(directory, "draft.txt"), "w", encoding="utf-8") as f:
        f.write(draft)
