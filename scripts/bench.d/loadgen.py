#!/usr/bin/env python3
"""A small HTTP/1.1 keep-alive load generator for `scripts/bench --smoke` (CI has no wrk).

    loadgen.py --host 127.0.0.1 --port 28080 --path /small --connections 4 --duration 2

Each of N threads keeps one connection open and sends GET requests one after another for the given
time, reading every response whole (Content-Length or chunked) and counting any response that is not
200 as a status error. It prints one line `BENCH_JSON {...}` with the same fields as report.lua under
wrk. Python stdlib only; every socket operation has a timeout, so it always ends.
"""

import argparse
import json
import socket
import threading
import time


class Counters:
    def __init__(self):
        self.requests = 0
        self.bytes = 0
        self.errors = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
        self.latencies = []
        self.lock = threading.Lock()

    def merge(self, other):
        with self.lock:
            self.requests += other.requests
            self.bytes += other.bytes
            for key, value in other.errors.items():
                self.errors[key] += value
            self.latencies.extend(other.latencies)


def fill(sock, buffer, done, what):
    """Reads from sock onto buffer until done(buffer); raises ConnectionError naming `what` on EOF."""
    while not done(buffer):
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed in " + what)
        buffer += chunk
    return buffer


def read_response(sock, buffer):
    """Reads one response from sock; returns (status, bytes read, keep-alive, rest of the buffer)."""
    buffer = fill(sock, buffer, lambda b: b"\r\n\r\n" in b, "the response head")
    head, _, buffer = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    size = len(head) + 4
    keep_alive = headers.get("connection", "").lower() != "close"
    if "content-length" in headers:
        length = int(headers["content-length"])
        buffer = fill(sock, buffer, lambda b: len(b) >= length, "the body")
        return status, size + length, keep_alive, buffer[length:]
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            buffer = fill(sock, buffer, lambda b: b"\r\n" in b, "a chunk size")
            line, _, buffer = buffer.partition(b"\r\n")
            length = int(line.split(b";")[0], 16)
            buffer = fill(sock, buffer, lambda b: len(b) >= length + 2, "a chunk")
            size += len(line) + 2 + length + 2
            buffer = buffer[length + 2:]
            if length == 0:
                return status, size, keep_alive, buffer
    raise ConnectionError("response without a length")


def worker(args, deadline, totals):
    mine = Counters()
    request = f"GET {args.path} HTTP/1.1\r\nHost: {args.host}:{args.port}\r\nUser-Agent: nproxy-bench\r\n\r\n".encode()
    sock = None
    buffer = b""
    while time.monotonic() < deadline:
        if sock is None:
            try:
                sock = socket.create_connection((args.host, args.port), timeout=args.timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                buffer = b""
            except OSError:
                mine.errors["connect"] += 1
                sock = None
                time.sleep(0.05)
                continue
        started = time.monotonic()
        try:
            sock.sendall(request)
        except OSError:
            mine.errors["write"] += 1
            sock.close()
            sock = None
            continue
        try:
            status, size, keep_alive, buffer = read_response(sock, buffer)
        except socket.timeout:
            mine.errors["timeout"] += 1
            sock.close()
            sock = None
            continue
        except (OSError, ValueError, IndexError):
            mine.errors["read"] += 1
            sock.close()
            sock = None
            continue
        mine.latencies.append(time.monotonic() - started)
        mine.requests += 1
        mine.bytes += size
        if status != 200:
            mine.errors["status"] += 1
        if not keep_alive:
            sock.close()
            sock = None
    if sock is not None:
        sock.close()
    totals.merge(mine)


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0
    index = min(len(sorted_values) - 1, int(round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--duration", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()

    totals = Counters()
    started = time.monotonic()
    deadline = started + args.duration
    threads = [threading.Thread(target=worker, args=(args, deadline, totals), daemon=True)
               for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.duration + 2 * args.timeout + 5)
    elapsed = time.monotonic() - started
    latencies = sorted(totals.latencies)
    result = {
        "tool": "loadgen.py",
        "requests": totals.requests,
        "duration_s": round(elapsed, 6),
        "bytes": totals.bytes,
        "errors": totals.errors,
        "latency_us": {
            "p50": round(percentile(latencies, 0.50) * 1e6),
            "p99": round(percentile(latencies, 0.99) * 1e6),
            "mean": round(sum(latencies) / len(latencies) * 1e6, 1) if latencies else 0,
            "max": round(latencies[-1] * 1e6) if latencies else 0,
        },
    }
    print("BENCH_JSON " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
