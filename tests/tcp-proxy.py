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
  pause   stop relaying until SIGHUP, then go on faithfully, as a server that was slow
  pass    never misbehave
Later connections are relayed faithfully. Runs until killed.

Signals act on the connections open at that moment, whatever MODE says (later ones are
relayed as above):
  SIGUSR1  reset them (TCP RST), as a server or router that drops the connection
  SIGUSR2  stall them: nothing more is relayed either way and nothing is closed, as a NAT
           that forgot the connection (a later SIGUSR1 still resets them)
  SIGHUP   resume the stalled ones: what both sides sent meanwhile is relayed, as a network
           that was slow for a while
"""
import os
import select
import signal
import socket
import struct
import sys
import threading
import time

portfile, target, mode, limit = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
faulty = int(sys.argv[5]) if len(sys.argv) > 5 else 1
count = 0
lock = threading.Lock()
# Each connection records the generation of each signal at its start; a newer one applies.
gen = {"reset": 0, "stall": 0, "resume": 0}
NAMES = {signal.SIGUSR1: "reset", signal.SIGUSR2: "stall", signal.SIGHUP: "resume"}


def on_signal(signum, frame):
    gen[NAMES[signum]] += 1


def reset(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def handle(client):
    """Relay both directions from one thread (select), so a close really closes."""
    global count
    with lock:
        count += 1
        bad = mode != "pass" and count <= faulty
    born = dict(gen)
    server = socket.create_connection(("127.0.0.1", target))
    sent = 0
    try:
        while True:
            if gen["reset"] != born["reset"]:
                reset(client)
                break
            if gen["stall"] != born["stall"]:
                if gen["resume"] == born["resume"]:
                    time.sleep(0.05)
                    continue
                born["stall"], born["resume"] = gen["stall"], gen["resume"]
            r, _, _ = select.select([client, server], [], [], 0.05)
            if client in r:
                data = client.recv(65536)
                if not data:
                    break
                server.sendall(data)
            if server in r:
                data = server.recv(65536)
                if not data:
                    break
                if bad and mode == "pause" and sent + len(data) >= limit:
                    client.sendall(data[: limit - sent])
                    while gen["resume"] == born["resume"]:
                        time.sleep(0.05)
                    born["resume"] = gen["resume"]
                    client.sendall(data[limit - sent :])
                    sent += len(data)
                    bad = False
                    continue
                if bad and sent + len(data) >= limit:
                    client.sendall(data[: limit - sent])
                    if mode == "stall":
                        time.sleep(3600)
                    if mode == "reset":
                        reset(client)
                    break
                client.sendall(data)
                sent += len(data)
    except OSError:
        pass
    client.close()
    server.close()


def main():
    signal.signal(signal.SIGUSR1, on_signal)
    signal.signal(signal.SIGUSR2, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(ls.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


main()
