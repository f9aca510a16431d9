"""Soak: load through nproxy to two HTTPS backends (nproxy too, client certificates checked) while the
backends are killed (SIGKILL) and restarted in turn and the front is reloaded every few seconds.

What must hold: every answer is either complete with the right body (checked by digest: no request ever
gets another's body) or, for a request a dying backend was in the middle of, cut short; no 5xx while a
backend is up; and afterwards the master holds the same descriptors and about the same memory as before.

It runs for NPROXY_SOAK_SECONDS (default 20, what CI runs); scripts/soak runs it longer."""

import hashlib
import os
import random
import signal
import subprocess
import threading
import time
import unittest

import certs
from nproxy_testlib import (SANITIZED, Nproxy, children, connect, fetch, free_ports, http_conf, nproxy_binary,
                            read_response, request_bytes, wait_for_port)

SECONDS = float(os.environ.get("NPROXY_SOAK_SECONDS", "20"))
SIZES = [10, 1000, 20000, 300000]
FILES = {f"f{i}": random.Random(i).randbytes(size) for i, size in enumerate(SIZES * 4)}
DIGESTS = {name: hashlib.sha256(body).hexdigest() for name, body in FILES.items()}


def backend_conf(port):
    pki = certs.shared_pki()
    return http_conf(f"""
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {pki.server_crt};
        ssl_certificate_key {pki.server_key};
        ssl_client_certificate {pki.ca_crt};
        ssl_verify_client on;
        root html;
    }}""", error_level="error")


def front_conf(port, backends, generation):
    pki = certs.shared_pki()
    servers = "".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=1s; " for p in backends)
    return http_conf(f"""
    upstream backend.example.com {{ {servers} keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        add_header X-Generation {generation};
        location / {{
            proxy_pass https://backend.example.com;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_ssl_certificate {pki.client_pem};
            proxy_ssl_certificate_key {pki.client_key};
            proxy_ssl_trusted_certificate {pki.ca_crt};
            proxy_ssl_verify on;
            proxy_ssl_session_reuse on;
            proxy_connect_timeout 2s;
        }}
    }}""", error_level="error")


class Backend:
    """An nproxy backend that can be killed and started again on the same port and prefix."""

    def __init__(self, port):
        self.port = port
        self.nproxy = Nproxy(backend_conf(port), [port], files={f"html/{n}": b for n, b in FILES.items()})

    def start(self):
        self.nproxy.__enter__()

    def kill(self):
        self.nproxy.process.kill()
        self.nproxy.process.wait(10)
        for pid in children(self.nproxy.process.pid):  # its worker stops with its master (PDEATHSIG)
            wait_gone(pid)

    def restart(self):
        path = self.nproxy.path
        self.nproxy._stderr.close()
        self.nproxy.process = subprocess.Popen(
            [str(nproxy_binary()), "-p", f"{path}/", "-c", "nproxy.conf"], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.nproxy._stderr = open(path / "stderr.txt", "w+b")
        wait_for_port(self.port, timeout=10)

    def stop(self):
        self.nproxy.__exit__(None, None, None)



def wait_gone(pid, timeout=5.0):
    deadline = time.monotonic() + timeout
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.02)


