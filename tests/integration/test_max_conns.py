"""The upstream server parameter max_conns=N: a peer with N requests in progress is passed over by round-robin,
least_conn and hash alike; the backups take over when every primary is full; with nothing left, 502 and
"no live upstreams while connecting to upstream"; a connection kept alive idle in the pool is not counted.

Each backend holds every request until the test releases it, so the requests in progress are known.
The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import threading
import time
import unittest

from nproxy_testlib import BackgroundServer, Nproxy, fetch, free_ports, http_conf, read_request


class HoldingBackend:
    """A Python backend that notes each request's arrival, holds it until released, then answers its name."""

    def __init__(self, name, arrivals):
        self.name = name
        self.arrivals = arrivals  # shared by the backends of a test: names in the order requests arrived
        self.release = threading.Event()
        self.server = BackgroundServer(self.handle)

    def handle(self, conn, stop):
        with conn.makefile("rb") as reader:
            if read_request(reader) is None:
                return
            self.arrivals.append(self.name)
            while not (self.release.is_set() or stop.is_set()):
                self.release.wait(0.05)
            body = self.name.encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))


class MaxConns(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.arrivals = []
        names = ["a", "b", "x", "lc_a", "lc_b", "h1", "h2", "single"]
        cls.backends = {name: HoldingBackend(name, cls.arrivals) for name in names}
        for backend in cls.backends.values():
            cls.enterClassContext(backend.server)
        cls.port, cls.kept = free_ports(2)
        at = {name: f"127.0.0.1:{backend.server.port}" for name, backend in cls.backends.items()}
        conf = http_conf(f"""
    upstream rr {{ server {at['a']} max_conns=1; server {at['b']} max_conns=2;
                   server {at['x']} backup max_conns=1; }}
    upstream lc {{ least_conn; server {at['lc_a']} weight=3 max_conns=1; server {at['lc_b']}; }}
    upstream keyed {{ hash $arg_k; server {at['h1']} max_conns=1; server {at['h2']}; }}
    upstream single {{ server {at['single']} max_conns=1; }}
    upstream pooled {{ server 127.0.0.1:{cls.kept} max_conns=1; keepalive 4; }}
    server {{
        listen 127.0.0.1:{cls.port};
        location /rr {{ proxy_pass http://rr; }}
        location /lc {{ proxy_pass http://lc; }}
        location /keyed {{ proxy_pass http://keyed; }}
        location /single {{ proxy_pass http://single; }}
        location /pooled {{
            proxy_pass http://pooled;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
    server {{ listen 127.0.0.1:{cls.kept}; return 200 "kept"; }}""")
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, cls.kept]))

    def setUp(self):
        self.held = []

    def tearDown(self):
        for backend in self.backends.values():
            backend.release.set()
        for thread, _ in self.held:
            thread.join(timeout=10)
        for backend in self.backends.values():
            backend.release.clear()

    def hold(self, path):
        """Sends a request in a thread and waits until a backend holds it; that backend's name."""
        count = len(self.arrivals)
        result = {}
        thread = threading.Thread(target=lambda: result.update(response=fetch(self.port, path, timeout=20)))
        thread.start()
        self.held.append((thread, result))
        deadline = time.monotonic() + 5
        while len(self.arrivals) == count and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(len(self.arrivals), count + 1, f"{path} reached no backend")
        return self.arrivals[count]

    def release_all(self):
        """Lets every held request finish; their bodies, in the order they were sent."""
        for backend in self.backends.values():
            backend.release.set()
        bodies = []
        for thread, result in self.held:
            thread.join(timeout=10)
            bodies.append(result["response"].body.decode())
        self.held = []
        return bodies

    def assert_no_live_upstreams(self, path):
        errors = self.nproxy.error_log().count("no live upstreams while connecting to upstream")
        self.assertEqual(fetch(self.port, path).status, 502)
        deadline = time.monotonic() + 5
        while self.nproxy.error_log().count("no live upstreams while connecting to upstream") == errors:
            self.assertLess(time.monotonic(), deadline, "no \"no live upstreams\" line logged")
            time.sleep(0.05)

    def test_round_robin_fills_the_primaries_then_the_backup(self):
        self.assertEqual([self.hold("/rr") for _ in range(4)], ["a", "b", "b", "x"])
        self.assert_no_live_upstreams("/rr")
        self.assertEqual(self.release_all(), ["a", "b", "b", "x"])
        # the requests ended, their peers count none: the primaries serve again, the backup rests
        self.assertEqual(sorted(fetch(self.port, "/rr").body.decode() for _ in range(2)), ["a", "b"])

    def test_least_conn_passes_over_a_full_peer(self):
        # lc_a (weight 3) takes the first; a second goes to the idle lc_b; a third would go to lc_a
        # (1 request for weight 3 against 1 for weight 1), but lc_a is full
        self.assertEqual([self.hold("/lc") for _ in range(3)], ["lc_a", "lc_b", "lc_b"])
        self.assertEqual(self.release_all(), ["lc_a", "lc_b", "lc_b"])

    def test_hash_moves_a_key_past_a_full_peer(self):
        # key 1 hashes to h1 (nginx's crc32 formula over two equal peers); while h1 holds it, to h2
        self.assertEqual([self.hold("/keyed?k=1") for _ in range(3)], ["h1", "h2", "h2"])
        self.assertEqual(self.release_all(), ["h1", "h2", "h2"])
        self.assertEqual(fetch(self.port, "/keyed?k=1").body, b"h1")

    def test_a_full_single_peer_gives_502(self):
        self.assertEqual(self.hold("/single"), "single")
        self.assert_no_live_upstreams("/single")
        self.assertEqual(self.release_all(), ["single"])
        self.assertEqual(fetch(self.port, "/single").body, b"single")

    def test_an_idle_kept_alive_connection_is_not_counted(self):
        # each request ends before the next: the connection waits in the pool, and max_conns=1 allows more
        self.assertEqual([fetch(self.port, "/pooled").body for _ in range(5)], [b"kept"] * 5)


if __name__ == "__main__":
    unittest.main()
