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
import socket
import struct
import sys
import threading

portfile, target, mode, limit = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
faulty = int(sys.argv[5]) if len(sys.argv) > 5 else 1
count = 0
lock = threading.Lock()


def pump(src, dst, budget, on_limit):
    sent = 0
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if budget is not None and sent + len(data) >= budget:
                dst.sendall(data[: budget - sent])
                on_limit()
                return
            dst.sendall(data)
            sent += len(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def handle(client):
    global count
    with lock:
        count += 1
        bad = mode != "pass" and count <= faulty
    server = socket.create_connection(("127.0.0.1", target))
    stalled = threading.Event()

    def fault():
        if mode == "stall":
            stalled.set()
            stalled.wait(3600)
            return
        if mode == "reset":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        server.close()

    threading.Thread(target=pump, args=(client, server, None, lambda: None), daemon=True).start()
    pump(server, client, limit if bad else None, fault)


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
