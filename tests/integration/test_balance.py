"""least_conn and ip_hash in upstream blocks: least_conn sends requests away from a peer busy with one and
round-robins among peers tied; ip_hash keeps a client on one peer and moves on when that peer fails; the
configuration check's "load balancing method redefined" and "backup" under ip_hash.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import threading
import time
import unittest

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
        cls.port, cls.a, cls.b = free_ports(3)
        cls.slow = cls.enterClassContext(BackgroundServer(slow_backend))
        conf = http_conf(f"""
    upstream even {{ least_conn; server 127.0.0.1:{cls.a}; server 127.0.0.1:{cls.b}; }}
    upstream busy {{ least_conn; server 127.0.0.1:{cls.slow.port}; server 127.0.0.1:{cls.b}; }}
    upstream sticky {{ ip_hash; server 127.0.0.1:{cls.a}; server 127.0.0.1:{cls.b}; }}
    server {{
        listen 127.0.0.1:{cls.port};
        location /even {{ proxy_pass http://even; }}
        location /busy {{ proxy_pass http://busy; }}
        location /sticky {{ proxy_pass http://sticky; }}
    }}
    server {{ listen 127.0.0.1:{cls.a}; return 200 "a"; }}
    server {{ listen 127.0.0.1:{cls.b}; return 200 "b"; }}""")
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, cls.a, cls.b]))

    def bodies(self, path, count):
        return "".join(fetch(self.port, path).body.decode() for _ in range(count))

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


if __name__ == "__main__":
    unittest.main()
