#!/bin/sh
# Limits: every cap on hostile input (message size, MIME nesting depth, MIME part count,
# header count, gzip expansion, draft size) is hit by a generated input. A message over a
# cap is stored with its parse error and reported; the messages around it and the files
# after it are still imported; time and memory stay bounded. Deep quoting is handled in
# bounded time.
. tests/lib.sh
DB=$T/db
python3 - "$T" <<'PY'
import sys, zlib
T = sys.argv[1]
def hdr(mid, extra=""):
    return ("From: Ann <ann@x.example>\nTo: l@x.example\nSubject: about %s\n"
            "Date: Mon, 04 Mar 2024 10:00:00 +0000\nMessage-ID: <%s@x.example>\n"
            "MIME-Version: 1.0\n%s" % (mid, mid, extra))
def ok(i):
    return hdr("ok%d" % i) + "\nA well-formed message number %d.\n" % i
msgs = []
d = 200
s = hdr("deep", 'Content-Type: multipart/mixed; boundary="b0"\n') + "\n"
for i in range(d):
    s += "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n" % (i, i + 1)
s += "--b%d\nContent-Type: text/plain\n\ndeepest text\n" % d
for i in range(d, -1, -1):
    s += "--b%d--\n" % i
msgs.append(s)
s = hdr("parts", 'Content-Type: multipart/mixed; boundary="B"\n') + "\n"
s += "".join("--B\nContent-Type: text/plain\n\npart %d\n" % i for i in range(5000)) + "--B--\n"
msgs.append(s)
msgs.append(hdr("headers", "".join("X-H%d: v\n" % i for i in range(50000))) + "\nmany headers\n")
msgs.append(hdr("quotes") + "\n" + "".join(">" * i + " line %d\n" % i for i in range(1, 2000)) + "\nmy reply\n")
msgs.append(hdr("big") + "\n" + ("x" * 99 + "\n") * 600000)
with open(T + "/caps.mbox", "w") as f:
    for i, m in enumerate(msgs):
        f.write("From ann@x.example Mon Mar  4 10:00:00 2024\n" + ok(i) + "\n")
        f.write("From ann@x.example Mon Mar  4 10:00:00 2024\n" + m + "\n")
    f.write("From ann@x.example Mon Mar  4 10:00:00 2024\n" + ok(99) + "\n")
# A gzip bomb: one real message, then a message of 1 GiB of zeros, as 64 gzip members of
# 16 MiB each (about 1 MB on disk).
z = zlib.compressobj(9, zlib.DEFLATED, 31)
member = z.compress(b"\0" * (16 << 20)) + z.flush()
with open(T + "/bomb.mbox.gz", "wb") as f:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = "From ann@x.example Mon Mar  4 10:00:00 2024\n" + ok(100) + "\n"
    head += "From ann@x.example Mon Mar  4 10:00:00 2024\n" + hdr("bomb") + "\n"
    f.write(z.compress(head.encode()) + z.flush())
    for _ in range(64):
        f.write(member)
with open(T + "/after.mbox", "w") as f:
    f.write("From ann@x.example Mon Mar  4 10:00:00 2024\n" + ok(101) + "\n")
s = "Big draft\n\n1 Introduction\n\n" + ("word " * 20 + "\n") * 170000
open(T + "/big-draft.txt", "w").write(s)
PY
check "the gzip bomb is small on disk" [ "$(stat -c %s "$T/bomb.mbox.gz")" -lt 4000000 ]
/usr/bin/time -f '%e %M' -o "$T/time" $RP --db "$DB" import --json "$T/caps.mbox" \
	"$T/bomb.mbox.gz" "$T/after.mbox" >"$T/out" 2>"$T/err"
rc=$?
check_eq "import over every cap: exit 1 (errors reported), not a crash" "$rc" 1
secs=$(tail -n 1 "$T/time" | cut -d' ' -f1) kb=$(tail -n 1 "$T/time" | cut -d' ' -f2)
echo "# import of the capped inputs and the 1 GiB gzip bomb: ${secs}s, ${kb} KB peak"
check "bounded time (under 60 s, took ${secs}s)" awk -v s="$secs" 'BEGIN { exit !(s < 60) }'
# AddressSanitizer's shadow memory and quarantine about triple the peak.
maxkb=600000
[ "${O:-build}" = build-san ] && maxkb=1800000
check "bounded memory (under $((maxkb / 1000)) MB, took ${kb} KB)" [ "$kb" -lt $maxkb ]
q() { sqlite3 "$DB" "$1"; }
check_eq "every well-formed message around the capped ones stored" \
	"$(q "select count(*) from message where message_id like 'ok%'")" 8
check_eq "the file after the gzip bomb still imported" \
	"$(q "select count(*) from message where message_id = 'ok101@x.example'")" 1
err_of() { q "select coalesce(parse_error, '') from message where message_id = '$1@x.example'"; }
check "MIME depth cap: stored with its error" sh -c "echo '$(err_of deep)' | grep -q 'nesting deeper than'"
check "MIME part cap: stored with its error" sh -c "echo '$(err_of parts)' | grep -q 'more than .* MIME parts'"
check "header cap: stored with its error" sh -c "echo '$(err_of headers)' | grep -q 'more than .* header fields'"
check "size cap: stored with its error" sh -c "echo '$(err_of big)' | grep -q 'truncated'"
check "size cap: the stored text is bounded" [ "$(q "select length(t.body) from message join message_text t using (id) where message_id = 'big@x.example'")" -le 16777216 ]
check "size cap: reported" grep -q "big.*larger than the size limit\|caps.mbox.*larger than the size limit" "$T/err"
check "gzip bomb: stopped and reported" grep -q "bomb.mbox.gz.*gzip bomb" "$T/err"
check "gzip bomb: counted as an error" [ "$(jget "$T/out" '["errors"]')" -ge 5 ]
check "gzip bomb: its own message, cut by the stop, records it" \
	sh -c "echo '$(err_of bomb)' | grep -q 'gzip bomb'"
