"""least_conn, ip_hash, hash and random in upstream blocks: least_conn sends requests away from a peer busy
with one and round-robins among peers tied; ip_hash keeps a client on one peer and moves on when that peer
fails; hash sends a key where nginx's crc32 formula (or its consistent ring) does; random draws by weight,
and "two least_conn" away from a busy peer; the configuration check's "load balancing method redefined",
"backup" under the methods that refuse it and their invalid parameters.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import bisect
import threading
import time
import unittest
import zlib

from nproxy_testlib import (BackgroundServer, Nproxy, Prefix, config_test, fetch, free_ports, http_conf,
                            read_request)


def slow_backend(conn, stop):
    """Answers "slow" after holding each request until `stop` or 2 s."""
    with conn.makefile("rb") as reader:
        if read_request(reader) is None:
            return
        stop.wait(2)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nslow")


class Balance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, cls.a, cls.b, cls.c, cls.dead = free_ports(5)
        cls.slow = cls.enterClassContext(BackgroundServer(slow_backend))
        three = f"server 127.0.0.1:{cls.a}; server 127.0.0.1:{cls.b}; server 127.0.0.1:{cls.c};"
        conf = http_conf(f"""
    upstream even {{ least_conn; server 127.0.0.1:{cls.a}; server 127.0.0.1:{cls.b}; }}
    upstream busy {{ least_conn; server 127.0.0.1:{cls.slow.port}; server 127.0.0.1:{cls.b}; }}
    upstream sticky {{ ip_hash; server 127.0.0.1:{cls.a}; server 127.0.0.1:{cls.b}; }}
    upstream keyed {{ hash $arg_k; {three} }}
    upstream keyed_dead {{ hash $arg_k; server 127.0.0.1:{cls.a}; server 127.0.0.1:{cls.dead}; }}
    upstream ring {{ hash $arg_k consistent; {three} }}
    upstream drawn {{ random; server 127.0.0.1:{cls.a}; server 127.0.0.1:{cls.b} weight=3;
                      server 127.0.0.1:{cls.c} down; }}
    upstream drawn_two {{ random two least_conn; server 127.0.0.1:{cls.slow.port}; server 127.0.0.1:{cls.b}; }}
    server {{
        listen 127.0.0.1:{cls.port};
        location /even {{ proxy_pass http://even; }}
        location /busy {{ proxy_pass http://busy; }}
        location /sticky {{ proxy_pass http://sticky; }}
        location /keyed {{ proxy_pass http://keyed; }}
        location /keyed_dead {{ proxy_pass http://keyed_dead; }}
        location /ring {{ proxy_pass http://ring; }}
        location /drawn {{ proxy_pass http://drawn; }}
        location /drawn_two {{ proxy_pass http://drawn_two; }}
    }}
    server {{ listen 127.0.0.1:{cls.a}; return 200 "a"; }}
    server {{ listen 127.0.0.1:{cls.b}; return 200 "b"; }}
    server {{ listen 127.0.0.1:{cls.c}; return 200 "c"; }}""")
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, cls.a, cls.b, cls.c]))

    def bodies(self, path, count):
        return "".join(fetch(self.port, path).body.decode() for _ in range(count))

    def keyed(self, path, keys):
        return "".join(fetch(self.port, f"{path}?k={k}").body.decode() for k in keys)

    def hold_at_slow(self, path):
        """Sends requests to `path` (each in a thread) until one waits at the slow peer; the threads."""
        accepted = self.slow.accepted
        held = []
        for _ in range(20):  # each goes to the slow peer one time in two at least
            held.append(threading.Thread(target=fetch, args=(self.port, path)))
            held[-1].start()
            deadline = time.monotonic() + 0.5
            while self.slow.accepted == accepted and time.monotonic() < deadline:
                time.sleep(0.02)
            if self.slow.accepted > accepted:
                break
        self.assertGreater(self.slow.accepted, accepted)
        time.sleep(0.2)
        return held

    def test_least_conn_round_robins_between_idle_peers(self):
        self.assertIn(self.bodies("/even", 4), ["abab", "baba"])

    def test_least_conn_avoids_a_busy_peer(self):
        # two requests: round-robin sends one to each, so one waits at the slow peer ...
        held = [threading.Thread(target=fetch, args=(self.port, "/busy")) for _ in range(2)]
        for t in held:
            t.start()
        deadline = time.monotonic() + 5
        while self.slow.accepted < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
        # ... and while it does, every new request goes to the other peer
        self.assertEqual(self.bodies("/busy", 4), "bbbb")
        for t in held:
            t.join(timeout=10)

    def test_ip_hash_keeps_a_client_on_one_peer(self):
        # nginx's hash of 127.0.0.1's first three bytes chooses the first of two equal peers (round-robin
        # would alternate)
        self.assertEqual(self.bodies("/sticky", 5), "aaaaa")

    def test_hash_sends_a_key_where_nginx_does(self):
        # the keys 1 to 10 by nginx's formula, (crc32(key) >> 16) & 0x7fff over three equal peers
        self.assertEqual(self.keyed("/keyed", range(1, 11)), "bcbabaacca")
        self.assertEqual(self.keyed("/keyed", [7] * 4), "aaaa")

    def test_hash_with_an_empty_key_round_robins(self):
        self.assertEqual("".join(sorted(self.keyed("/keyed", [""] * 3))), "abc")

    def test_hash_moves_past_a_peer_that_fails(self):
        self.assertEqual(self.keyed("/keyed_dead", range(1, 11)), "a" * 10)

    def test_consistent_hash_follows_nginx_ring(self):
        servers = [f"127.0.0.1:{port}" for port in (self.a, self.b, self.c)]
        names = dict(zip(servers, "abc"))
        expected = "".join(names[consistent_choice(servers, str(k))] for k in range(1, 21))
        self.assertEqual(self.keyed("/ring", range(1, 21)), expected)

    def test_random_draws_by_weight_and_never_a_down_peer(self):
        drawn = self.bodies("/drawn", 60)
        self.assertNotIn("c", drawn)
        # b weighs three times a: missing a in 60, or a as often as b, would take odds below 1 in 10^5
        self.assertGreater(drawn.count("a"), 0)
        self.assertGreater(drawn.count("b"), drawn.count("a"))

    def test_random_two_least_conn_avoids_a_busy_peer(self):
        held = self.hold_at_slow("/drawn_two")
        # the two peers drawn are always both, and the busy one has a request more
        self.assertEqual(self.bodies("/drawn_two", 4), "bbbb")
        for t in held:
            t.join(timeout=10)


def consistent_choice(servers, key):
    """The server nginx's consistent hash gives a key: 160 points per server, chained crc32s of
    "HOST\\0PORT" and the previous point's four bytes; the first point at or after crc32(key)."""
    points = set()
    for server in servers:
        host, port = server.rsplit(":", 1)
        base, previous = f"{host}\0{port}".encode(), 0
        for _ in range(160):
            previous = zlib.crc32(base + previous.to_bytes(4, "little"))
            points.add((previous, server))
    points = sorted(points)
    i = bisect.bisect_left(points, (zlib.crc32(key.encode()),))
    return points[i % len(points)][1]


class BalanceCheck(unittest.TestCase):
    def check(self, upstream):
        """The exit code and the stderr text of -t for an upstream block with `upstream` in it."""
        with Prefix() as prefix:
            server = "server { listen 127.0.0.1:8080; location / { proxy_pass http://u; } }"
            conf = prefix.write("nproxy.conf", http_conf(f"upstream u {{ {upstream} }}\n{server}"))
            code, lines = config_test(conf, prefix)
            return code, "\n".join(lines)

    def test_messages(self):
        code, text = self.check("least_conn; ip_hash; server 127.0.0.1:1;")
        self.assertEqual(code, 0)
        self.assertRegex(text, r"\[warn\] .*load balancing method redefined in .*nproxy\.conf:\d+")
        code, text = self.check("keepalive 4; least_conn; server 127.0.0.1:1;")
        self.assertRegex(text, r"\[warn\] .*load balancing method redefined")
        code, text = self.check("ip_hash; server 127.0.0.1:1 backup;")
        self.assertEqual(code, 1)
        self.assertIn('balancing method does not support parameter "backup"', text)
        self.assertIn('invalid number of arguments in "least_conn" directive', self.check("least_conn x;")[1])

    def test_hash_and_random_messages(self):
        redefined = ["ip_hash; hash $arg_a;", "hash $arg_a; hash $arg_b consistent;", "keepalive 2; hash $arg_a;",
                     "hash $arg_a consistent; random;", "keepalive 2; random two least_conn;"]
        for methods in redefined:
            code, text = self.check(methods + " server 127.0.0.1:1;")
            self.assertEqual(code, 0, methods)
            self.assertRegex(text, r"\[warn\] .*load balancing method redefined in .*nproxy\.conf:\d+")
        for method in ["hash $arg_a;", "hash $arg_a consistent;", "random;", "random two least_conn;"]:
            parameters = "weight=2 max_fails=3 fail_timeout=5s max_conns=4 down"
            code, text = self.check(f"{method} server 127.0.0.1:1 {parameters};")
            self.assertEqual(code, 0, text)
            code, text = self.check(method + " server 127.0.0.1:1 backup;")
            self.assertEqual(code, 1)
            self.assertIn('balancing method does not support parameter "backup"', text)
        for method, message in [("hash $arg_a foo;", 'invalid parameter "foo"'),
                                ("hash $arg_a consistent x;", 'invalid number of arguments in "hash" directive'),
                                ("hash;", 'invalid number of arguments in "hash" directive'),
                                ("hash $nosuchvar_x;", 'unknown "nosuchvar_x" variable'),
                                ("random two foo;", 'invalid parameter "foo"'),
                                ("random least_conn;", 'invalid parameter "least_conn"'),
                                ("random two least_conn x;", 'invalid number of arguments in "random" directive')]:
            code, text = self.check(method + " server 127.0.0.1:1;")
            self.assertEqual(code, 1, method)
            self.assertIn(message, text)


if __name__ == "__main__":
    unittest.main()
