"""The status page (`nproxy_status`) after scripted traffic: the counters per upstream peer and per listener
in its JSON and Prometheus forms, and its HTML page rendered by headless Chromium, which must show the
JSON's numbers. A front nproxy (two worker threads) proxies over TLS to backends that are nproxy processes
of their own, so each backend has its own ticket key and resumes only the sessions it issued itself."""

import html.parser
import json
import math
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import certs
from nproxy_testlib import (Nproxy, fetch, free_ports, http_conf, nproxy_binary, read_response, request_bytes,
                            tls_client_context)

ROUNDS = 5  # requests per peer of the round-robin group


def backend(port, cert="server"):
    pki = certs.shared_pki()
    return http_conf(f"""
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {pki.dir / (cert + '.crt')};
        ssl_certificate_key {pki.dir / (cert + '.key')};
        location / {{ return 200 "backend {port}\\n"; }}
    }}""")


def article_lines():
    pki = certs.shared_pki()
    return (f"proxy_ssl_certificate {pki.client_pem}; proxy_ssl_certificate_key {pki.client_key};\n"
            f"proxy_ssl_trusted_certificate {pki.ca_crt}; proxy_ssl_verify on; proxy_ssl_session_reuse on;\n"
            f"proxy_ssl_name backend.example.com;\n")


def get_json(port, path="/status?format=json"):
    response = fetch(port, path)
    assert response.status == 200, response
    assert response.header("content-type") == "application/json", response.headers
    return json.loads(response.body)


def peer(status, group, name):
    for g in status["upstreams"]:
        if g["name"] == group:
            for p in g["peers"]:
                if p["name"] == name:
                    return p
    raise KeyError(f"{group}/{name}")


def listener(status, address):
    return next(item for item in status["listeners"] if item["address"] == address)


