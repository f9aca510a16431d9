#!/usr/bin/env python3
"""Holds many idle HTTP keep-alive connections open to the front (scenario S5 of scripts/bench).

    idle_conns.py --port 28080 --path /small --count 10000 [--parallel 256] [--setup-timeout 60] [--hold-max 900]

Opens COUNT connections on loopback, at most PARALLEL being set up at once, sends one GET on each and
reads its response whole, so each is a client keep-alive connection the front has served, then leaves
them idle. It prints `BENCH_IDLE {"ready": N, "failed": M, ...}` when all are set up (or the setup time
is up), then holds them until SIGTERM/SIGINT or HOLD_MAX seconds, and prints
`BENCH_IDLE_END {"open": N, "closed_by_server": M}` before it exits. Python stdlib only.
"""

import argparse
import json
import resource
import selectors
import signal
import socket
import time


def response_complete(data):
    """True when data holds one whole response with a Content-Length (what /small answers)."""
    head, separator, body = data.partition(b"\r\n\r\n")
    if not separator:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False  # no length: wait for more (the front's /small always has one)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/small")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--parallel", type=int, default=256)
    parser.add_argument("--setup-timeout", type=float, default=60.0)
    parser.add_argument("--hold-max", type=float, default=900.0)
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.count + 64
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))

    request = f"GET {args.path} HTTP/1.1\r\nHost: {args.host}:{args.port}\r\n\r\n".encode()
    selector = selectors.DefaultSelector()
    idle = []
    failed = 0
    started_count = 0
    in_flight = 0
    started = time.monotonic()
    deadline = started + args.setup_timeout

    def fail(sock):
        nonlocal failed, in_flight
        selector.unregister(sock)
        sock.close()
        failed += 1
        in_flight -= 1

    while (started_count < args.count or in_flight) and time.monotonic() < deadline:
        while started_count < args.count and in_flight < args.parallel:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.connect_ex((args.host, args.port))
            selector.register(sock, selectors.EVENT_WRITE, b"")
            started_count += 1
            in_flight += 1
        for key, events in selector.select(timeout=0.5):
            sock = key.fileobj
            if key.data == b"" and events & selectors.EVENT_WRITE:
                if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    fail(sock)
                    continue
                try:
                    sock.send(request)  # small enough to go out whole on a fresh socket
                except OSError:
                    fail(sock)
                    continue
                selector.modify(sock, selectors.EVENT_READ, b"sent")
            elif events & selectors.EVENT_READ:
                try:
                    chunk = sock.recv(65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    fail(sock)
                    continue
                data = (b"" if key.data == b"sent" else key.data) + chunk
                if response_complete(data):
                    selector.unregister(sock)
                    idle.append(sock)
                    in_flight -= 1
                else:
                    selector.modify(sock, selectors.EVENT_READ, data)
    for key in list(selector.get_map().values()):  # still being set up when the time ran out
        fail(key.fileobj)
    failed += args.count - started_count

    print("BENCH_IDLE " + json.dumps({"ready": len(idle), "failed": failed,
                                      "seconds": round(time.monotonic() - started, 3)}), flush=True)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    hold_until = time.monotonic() + args.hold_max
    while not stop and time.monotonic() < hold_until:
        time.sleep(0.2)

    closed = 0
    for sock in idle:
        try:
            if sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b"":
                closed += 1
        except BlockingIOError:
            pass  # still open, nothing to read
        except OSError:
            closed += 1
        sock.close()
    print("BENCH_IDLE_END " + json.dumps({"open": len(idle) - closed, "closed_by_server": closed}), flush=True)


if __name__ == "__main__":
    main()
