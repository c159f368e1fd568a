#!/usr/bin/env python3
"""tcp-proxy: a TCP relay on 127.0.0.1 that misbehaves on purpose, for the network-fault
tests of `rapporteur fetch`.

  tcp-proxy.py PORTFILE TARGET_PORT MODE N [FAULTY]

Listens on a free port (written to PORTFILE once listening) and relays every connection
to 127.0.0.1:TARGET_PORT. The first FAULTY connections (default 1) misbehave once the
server has sent N bytes to the client:
  cut     close both sides cleanly (FIN), as a server that drops the connection
  reset   close with a TCP RST (SO_LINGER 0)
  stall   stop relaying and hold the connection open, as a hung server
  pass    never misbehave
Later connections are relayed faithfully. Runs until killed.
"""
import select
import socket
import time
import struct
import sys
import threading

portfile, target, mode, limit = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
faulty = int(sys.argv[5]) if len(sys.argv) > 5 else 1
count = 0
lock = threading.Lock()


def handle(client):
    """Relay both directions from one thread (select), so a close really closes."""
    global count
    with lock:
        count += 1
        bad = mode != "pass" and count <= faulty
    server = socket.create_connection(("127.0.0.1", target))
    sent = 0
    try:
        while True:
            r, _, _ = select.select([client, server], [], [])
            if client in r:
                data = client.recv(65536)
                if not data:
                    break
                server.sendall(data)
            if server in r:
                data = server.recv(65536)
                if not data:
                    break
                if bad and sent + len(data) >= limit:
                    client.sendall(data[: limit - sent])
                    if mode == "stall":
                        time.sleep(3600)
                    if mode == "reset":
                        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    break
                client.sendall(data)
                sent += len(data)
    except OSError:
        pass
    client.close()
    server.close()


def main():
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(ls.getsockname()[1]))
    import os
    os.rename(portfile + ".tmp", portfile)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


main()