def fetch_from(source, port, path, host="localhost"):
    """One request from a given loopback source address (127.0.0.2 is as local as 127.0.0.1)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0)) as sock:
        sock.sendall(request_bytes("GET", path, host=host, headers=[("Connection", "close")]))
        with sock.makefile("rb") as reader:
            return read_response(reader)


class StatusCounters(unittest.TestCase):
    """One front with three upstream groups: `backend` (two peers, a new TLS connection per request),
    `kept` (one peer, upstream keep-alive) and `broken` (a peer whose certificate has expired and a port
    nothing listens on)."""

    @classmethod
    def setUpClass(cls):
        pki = certs.shared_pki()
        (cls.front, cls.status_port, cls.b1, cls.b2, cls.bx, cls.dead, cls.tls_front) = free_ports(7)
        for port, cert in ((cls.b1, "server"), (cls.b2, "server"), (cls.bx, "expired")):
            cls.enterClassContext(Nproxy(backend(port, cert), [port]))
        lines = article_lines()
        conf = http_conf(f"""
    upstream backend {{ server 127.0.0.1:{cls.b1}; server 127.0.0.1:{cls.b2}; }}
    upstream kept {{ server 127.0.0.1:{cls.b1}; keepalive 8; }}
    upstream broken {{
        server 127.0.0.1:{cls.bx} fail_timeout=300s;
        server 127.0.0.1:{cls.dead} fail_timeout=300s;
    }}
    server {{
        listen 127.0.0.1:{cls.front};
        server_name front;
        location / {{ proxy_pass https://backend; {lines} }}
        location /kept/ {{
            proxy_pass https://kept; {lines}
            proxy_http_version 1.1; proxy_set_header Connection "";
        }}
        location /broken/ {{ proxy_pass https://broken; {lines} }}
    }}
    server {{
        listen 127.0.0.1:{cls.tls_front} ssl;
        server_name tls-front;
        ssl_certificate {pki.server_crt};
        ssl_certificate_key {pki.server_key};
        ssl_client_certificate {pki.ca_crt};
        ssl_verify_client optional;
        location / {{ return 200 "$ssl_client_verify\n"; }}
    }}
    server {{
        listen 127.0.0.1:{cls.status_port};
        server_name status;
        location = /status {{ nproxy_status; allow 127.0.0.1; deny all; }}
        location = /locked {{ nproxy_status; allow 127.0.0.2; deny all; }}
    }}""", main="worker_processes 2;\n").replace("worker_processes 1;\n", "")
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.front, cls.status_port, cls.tls_front]))
        cls.before = get_json(cls.status_port)
        # the scripted traffic: round-robin over two peers, keep-alive to one, a group that fails
        for _ in range(2 * ROUNDS):
            assert fetch(cls.front, "/x").status == 200
        with socket.create_connection(("127.0.0.1", cls.front), timeout=10) as sock:
            with sock.makefile("rb") as reader:
                for i in range(ROUNDS):
                    sock.sendall(request_bytes("GET", f"/kept/{i}", host="front"))
                    assert read_response(reader).status == 200
        cls.broken_status = fetch(cls.front, "/broken/").status
        # clients of a TLS listener: a full handshake, one that resumes it, one whose certificate fails
        trusted = tls_client_context(pki.ca_crt, cert=pki.client_pem, key=pki.client_key)
        session = None
        for _ in range(2):
            with trusted.wrap_socket(socket.create_connection(("127.0.0.1", cls.tls_front), timeout=10),
                                     server_hostname="localhost", session=session) as sock:
                sock.sendall(request_bytes("GET", "/", headers=[("Connection", "close")]))
                with sock.makefile("rb") as reader:
                    assert read_response(reader).text == "SUCCESS\n"
                session = sock.session
        stranger = tls_client_context(pki.ca_crt, cert=pki.other_client_pem, key=pki.other_client_key)
        with stranger.wrap_socket(socket.create_connection(("127.0.0.1", cls.tls_front), timeout=10),
                                  server_hostname="localhost") as sock:
            sock.sendall(request_bytes("GET", "/", headers=[("Connection", "close")]))
            with sock.makefile("rb") as reader:
                cls.stranger_status = read_response(reader).status
        # a TLS record that holds no ClientHello: a failed handshake
        with socket.create_connection(("127.0.0.1", cls.tls_front), timeout=10) as sock:
            sock.sendall(b"\x16\x03\x01\x00\x05hello")
            sock.recv(1024)
        # a request is counted once its response is out and logged, a failed handshake once its alert is out:
        # the status may be read a moment before
        deadline = time.monotonic() + 10
        while True:
            cls.status = get_json(cls.status_port)
            tls_front = listener(cls.status, f"127.0.0.1:{cls.tls_front}")
            counted = (listener(cls.status, f"127.0.0.1:{cls.front}")["requests"], tls_front["requests"],
                       tls_front["tls"]["handshakes"]["failed"])
            if counted == (3 * ROUNDS + 1, 3, 1) or time.monotonic() > deadline:
                break
            time.sleep(0.05)

    def test_counters_start_at_zero(self):
        p = peer(self.before, "backend", f"127.0.0.1:{self.b1}")
        self.assertEqual((p["requests"], p["tls"]["handshakes"]["full"], p["latency"]["connect"]["count"]), (0, 0, 0))
        self.assertIsNone(p["tls"]["resumption_ratio"])
        self.assertEqual(p["health"], "up")

    def test_one_full_handshake_per_peer_then_resumed(self):
        for port in (self.b1, self.b2):
            p = peer(self.status, "backend", f"127.0.0.1:{port}")
            with self.subTest(peer=p["name"]):
                self.assertEqual(p["requests"], ROUNDS)
                self.assertEqual(p["responses"], {"1xx": 0, "2xx": ROUNDS, "3xx": 0, "4xx": 0, "5xx": 0})
                self.assertEqual(p["tls"]["handshakes"], {"full": 1, "resumed": ROUNDS - 1, "failed": 0})
                self.assertAlmostEqual(p["tls"]["resumption_ratio"], (ROUNDS - 1) / ROUNDS)
                self.assertEqual(p["tls"]["verify_failures"], [])
                self.assertEqual((p["keepalive_reuses"], p["connect_failures"], p["timeouts"]), (0, 0, 0))
                for name in ("connect", "handshake", "first_byte"):
                    h = p["latency"][name]
                    self.assertEqual(h["count"], ROUNDS, name)
                    self.assertEqual(h["buckets"]["+Inf"], ROUNDS, name)
                    self.assertGreater(h["sum"], 0, name)
                    self.assertLessEqual(h["p50"], h["p99"], name)
                # the request line and headers each time; the response "backend PORT\n" with its header
                self.assertGreater(p["bytes"]["sent"], ROUNDS * 40)
                self.assertGreater(p["bytes"]["received"], ROUNDS * len(f"backend {port}\n"))
                self.assertEqual((p["health"], p["active"], p["fails"]), ("up", 0, 0))

    def test_keepalive_reuses(self):
        p = peer(self.status, "kept", f"127.0.0.1:{self.b1}")
        self.assertEqual(p["requests"], ROUNDS)
        self.assertEqual(p["keepalive_reuses"], ROUNDS - 1)
        self.assertEqual(p["tls"]["handshakes"], {"full": 1, "resumed": 0, "failed": 0})
        self.assertEqual(p["latency"]["connect"]["count"], 1)
        self.assertEqual(p["latency"]["first_byte"]["count"], ROUNDS)

    def test_failures_by_reason(self):
        self.assertEqual(self.broken_status, 502)
        expired = peer(self.status, "broken", f"127.0.0.1:{self.bx}")
        self.assertEqual(expired["tls"]["handshakes"], {"full": 0, "resumed": 0, "failed": 1})
        self.assertEqual(expired["tls"]["verify_failures"], [{"code": 10, "reason": "certificate has expired", "count": 1}])
        self.assertEqual((expired["requests"], expired["failures"], expired["health"]), (1, 1, "unavailable"))
        dead = peer(self.status, "broken", f"127.0.0.1:{self.dead}")
        self.assertEqual((dead["requests"], dead["connect_failures"], dead["health"]), (1, 1, "unavailable"))
        self.assertEqual(dead["latency"]["connect"]["count"], 0)

    def test_listener_counters(self):
        front = listener(self.status, f"127.0.0.1:{self.front}")
        self.assertFalse(front["ssl"])
        # with the test library's probe that waited for the port to listen
        self.assertEqual(front["connections"], 1 + 2 * ROUNDS + 1 + 1)
        self.assertEqual(front["requests"], 2 * ROUNDS + ROUNDS + 1)
        self.assertEqual(front["keepalive_requests"], ROUNDS - 1)
        self.assertEqual(front["responses"], {"1xx": 0, "2xx": 3 * ROUNDS, "3xx": 0, "4xx": 0, "5xx": 1})
        self.assertEqual(front["latency"]["request"]["count"], front["requests"])
        self.assertGreater(front["bytes"]["received"], front["requests"] * len("GET /x HTTP/1.1\r\n"))
        self.assertGreater(front["bytes"]["sent"], front["bytes"]["received"])
        self.assertEqual(self.status["workers"], 2)

    def test_tls_listener_counters(self):
        self.assertEqual(self.stranger_status, 400)
        tls = listener(self.status, f"127.0.0.1:{self.tls_front}")
        self.assertTrue(tls["ssl"])
        # the test library's probe that waited for the port sent nothing: no handshake; the bad record fails one
        self.assertEqual(tls["tls"]["handshakes"], {"full": 2, "resumed": 1, "failed": 1})
        self.assertEqual(tls["tls"]["verify_failures"],
                         [{"code": 21, "reason": "unable to verify the first certificate", "count": 1}])
        self.assertEqual(tls["responses"]["2xx"], 2)
        self.assertEqual(tls["responses"]["4xx"], 1)
        self.assertEqual(tls["latency"]["handshake"]["count"], 3)

    def test_prometheus_text(self):
        response = fetch(self.status_port, "/status?format=prometheus")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.header("content-type"), "text/plain; version=0.0.4; charset=utf-8")
        samples = check_exposition(self, response.text)
        b1 = f'upstream="backend",peer="127.0.0.1:{self.b1}"'
        self.assertEqual(samples[f'nproxy_upstream_peer_tls_handshakes_total{{{b1},type="full"}}'], 1)
        self.assertEqual(samples[f'nproxy_upstream_peer_tls_handshakes_total{{{b1},type="resumed"}}'], ROUNDS - 1)
        self.assertEqual(samples[f'nproxy_upstream_peer_requests_total{{{b1}}}'], ROUNDS)
        self.assertEqual(samples[f'nproxy_upstream_peer_responses_total{{{b1},code="2xx"}}'], ROUNDS)
        self.assertEqual(samples[f'nproxy_upstream_peer_connect_duration_seconds_count{{{b1}}}'], ROUNDS)
        self.assertEqual(samples[f'nproxy_upstream_peer_connect_duration_seconds_bucket{{{b1},le="+Inf"}}'], ROUNDS)
        bx = f'upstream="broken",peer="127.0.0.1:{self.bx}"'
        self.assertEqual(samples[f'nproxy_upstream_peer_tls_verify_failures_total{{{bx},code="10",'
                                 f'reason="certificate has expired"}}'], 1)
        self.assertEqual(samples[f'nproxy_upstream_peer_up{{{bx}}}'], 0)
        self.assertEqual(samples[f'nproxy_upstream_peer_keepalive_reuses_total{{upstream="kept",'
                                 f'peer="127.0.0.1:{self.b1}"}}'], ROUNDS - 1)
        self.assertEqual(samples[f'nproxy_listener_requests_total{{listener="127.0.0.1:{self.front}"}}'],
                         3 * ROUNDS + 1)

    def test_allow_and_deny_protect_the_page(self):
        locked = fetch(self.status_port, "/locked")
        self.assertEqual(locked.status, 403)
        self.assertIn(b"403 Forbidden", locked.body)
        self.assertTrue(self.proxy.wait_for_log(
            "error.log", r'\[error\] .*access forbidden by rule, client: 127\.0\.0\.1, server: status, '
                         r'request: "GET /locked HTTP/1\.1", host: "localhost"'))
        self.assertEqual(fetch_from("127.0.0.2", self.status_port, "/locked").status, 200)
        self.assertEqual(fetch_from("127.0.0.2", self.status_port, "/status").status, 403)

    def test_other_formats_and_methods(self):
        self.assertEqual(fetch(self.status_port, "/status?format=xml").status, 404)
        self.assertEqual(fetch(self.status_port, "/status", method="POST").status, 405)
        page = fetch(self.status_port, "/status")
        self.assertEqual(page.header("content-type"), "text/html; charset=utf-8")
        self.assertEqual(page.header("cache-control"), "no-store")
        # self-contained: no script, style sheet, font or image from anywhere else
        self.assertIsNone(re.search(rb'<script[^>]+src=|<link|@import|@font-face|url\(|<img', page.body))
        self.assertIn(b'name="viewport"', page.body)

    def test_page_in_chromium(self):
        chromium = start_chromium_or_skip(self)
        url = f"http://127.0.0.1:{self.status_port}/status"
        # a virtual time budget beyond the page's 3 s refresh: what is dumped was fetched by the page itself
        dump = run_chromium(self, chromium, "--virtual-time-budget=7000", "--dump-dom", url).stdout
        status = get_json(self.status_port)
        page = MetricCollector()
        page.feed(dump)
        self.assertRegex(page.state, r"^updated ", "the page's own refresh did not work")
        shown = {m for m, _, _ in page.metrics}
        for g in status["upstreams"]:
            for p in g["peers"]:
                for metric in ("requests", "health", "responses/2xx", "latency/connect/count", "latency/first_byte/count"):
                    path = f"upstreams/{g['name']}/{p['name']}/{metric}"
                    self.assertTrue(path in shown, path)
        for path in (f"upstreams/backend/127.0.0.1:{self.b1}/tls/resumption_ratio",
                     f"upstreams/broken/127.0.0.1:{self.bx}/tls/verify_failures/10"):
            self.assertTrue(path in shown, path)
        status_listener = f"listeners/127.0.0.1:{self.status_port}/"
        checked = 0
        for metric, value, text in page.metrics:
            if metric.startswith("connections/") or metric.startswith(status_listener):
                continue  # they count the page's own requests
            expected = json_at(status, metric)
            with self.subTest(metric=metric):
                check_shown(self, expected, value, text)
                checked += 1
        self.assertGreater(checked, 100)
        shots = nproxy_binary().parent / "test-artifacts"
        shots.mkdir(exist_ok=True)
        for name, size in (("status-page.png", "1280,2150"), ("status-page-phone.png", "390,1800")):
            target = shots / name
            target.unlink(missing_ok=True)
            run_chromium(self, chromium, "--hide-scrollbars", "--run-all-compositor-stages-before-draw",
                         f"--window-size={size}", "--virtual-time-budget=2000",
                         f"--screenshot={target}", url)
            self.assertGreater(target.stat().st_size, 20000, name)


# -----------------------------------------------------------------------------------------------------------
# Prometheus' text format, checked line by line against its grammar and naming conventions.

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? '
                    r'(-?[0-9.e+-]+|\+Inf|NaN)$')


def check_exposition(test, text):
    """Checks the whole exposition; returns {'name{labels}': value}."""
    families = {}
    samples = {}
    current = None
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name = line.split(" ")[2]
            test.assertNotIn(name, families, "a family is written once")
            test.assertRegex(name, r"^nproxy_[a-z0-9_]+$")
            current = name
        elif line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            test.assertEqual(name, current, "TYPE follows its HELP")
            test.assertIn(kind, ("counter", "gauge", "histogram"))
            if kind == "counter":
                test.assertTrue(name.endswith("_total"), name)
            if kind == "histogram":
                test.assertTrue(name.endswith("_seconds"), name)
            test.assertFalse(name.endswith("_total") and kind != "counter", name)
            families[name] = kind
        else:
            found = SAMPLE.match(line)
            test.assertIsNotNone(found, f"not a sample line: {line!r}")
            name = found.group(1)
            base = re.sub(r"_(bucket|sum|count)$", "", name) if families.get(current) == "histogram" else name
            test.assertEqual(base, current, f"sample outside its family: {line}")
            key = line.rsplit(" ", 1)[0]
            test.assertNotIn(key, samples, "a series is written once")
            samples[key] = float(found.group(4))
    # histograms: cumulative buckets in rising order, +Inf equal to _count
    for key, value in samples.items():
        if key.endswith('le="+Inf"}'):
            series = key[:key.index('le="')]
            buckets = [v for k, v in samples.items() if k.startswith(series)]
            test.assertEqual(buckets, sorted(buckets), series)
            count = series.replace("_bucket{", "_count{").rstrip(",") + "}"
            test.assertEqual(value, samples[count.replace("{}", "")], series)
    test.assertGreater(len(families), 30)
    return samples


# -----------------------------------------------------------------------------------------------------------
# The page in headless Chromium.

def run_chromium(test, chromium, *args):
    with tempfile.TemporaryDirectory(prefix="nproxy-chromium-") as profile:
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   f"--user-data-dir={profile}", *args]
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    test.assertEqual(result.returncode, 0, result.stderr[-2000:])
    return result


def start_chromium_or_skip(test):
    """Debian's chromium (scripts/install-deps installs it); the test is skipped, saying why, only when it
    is not there or cannot start here."""
    chromium = shutil.which("chromium")
    if not chromium:
        test.skipTest("chromium is not installed (scripts/install-deps installs it)")
    try:
        with tempfile.TemporaryDirectory(prefix="nproxy-chromium-") as profile:
            probe = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                                    "--dump-dom", "data:text/html,<p>ok</p>"],
                                   stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        test.skipTest(f"chromium cannot start here: {e}")
    if probe.returncode != 0 or "<p>ok</p>" not in probe.stdout:
        test.skipTest(f"chromium cannot start here (exit {probe.returncode}): {probe.stderr.strip()[-500:]}")
    return chromium


class MetricCollector(html.parser.HTMLParser):
    """The page's numbers: (data-metric, data-value, text) of every element that carries data-metric."""

    def __init__(self):
        super().__init__()
        self.metrics = []
        self.state = ""
        self._open = None  # [metric, value, text] of the element being read
        self._in_state = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-metric" in attrs:
            self._open = [attrs["data-metric"], attrs.get("data-value", ""), ""]
        self._in_state = attrs.get("id") == "state"

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data
        if self._in_state:
            self.state += data

    def handle_endtag(self, tag):
        if self._open is not None:
            self.metrics.append(tuple(self._open))
            self._open = None
        self._in_state = False


def json_at(status, metric):
    """The JSON's value for a data-metric path such as upstreams/GROUP/PEER/tls/handshakes/full."""
    parts = metric.split("/")
    if parts[0] == "upstreams":
        node, rest = peer(status, parts[1], parts[2]), parts[3:]
    elif parts[0] == "listeners":
        node, rest = listener(status, parts[1]), parts[2:]
    else:
        node, rest = status, parts
    for i, part in enumerate(rest):
        if part == "verify_failures":
            node = next(v for v in node[part] if str(v["code"]) == rest[i + 1])["count"]
            break
        node = node[part]
    return node


def check_shown(test, expected, value, text):
    """A number on the page is the JSON's, and its text says the same."""
    if isinstance(expected, str):
        test.assertEqual((value, text), (expected, expected))
    elif expected is None:
        test.assertEqual((value, text), ("", "–"))
    elif text.endswith("%"):
        test.assertTrue(math.isclose(float(value), expected, rel_tol=1e-9))
        test.assertAlmostEqual(float(text[:-1]), expected * 100, delta=0.051)
    elif text.endswith(" ms"):
        test.assertTrue(math.isclose(float(value), expected, rel_tol=1e-9, abs_tol=1e-12))
        test.assertAlmostEqual(float(text[:-3]), expected * 1000, delta=0.051)
    elif text.endswith("B"):
        test.assertEqual(int(value), expected)
        number, unit = text.split(" ")
        scale = {"B": 1, "KiB": 1024, "MiB": 1024 ** 2, "GiB": 1024 ** 3}[unit]
        test.assertAlmostEqual(float(number) * scale, expected, delta=0.051 * scale)
    else:
        test.assertEqual(int(value), expected)
        test.assertEqual(text.replace(",", ""), str(expected))


if __name__ == "__main__":
    unittest.main()
