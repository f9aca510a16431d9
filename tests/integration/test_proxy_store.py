"""proxy_store over the wire: an upstream's 200 answer, as it came, kept where root maps the URI (`on`) or
where a path with variables says, with proxy_store_access's mode and the answer's Last-Modified as its time,
folders made as needed; not an error answer, a HEAD, or an answer cut short.

The expected files are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them)."""

import os
import stat
import time
import unittest

from nproxy_testlib import BackgroundServer, Nproxy, fetch, free_ports, read_request
from test_rewrite import server

BODY = b"stored body " * 1000


def backend(conn, stop):
    with conn.makefile("rb") as reader:
        request = read_request(reader)
    if request is None:
        return
    target = request[1]
    if "missing" in target:
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnone")
    elif "short" in target:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly part")
    elif "chunked" in target:
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                     b"5\r\nchunk\r\n4\r\ned!!\r\n0\r\n\r\n")
    else:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nLast-Modified: Mon, 05 May 2025 05:05:05 GMT\r\n"
                     b"Connection: close\r\n\r\n%s" % (len(BODY), BODY))


def appears(path, timeout=5.0):
    """Whether `path` exists within `timeout` (the file takes its place once the answer has gone out)."""
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return path.exists()


class ProxyStore(unittest.TestCase):
    def test_answers_are_kept_as_files(self):
        port, = free_ports(1)
        with BackgroundServer(backend) as b:
            conf = server(port, f"""
            location / {{ root store; proxy_pass http://127.0.0.1:{b.port};
                          proxy_store on; proxy_store_access user:rw group:r all:r; }}
            location /named/ {{ proxy_pass http://127.0.0.1:{b.port}/; proxy_store $document_root/by-name/$arg_n; }}""")
            with Nproxy(conf, [port]) as n:
                root = n.path / "store"
                self.assertEqual(fetch(port, "/a/b/page.txt").body, BODY)
                stored = root / "a/b/page.txt"
                self.assertTrue(appears(stored))
                self.assertEqual(stored.read_bytes(), BODY)
                st = os.stat(stored)
                self.assertEqual(stat.S_IMODE(st.st_mode), 0o644)
                self.assertEqual(int(st.st_mtime), 1746421505)  # the answer's Last-Modified
                self.assertEqual(stat.S_IMODE(os.stat(root / "a/b").st_mode) & 0o700, 0o700)

                self.assertEqual(fetch(port, "/chunked.txt").body, b"chunked!!")
                self.assertTrue(appears(root / "chunked.txt"))
                self.assertEqual((root / "chunked.txt").read_bytes(), b"chunked!!")
                self.assertEqual(fetch(port, "/missing.txt").status, 404)
                self.assertEqual(fetch(port, "/head.txt", method="HEAD").status, 200)
                try:
                    fetch(port, "/short.txt")  # the upstream closes early: the client's answer is cut short
                except (OSError, ValueError):
                    pass
                fetch(port, "/named/x?n=one/two.txt")
                self.assertTrue(appears(n.path / "html/by-name/one/two.txt"))
                self.assertEqual((n.path / "html/by-name/one/two.txt").read_bytes(), BODY)
                self.assertEqual(stat.S_IMODE(os.stat(n.path / "html/by-name/one/two.txt").st_mode), 0o600)
                time.sleep(0.2)
                names = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
                # nothing for the 404, the HEAD or the answer cut short, and no temporary file left
                self.assertEqual(names, ["a", "a/b", "a/b/page.txt", "chunked.txt"])


if __name__ == "__main__":
    unittest.main()