def fds(pid):
    """What a process has open, by name (listening sockets, log files, ...)."""
    return sorted(os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


class Client(threading.Thread):
    """Requests random files over keep-alive connections until stopped; sorts every answer."""

    def __init__(self, port, seed, stop):
        super().__init__(daemon=True)
        self.port, self.random, self.stop = port, random.Random(seed), stop
        self.ok = 0
        self.cut = 0        # an answer broken off in its middle
        self.closed = 0     # a kept-alive connection closed before the answer began (the client retries)
        self.wrong = []     # a body that is not the file asked for
        self.lost = []      # a new connection that got no answer
        self.errors = []    # (time, status) of 5xx answers

    def run(self):
        sock = reader = None
        while not self.stop.is_set():
            name = self.random.choice(list(FILES))
            fresh = sock is None
            try:
                if sock is None:
                    sock = connect(self.port, timeout=10)
                    reader = sock.makefile("rb")
                sock.sendall(request_bytes(path=f"/{name}"))
                response = read_response(reader)
            except ConnectionError as e:
                # a reload closes idle kept-alive connections; a request may cross that close on the wire
                if fresh:
                    self.lost.append(repr(e))
                elif "before a status line" in str(e):
                    self.closed += 1
                else:
                    self.cut += 1
                sock = reader = self.drop(sock, reader)
                continue
            except (OSError, ValueError):
                self.cut += 1
                sock = reader = self.drop(sock, reader)
                continue
            if response.status == 200 and hashlib.sha256(response.body).hexdigest() == DIGESTS[name]:
                self.ok += 1
            elif response.status == 200:
                if len(response.body) < int(response.header("content-length", "0") or 0):
                    self.cut += 1
                else:
                    self.wrong.append(name)
            else:
                self.errors.append((time.monotonic(), response.status))
            if response.header("connection") == "close":
                sock = reader = self.drop(sock, reader)
        self.drop(sock, reader)

    @staticmethod
    def drop(sock, reader):
        for f in (reader, sock):
            if f is not None:
                f.close()


class Soak(unittest.TestCase):
    def test_kills_restarts_and_reloads_under_load(self):
        front, b1, b2 = free_ports(3)
        backends = [Backend(b1), Backend(b2)]
        for b in backends:
            b.start()
        try:
            with Nproxy(front_conf(front, [b1, b2], 0), [front]) as n:
                master = n.process.pid
                fds_before, rss_before = fds(master), rss_kib(master)
                stop = threading.Event()
                clients = [Client(front, seed, stop) for seed in range(4)]
                for c in clients:
                    c.start()
                down_windows = []  # (start, end) of times when a backend was down, for the 5xx check
                started = time.monotonic()
                generation = 0
                turn = 0
                while time.monotonic() - started < SECONDS:
                    victim = backends[turn % 2]
                    turn += 1
                    down = time.monotonic()
                    victim.kill()
                    time.sleep(0.5)
                    generation += 1
                    (n.path / "nproxy.conf").write_text(front_conf(front, [b1, b2], generation))
                    n.process.send_signal(signal.SIGHUP)
                    time.sleep(0.5)
                    victim.restart()
                    down_windows.append((down, time.monotonic() + 1.5))  # + fail_timeout and a margin
                    time.sleep(1.0)
                self.assertTrue(all(c.is_alive() for c in clients))  # no client thread died on the way
                stop.set()
                for c in clients:
                    c.join(30)
                self.assertEqual(fetch(front, "/f0").header("x-generation"), str(generation))  # reloads took
                time.sleep(1.0)  # the last old worker finishes draining
                ok = sum(c.ok for c in clients)
                cut = sum(c.cut for c in clients)
                closed = sum(c.closed for c in clients)
                wrong = [w for c in clients for w in c.wrong]
                errors = [e for c in clients for e in c.errors]
                self.assertEqual(wrong, [])
                self.assertEqual([l for c in clients for l in c.lost], [])
                self.assertGreater(ok, 100 * SECONDS / 20)
                # a cut answer only where a killed backend was in the middle of it: a few per kill at most
                # each kill and each reload can break the one request each client has in flight, no more
                self.assertLessEqual(cut + closed, len(clients) * (turn + generation), (ok, cut, closed))
                outside = [e for e in errors if not any(a <= e[0] <= b for a, b in down_windows)]
                self.assertEqual(outside, [], errors)
                self.assertEqual(len(fds(master)), len(fds_before), (fds_before, fds(master)))
                if not SANITIZED:
                    self.assertLess(rss_kib(master) - rss_before, 4096)
                self.assertNotIn("[alert]", n.error_log())
        finally:
            for b in backends:
                b.stop()


if __name__ == "__main__":
    unittest.main()
