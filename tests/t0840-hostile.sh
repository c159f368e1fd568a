#!/bin/sh
# Hostile content: a list archive and a draft full of XSS and injection payloads
# (fixtures/hostile/) run through import, draft add, compile in every format and check
# --html. The HTML, opened in headless Chromium with every host name mapped to a local
# listener, runs no script and loads nothing; the Markdown carries no raw HTML and no
# javascript:/data: links; the email output has no injected header; no CSV cell can start a
# formula.
. tests/lib.sh
H=$FIX/hostile
DB=$T/db
$RP --db "$DB" import --list wg "$H/list.mbox" >/dev/null 2>"$T/err"
check "import of the hostile archive: exit 0 or 1 (parse notes), never a crash" [ $? -le 1 ]
check_eq "every hostile message stored" "$(sqlite3 "$DB" 'select count(*) from message')" 9
$RP --db "$DB" draft add "$H/draft.txt" --list wg --circulated circ@hostile.example >/dev/null
check_eq "hostile draft stored" "$?" 0
# A second draft whose title, given on the command line, tries to add a header (circulated
# by the same message, so that the same hostile replies answer it).
$RP --db "$DB" draft add "$H/draft.txt" --list wg --revises 1 --circulated circ@hostile.example \
	--title "$(printf 'Evil\r\nBcc: victim@evil.example\r\nX-Injected: yes')" >/dev/null
check_eq "draft with a CR/LF title stored" "$?" 0
for d in 1 2; do
	for fmt in markdown html json email csv; do
		$RP --db "$DB" compile $d --format $fmt --from sec@hostile.example \
			--to wg@lists.hostile.example --archive-url 'https://arch.example/%s' \
			-o "$T/d$d.$fmt" 2>"$T/err"
		check_eq "draft $d: compile --format $fmt exits 0" "$?" 0
	done
done
$RP --db "$DB" check --html alice@hostile.example --draft 1 -o "$T/receipt.html"
check "check --html on a hostile member" [ $? -le 1 ]
check "json output is valid JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/d1.json"
check "payloads reach the outputs (the test is not vacuous)" grep -q 'PWNED' "$T/d1.markdown" "$T/d1.html"

# Markdown: outside code, no raw tag, no autolink or link to a dangerous scheme.
md_audit() {
	python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
bad = []
# An unescaped "<" that opens a tag, comment or autolink.
for m in re.finditer(r'(?<!\\)<(?=[A-Za-z/!?])', t):
    bad.append("raw HTML: " + t[m.start():m.start() + 40])
for m in re.finditer(r'(?<!\\)\]\(\s*<?\s*(javascript|data|vbscript):', t, re.I):
    bad.append("link: " + t[m.start():m.start() + 40])
for m in re.finditer(r'(?<!\\)!(?<!\\)\[[^\]]*\]\(', t):
    bad.append("image: " + t[m.start():m.start() + 40])
for b in bad[:5]:
    print("#   " + b.replace("\n", " "))
sys.exit(1 if bad else 0)
PY
}
for d in 1 2; do
	check "draft $d: Markdown carries no raw HTML, no javascript:/data: link, no image" md_audit "$T/d$d.markdown"
done

# Email: the header block is exactly the expected fields, each once, on one line each.
hdr_audit() {
	python3 - "$1" <<'PY'
import sys
raw = open(sys.argv[1], "rb").read()
head = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
names, bad = [], []
for line in head.split(b"\n"):
    line = line.rstrip(b"\r")
    if line[:1] in (b" ", b"\t"):
        continue  # folded continuation
    if b"\r" in line or b":" not in line:
        bad.append(line)
        continue
    names.append(line.split(b":", 1)[0].lower())
allowed = {b"from", b"to", b"subject", b"date", b"message-id", b"in-reply-to", b"references",
           b"mime-version", b"content-type", b"content-transfer-encoding"}
for n in names:
    if n not in allowed or names.count(n) > 1:
        bad.append(n)
if any(c > 126 or (c < 32 and c not in (9, 10, 13)) for c in head):
    bad.append(b"raw control or 8-bit byte in the header")
for b in bad:
    print("#   bad header:", b[:60])
sys.exit(1 if bad or b"bcc" in names else 0)
PY
}
for d in 1 2; do
	check "draft $d: email output has no injected header" hdr_audit "$T/d$d.email"
