"""listen port ranges as nginx 1.22.1: "127.0.0.1:A-B" listens on every port from A to B, and no other.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import socket
import unittest

from nproxy_testlib import LOOPBACK, Nproxy, fetch, http_conf


def free_range(count):
    """`count` consecutive loopback ports that are free now, with a free one on each side."""
    for start in range(20000, 60000, 97):
        ports = range(start - 1, start + count + 1)
        socks = []
        try:
            for port in ports:
                s = socket.socket()
                socks.append(s)
                s.bind((LOOPBACK, port))
            return list(ports)
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port range")


class ListenRange(unittest.TestCase):
    def test_each_port_of_the_range_and_no_other(self):
        below, *inside, above = free_range(3)
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{inside[0]}-{inside[-1]};
        location / {{ return 200 "$server_addr:$server_port"; }}
    }}""")
        with Nproxy(conf, inside):
            for port in inside:
                self.assertEqual(fetch(port, "/").text, f"127.0.0.1:{port}")
            for port in (below, above):
                with self.assertRaises(ConnectionRefusedError):
                    fetch(port, "/")


if __name__ == "__main__":
    unittest.main()