check_eq "gzip bomb: the message before it stored" \
	"$(q "select count(*) from message where message_id = 'ok100@x.example'")" 1
check "gzip bomb: its own message stored with at most the size cap" \
	[ "$(q "select coalesce(max(length(raw)), 0) from raw join message using (hash) where message_id = 'bomb@x.example'" 2>/dev/null || echo 0)" -le 52428800 ]
check_eq "integrity check after the capped import" "$(q 'pragma integrity_check')" ok

# Deep quoting: segmentation and analysis stay fast.
start=$(date +%s)
timeout 60 $RP --db "$DB" show quotes@x.example >"$T/show" 2>&1
check_eq "2000 quote levels: show exits 0" "$?" 0
check "2000 quote levels: the reply is found as new text" grep -q "my reply" "$T/show"
check "2000 quote levels: in bounded time" [ $(($(date +%s) - start)) -lt 20 ]

# Draft size cap: a clear error, nothing stored, the store still works.
$RP --db "$DB" draft add "$T/big-draft.txt" >"$T/out" 2>"$T/err"
rc=$?
check "draft over the size cap: refused (exit $rc)" [ "$rc" -ge 3 ]
check "draft over the size cap: the error says why" grep -q "larger than" "$T/err"
check_eq "draft over the size cap: nothing stored" "$(q 'select count(*) from draft')" 0

# The caps come from the config's [limits] section: tighter ones catch what the defaults
# let through (and the defaults are not loosened by a config without the section).
python3 - "$T" <<'PY'
import sys, zlib
T = sys.argv[1]
def msg(mid, extra, body):
    return ("From ann@x.example Mon Mar  4 10:00:00 2024\nFrom: Ann <ann@x.example>\n"
            "Subject: %s\nDate: Mon, 04 Mar 2024 10:00:00 +0000\nMessage-ID: <%s@y.example>\n"
            "MIME-Version: 1.0\n%s\n%s\n\n" % (mid, mid, extra, body))
s = 'Content-Type: multipart/mixed; boundary="b0"\n'
b = ""
for i in range(10):
    b += "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n" % (i, i + 1)
b += "--b10\nContent-Type: text/plain\n\ndeep text\n" + "".join("--b%d--\n" % i for i in range(10, -1, -1))
out = msg("deep10", s, b)
out += msg("hdr500", "".join("X-H%d: v\n" % i for i in range(500)), "many headers")
out += msg("big2", "", ("y" * 99 + "\n") * 21000)
out += msg("fine", "", "A plain message.")
open(T + "/tight.mbox", "w").write(out)
z = zlib.compressobj(9, zlib.DEFLATED, 31)
data = ("From ann@x.example Mon Mar  4 10:00:00 2024\n" + "From: Ann <ann@x.example>\nMessage-ID: <z@y.example>\n\n").encode() + b"z" * (4 << 20) + b"\n"
open(T + "/squash.mbox.gz", "wb").write(z.compress(data) + z.flush())
PY
printf '[limits]\nmime_depth = 4\nheaders = 100\nmax_message_mb = 1\ngzip_ratio = 5\ngzip_free_mb = 1\n' >"$T/limits.cfg"
$RP --config "$T/limits.cfg" --db "$T/tight.db" import "$T/tight.mbox" "$T/squash.mbox.gz" >"$T/out" 2>"$T/err"
check_eq "[limits]: the tighter caps are errors (exit 1)" "$?" 1
qt() { sqlite3 "$T/tight.db" "select coalesce(parse_error, '') from message where message_id = '$1@y.example'"; }
check "[limits] mime_depth = 4: a depth of 10 is refused" sh -c "echo '$(qt deep10)' | grep -q 'nesting deeper than 4'"
check "[limits] headers = 100: 500 header fields are refused" sh -c "echo '$(qt hdr500)' | grep -q 'more than 100 header fields'"
check "[limits] max_message_mb = 1: a 2 MB message is truncated" sh -c "echo '$(qt big2)' | grep -q 'truncated'"
check_eq "[limits]: the plain message is fine" "$(qt fine)" ""
check "[limits] gzip_ratio = 5: a file expanding 4000 times stops" grep -q "squash.mbox.gz.*more than 5 times its size" "$T/err"
$RP --db "$T/loose.db" import "$T/tight.mbox" "$T/squash.mbox.gz" >"$T/out" 2>"$T/err"
check_eq "without [limits] the defaults let the same files through (exit 0)" "$?" 0
printf '[limits]\nmime_depth = deep\n' >"$T/badlim.cfg"
$RP --config "$T/badlim.cfg" --db "$T/x.db" import "$T/tight.mbox" >/dev/null 2>"$T/err"
check_eq "[limits] with a bad value: config error (exit 3)" "$?" 3
check "[limits] bad value: file, line and key named" grep -q "badlim.cfg:2.*mime_depth" "$T/err"