done
check "the injected Bcc never appears as a header" sh -c "! grep -qi '^bcc:' '$T/d1.email' '$T/d2.email'"

# CSV: no cell starts with =, +, -, @, TAB or CR (RFC 4180 cells, read with python's csv).
csv_audit() {
	python3 - "$1" <<'PY'
import csv, sys
bad = 0
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
for r in rows[1:]:
    for c in r:
        if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
            print("#   formula cell:", c[:40]); bad += 1
sys.exit(1 if bad or len(rows) < 10 else 0)
PY
}
for d in 1 2; do
	check "draft $d: no CSV cell can start a formula" csv_audit "$T/d$d.csv"
done

# HTML: static audit (no active element, no event handler, no dangerous URL), then Chromium.
html_audit() {
	python3 - "$1" <<'PY'
import sys
from html.parser import HTMLParser
bad = []
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "img", "link", "base", "form",
                   "svg", "math", "frame", "video", "audio", "source", "input", "textarea"):
            bad.append(tag)
        for k, v in attrs:
            v = (v or "").strip().lower()
            if k.startswith("on") or k in ("src", "srcset", "formaction", "background"):
                bad.append(tag + " " + k)
            if k == "href" and not v.startswith(("mid:", "https://arch.example/", "#")):
                bad.append("href " + v[:40])
            if k == "style" and "url(" in v:
                bad.append("style url")
            if tag == "meta" and k == "http-equiv" and v == "refresh":
                bad.append("meta refresh")
P().feed(open(sys.argv[1], encoding="utf-8").read())
for b in bad[:5]:
    print("#   active:", b)
sys.exit(1 if bad else 0)
PY
}
for f in d1.html d2.html receipt.html; do
	check "$f: no script, handler, embedded resource or dangerous link" html_audit "$T/$f"
done

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	echo "ok - # SKIP chromium not installed (apt-get install -y chromium)"
else
	# Every host name resolves to a local listener that counts requests: any load from a
	# payload (image, CSS url(), iframe, fetch) would show up there. Requests the browser
	# makes for itself (component updates, clock) go to Google hosts and are not counted.
	python3 - "$T/hits" "$T/port" <<'PY' &
