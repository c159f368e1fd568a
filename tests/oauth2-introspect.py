#!/usr/bin/env python3
"""oauth2-introspect: a tiny OAuth 2.0 token introspection endpoint (RFC 7662) for the
XOAUTH2 test, behind Dovecot's oauth2 passdb (introspection_mode = post).

    oauth2-introspect.py PORTFILE LOG TOKEN=USER|-|! ...

Listens on 127.0.0.1 on a free port, written to PORTFILE once it accepts connections, and
takes the token from the POST form body (token=...). TOKEN=USER: the token is active and
belongs to USER. TOKEN=-: a token that is no longer active (expired or revoked); any other
token is unknown; as RFC 7662 says, both answer {"active": false}. TOKEN=!: the endpoint
fails on that token (HTTP 500). Each request appends "POST active|inactive|unknown|failed"
to LOG, never the token itself.
"""
import json
import os
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

portfile, logfile = sys.argv[1], sys.argv[2]
tokens = {}
for arg in sys.argv[3:]:
    tok, _, user = arg.partition("=")
    tokens[tok] = user


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(n).decode("utf-8", "replace"))
        user = tokens.get((form.get("token") or [""])[0])
        if user is None:
            code, body, what = 200, {"active": False}, "unknown"
        elif user == "-":
            code, body, what = 200, {"active": False}, "inactive"
        elif user == "!":
            code, body, what = 500, {"error": "server_error"}, "failed"
        else:
            code, what = 200, "active"
            body = {"active": True, "username": user, "scope": "imap", "token_type": "Bearer"}
        with open(logfile, "a") as f:
            f.write("POST %s\n" % what)
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
srv.daemon_threads = True
tmp = portfile + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(tmp, portfile)
srv.serve_forever()