import http.server, sys
hits, portfile = sys.argv[1], sys.argv[2]
open(hits, "w").close()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0]
        # The browser's own update and clock checks are not the page's doing.
        if host.endswith((".google.com", ".googleapis.com", ".gvt1.com")):
            self.send_response(404); self.end_headers(); return
        with open(hits, "a") as f: f.write(host + self.path + "\n")
        self.send_response(200); self.end_headers(); self.wfile.write(b"x")
    do_POST = do_GET
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(portfile + ".tmp", "w").write(str(s.server_port))
__import__("os").rename(portfile + ".tmp", portfile)
s.serve_forever()
PY
	lpid=$!
	at_exit "kill $lpid 2>/dev/null"
	n=0
	while [ ! -s "$T/port" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	port=$(cat "$T/port")
	for f in d1.html d2.html receipt.html; do
		prof=$(mktemp -d "$T/chrome.XXXXXX")
		timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu \
			--disable-background-networking --disable-component-update --disable-sync \
			--no-first-run --user-data-dir="$prof" \
			--host-resolver-rules="MAP * 127.0.0.1:$port" \
			--virtual-time-budget=3000 --dump-dom "file://$T/$f" >"$T/$f.dom" 2>/dev/null
		check "chromium: $f loads and renders" grep -q '</body>' "$T/$f.dom"
		check "chromium: $f ran no script (title unchanged, no script element)" sh -c \
			"! grep -q '<title>PWNED' '$T/$f.dom' && ! grep -qi '<script' '$T/$f.dom'"
		check "chromium: $f runs clean in the DOM audit" html_audit "$T/$f.dom"
	done
	check_eq "chromium: nothing was loaded from outside" "$(wc -l <"$T/hits")" 0
	sed 's/^/#   loaded: /' "$T/hits" | head -n 5
	# The listener is live: a page that does load from outside is seen (the check can fail).
	printf '<img src="http://evil.example/probe"><script>document.title="PWNED"</script>' >"$T/probe.html"
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" \
		--host-resolver-rules="MAP * 127.0.0.1:$port" --virtual-time-budget=3000 \
		--dump-dom "file://$T/probe.html" >"$T/probe.dom" 2>/dev/null
	check "chromium: the listener sees a page that does load from outside" grep -q probe "$T/hits"
	check "chromium: a page that does run a script is seen" grep -q '<title>PWNED' "$T/probe.dom"
fi

# A sender name with RIGHT-TO-LEFT OVERRIDE ("Dan U+202E gnp.exe") would display the citation
# after it reversed; no output carries an override or isolate, and right-to-left names and
# comments (Hebrew, Arabic with its RLM mark) come out as written.
python3 - "$T/bidi" <<'PY'
import os, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
draft = "Guidelines for Testing\n\n1 Introduction\n\nThis document describes how members comment on drafts.\n\n2 Tools\n\nParticipants mute their microphone when not speaking.\n"
hdr = ("From x@y Mon Mar  4 10:00:00 2024\nFrom: %s\nTo: wg@list.example\nSubject: %s\n"
       "Date: Mon, 04 Mar 2024 1%d:00:00 +0000\nMessage-ID: <%s>\n%sMIME-Version: 1.0\n"
       "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s\n")
irt = "In-Reply-To: <circ@list.example>\n"
m = [hdr % ("Sec <sec@list.example>", "Call \u202efor comments: Guidelines for Testing", 0, "circ@list.example", "", "Please comment.\n\n" + draft),
     hdr % ("Dan \u202e\u200dgnp.exe <dan@a.example>", "Re: Call for comments", 1, "r1@a.example", irt,
            "> Participants mute their microphone\n\nI support this, \u202ereversed\u2066 text.\n"),
     hdr % ("\u05db\u05e8\u05de\u05dc \u05d3\u05d9\u05d0\u05d6 <carmel@a.example>", "Re: Call for comments", 2, "r2@a.example", irt,
            "> This document describes how members comment\n\nI object: \u0627\u0644\u0641\u064a\u062f\u064a\u0648 \u0644\u064a\u0633 \u0625\u0644\u0632\u0627\u0645\u064a\u0627\u200f.\n")]
open(d + "/b.mbox", "w", encoding="utf-8").write("".join(m))
open(d + "/draft.txt", "w", encoding="utf-8").write(draft)
PY
$RP --db "$T/bidi.db" import --list wg "$T/bidi/b.mbox" >/dev/null 2>&1
$RP --db "$T/bidi.db" draft add "$T/bidi/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
bidi_audit() { # bidi_audit FILE: no override or isolate, the RTL text and Dan's name intact
	python3 - "$1" <<'PY'
import quopri, sys
raw = open(sys.argv[1], "rb").read()
if raw.startswith(b"From:"):
    raw = quopri.decodestring(raw.split(b"\n\n", 1)[1])
t = raw.decode("utf-8")
bad = [hex(ord(c)) for c in t if 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
want = ["Dan \u200dgnp.exe", "\u05db\u05e8\u05de\u05dc \u05d3\u05d9\u05d0\u05d6",
        "\u0627\u0644\u0641\u064a\u062f\u064a\u0648 \u0644\u064a\u0633 \u0625\u0644\u0632\u0627\u0645\u064a\u0627\u200f"]
missing = [w for w in want if w not in t]
for x in bad[:3] + missing:
    print("#   " + ascii(x))
sys.exit(1 if bad or missing else 0)
PY
}
for fmt in markdown html json email csv; do
	$RP --db "$T/bidi.db" compile 1 --format $fmt -o "$T/bidi.$fmt" 2>/dev/null
	check "bidi: $fmt has no directional override and keeps Hebrew and Arabic" bidi_audit "$T/bidi.$fmt"
done
check "bidi: HTML isolates the names" grep -q "<bdi>Dan $(printf '\342\200\215')gnp.exe</bdi>" "$T/bidi.html"
# The terminal commands print the same names and subjects: no override reaches the terminal
# either, and the rest of the name is kept.
no_override() { ! grep -q -e "$(printf '\342\200\256')" -e "$(printf '\342\201\246')" "$1"; }
for cmd in threads "show r1@a.example" "points 1" members; do
	f="$T/bidi.out.$(echo "$cmd" | cut -d' ' -f1)"
	$RP --db "$T/bidi.db" $cmd >"$f" 2>/dev/null
	check "bidi: $cmd prints no directional override" no_override "$f"
done
check "bidi: threads keeps the subject's words" grep -q "Call for comments" "$T/bidi.out.threads"
check "bidi: show keeps the sender's name" grep -q "Dan $(printf '\342\200\215')gnp.exe" "$T/bidi.out.show"

# File and list names reach the terminal: an ESC sequence or a newline in one is shown
# escaped (\x1b, \n), and a list name with one, or with bytes that are not UTF-8, is refused.
esc=$(printf '\033')
mkdir -p "$T/names"
head -c 3000 /dev/zero | tr '\0' '\001' >"$T/names/bin${esc}[31mred.mbox"
printf 'not mail\n' >"$T/names/new
line.mbox"
$RP --db "$T/names.db" import "$T/names" >/dev/null 2>"$T/names.err"
check_eq "escaped names: import exits 1" "$?" 1
check "escaped names: the ESC in a file name is shown as \\x1b" grep -qF 'bin\x1b[31mred.mbox: binary data' "$T/names.err"
check "escaped names: the newline in a file name is shown as \\n" grep -qF 'new\nline.mbox: ' "$T/names.err"
check "escaped names: no ESC byte on stderr" sh -c "! grep -q '$esc' '$T/names.err'"
$RP --db "$T/names.db" import "$T/names/missing${esc}]0;x.mbox" >/dev/null 2>"$T/names.err"
check "escaped names: a missing file's name is escaped" grep -qF 'missing\x1b]0;x.mbox: No such file' "$T/names.err"
printf 'From a@b Mon Mar  4 10:00:00 2024\nMessage-ID: <n1@x>\n\nhi\n' >"$T/names/ok.mbox"
$RP --db "$T/lists.db" import --list wg "$T/names/ok.mbox" >/dev/null 2>&1
n=0
for l in "new
line" "red${esc}[31m" "$(printf 'bad\377')"; do
	n=$((n + 1))
	$RP --db "$T/lists.db" import --list "$l" "$T/names/ok.mbox" >/dev/null 2>"$T/names.err"
	check_eq "list name $n (newline, ESC, not UTF-8): import refuses it (exit 2)" "$?" 2
	check "list name $n: the error says why" grep -q -e "control character" -e "not valid UTF-8" "$T/names.err"
	check "list name $n: the name is shown escaped" grep -q -e 'new\\nline' -e 'red\\x1b' -e 'bad\\xff' "$T/names.err"
	$RP --db "$T/lists.db" draft add "$T/names/ok.mbox" --list "$l" >/dev/null 2>"$T/names.err"
	check_eq "list name $n: draft add refuses it (exit 2)" "$?" 2
	$RP --db "$T/lists.db" fetch "$l" >/dev/null 2>"$T/names.err"
	check_eq "list name $n: fetch refuses it (exit 2)" "$?" 2
done
check_eq "list names: no list was made" "$(sqlite3 "$T/lists.db" "select group_concat(name) from list")" wg
