"""Request bodies as nginx 1.22 keeps them: $request_body while the body is in memory (client_body_buffer_size
and a quarter, past what came with the header), $request_body_file once it is in a temporary file under
client_body_temp_path (hashed into level folders), client_body_in_file_only on and clean, a buffered body
sent again to the next peer, and an unbuffered one that goes upstream as it arrives.

Every expectation here holds for nginx too (NPROXY=/usr/sbin/nginx)."""

import os
import re
import socket
import threading
import time
import unittest

from nproxy_testlib import (BackgroundServer, Nproxy, Prefix, config_test, connect, exchange, fetch, free_ports, http_conf, read_request, request_bytes,
                            read_response)

SMALL = b"0123456789"
LARGE = b"0123456789" * 512  # 5120 bytes: more than a 2k buffer and a quarter


def chunked(body, pieces=4):
    step = max(1, len(body) // pieces)
    out = b""
    for i in range(0, len(body), step):
        part = body[i:i + step]
        out += b"%x\r\n%s\r\n" % (len(part), part)
    return out + b"0\r\n\r\n"


def chunked_request(path, body):
    return (f"POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode() + chunked(body)


class Echo:
    """A Python backend that answers each request with what it got: X-Got-Length, X-Got-Framing (the header
    that framed the body) and the body itself."""

    def __init__(self):
        self.server = BackgroundServer(self.serve)

    def serve(self, conn, stop):
        with conn.makefile("rb") as reader:
            try:
                got = read_request(reader)
            except ValueError:  # a body broken on purpose
                return
        if got is None:
            return
        _, _, _, headers, body = got
        names = [n.lower() for n, _ in headers]
        framing = "length" if "content-length" in names else "chunked" if "transfer-encoding" in names else "none"
        conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nX-Got-Length: %d\r\nX-Got-Framing: %s\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), framing.encode(), len(body), body))


class BehindEcho(unittest.TestCase):
    """A class's tests against one nproxy in front of one Echo: http_text(port, echo_port) is its http block."""

    @classmethod
    def http_text(cls, port, up):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.echo = Echo()
        cls.echo.server.__enter__()
        (cls.port,) = free_ports(1)
        cls.nproxy = Nproxy(http_conf(cls.http_text(cls.port, cls.echo.server.port)), [cls.port])
        cls.nproxy.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)
        cls.echo.server.__exit__(None, None, None)


class BufferedBody(BehindEcho):
    @classmethod
    def http_text(cls, port, up):
        return f"""
            client_body_temp_path body_temp 1 2;
            log_format dropped "$request_length";
            server {{
                listen 127.0.0.1:{port};
                client_header_buffer_size 1k;
                client_body_buffer_size 2k;
                add_header X-Body "$request_body";
                add_header X-Body-File "$request_body_file";
                location / {{ proxy_pass http://127.0.0.1:{up}; }}
                location /on {{ client_body_in_file_only on; proxy_pass http://127.0.0.1:{up}; }}
                location /clean {{ client_body_in_file_only clean; proxy_pass http://127.0.0.1:{up}; }}
                location /return {{ return 200 "[$request_body]"; access_log logs/dropped.log dropped; }}
            }}"""

    def test_small_body_is_request_body_and_goes_upstream_with_its_length(self):
        r = fetch(self.port, "/", method="POST", body=SMALL)
        self.assertEqual((r.status, r.header("x-body"), r.header("x-body-file")), (200, "0123456789", None))
        self.assertEqual((r.header("x-got-length"), r.header("x-got-framing"), r.body), ("10", "length", SMALL))

    def test_small_chunked_body_is_request_body_and_goes_upstream_with_a_length(self):
        r = exchange(self.port, chunked_request("/", SMALL))[0]
        self.assertEqual((r.status, r.header("x-body")), (200, "0123456789"))
        self.assertEqual((r.header("x-got-framing"), r.body), ("length", SMALL))

    def test_large_body_goes_to_a_temporary_file_that_is_gone_at_once(self):
        for data in (fetch(self.port, "/", method="POST", body=LARGE), exchange(self.port, chunked_request("/", LARGE))[0]):
            self.assertEqual((data.status, data.header("x-body"), data.body), (200, None, LARGE))
            self.assertEqual(data.header("x-got-framing"), "length")
            name = data.header("x-body-file")
            self.assertIsNotNone(name)
            # hashed into the levels "1 2": body_temp/D/DD/DDDDDDDDDD, named by the number's last digits
            parts = name.split("/")
            self.assertEqual(parts[-4], "body_temp")
            self.assertEqual((parts[-3], parts[-2]), (parts[-1][-1:], parts[-1][-3:-1]))
            self.assertFalse(os.path.exists(name))
        self.assertTrue(self.nproxy.wait_for_log(
            "error.log", r"\[warn\] .*a client request body is buffered to a temporary file .*/body_temp/"),
            self.nproxy.error_log())

    def test_client_body_in_file_only_on_keeps_the_file(self):
        r = fetch(self.port, "/on", method="POST", body=SMALL)
        self.assertEqual((r.status, r.header("x-body"), r.body), (200, None, SMALL))
        with open(r.header("x-body-file"), "rb") as f:
            self.assertEqual(f.read(), SMALL)
        os.unlink(r.header("x-body-file"))

    def test_client_body_in_file_only_clean_removes_the_file_when_done(self):
        r = fetch(self.port, "/clean", method="POST", body=SMALL)
        self.assertEqual((r.status, r.body), (200, SMALL))
        name = r.header("x-body-file")
        self.assertIsNotNone(name)
        deadline = time.monotonic() + 5
        while os.path.exists(name) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(os.path.exists(name))

    def test_a_body_no_handler_reads_is_not_request_body(self):
        r = fetch(self.port, "/return", method="POST", body=SMALL)
        self.assertEqual((r.status, r.body), (200, b"[]"))
        # nor is it counted in $request_length, as nginx
        head = len(request_bytes("POST", "/return", headers=[("Connection", "close")], body=SMALL)) - len(SMALL)
        self.assertTrue(self.nproxy.wait_for_log("dropped.log", r"\n"))
        self.assertEqual(self.nproxy._read("logs/dropped.log"), f"{head}\n")

    def test_pipelined_requests_each_have_their_own_body(self):
        data = b"".join(f"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {len(b)}\r\n\r\n".encode() + b
                        for b in (SMALL, LARGE, b"foobar"))
        answers = exchange(self.port, data, count=3)
        self.assertEqual([a.header("x-body") for a in answers], ["0123456789", None, "foobar"])
        self.assertEqual([a.body for a in answers], [SMALL, LARGE, b"foobar"])


CHUNKED_HEAD = (b"POST /p/x HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n"
                b"Connection: close\r\n\r\n")


class ChunkedSyntax(BehindEcho):
    """A chunked body read as nginx's ngx_http_parse_chunked reads one: bare LFs, blanks and extensions after
    a size, trailer lines of any form; a chunk declared past client_max_body_size is refused (413) and a size
    past what nginx takes is invalid (400), both as soon as they are read, not when the body timeout ends."""

    @classmethod
    def http_text(cls, port, up):
        (cls.closed,) = free_ports(1)  # nothing listens there
        return f"""
            upstream pair {{
                server 127.0.0.1:{up} max_fails=1 fail_timeout=60s;
                server 127.0.0.1:{cls.closed} max_fails=1 fail_timeout=60s;
            }}
            server {{
                listen 127.0.0.1:{port};
                client_max_body_size 1k;
                client_body_timeout 60s;
                location /p/ {{ proxy_pass http://127.0.0.1:{up}; }}
                location /u/ {{
                    proxy_request_buffering off;
                    proxy_http_version 1.1;
                    proxy_pass http://127.0.0.1:{up};
                }}
                location /closed/ {{
                    proxy_request_buffering off;
                    proxy_http_version 1.1;
                    proxy_pass http://127.0.0.1:{cls.closed};
                }}
                location /pair/ {{
                    proxy_request_buffering off;
                    proxy_http_version 1.1;
                    proxy_pass http://pair;
                }}
                location / {{ return 200 "[$request_body]"; }}
            }}"""

    def answer(self, body, head=CHUNKED_HEAD):
        # the connection stays open: an answer that waits for more of the body ends the test with a timeout
        return exchange(self.port, head + body, timeout=5)[0]

    def test_a_chunk_declared_past_the_limit_is_refused_at_once(self):
        r = self.answer(b"200000\r\nhello")
        self.assertEqual(r.status, 413)
        self.assertTrue(self.nproxy.wait_for_log(
            "error.log", r"\[error\] .*client intended to send too large chunked body: 0\+2097152 bytes"),
            self.nproxy.error_log())

    def test_what_came_before_counts_with_the_declared_size(self):
        self.assertEqual(self.answer(b"3\r\nabc\r\n3fe\r\nx").status, 413)
        self.assertTrue(self.nproxy.wait_for_log(
            "error.log", r"client intended to send too large chunked body: 3\+1022 bytes"), self.nproxy.error_log())
        r = self.answer(b"3\r\nabc\r\n3fd\r\n" + b"x" * 0x3fd + b"\r\n0\r\n\r\n")
        self.assertEqual((r.status, len(r.body)), (200, 1024))

    def test_the_limit_holds_when_the_body_streams_upstream(self):
        self.assertEqual(self.answer(b"200000\r\nhello", CHUNKED_HEAD.replace(b"/p/", b"/u/")).status, 413)

    def test_a_streamed_body_refused_in_what_came_with_the_header_tries_no_upstream(self):
        head = CHUNKED_HEAD.replace(b"/p/", b"/closed/")
        self.assertEqual(self.answer(b"200000\r\nhello", head).status, 413)  # not 502: nothing was tried
        self.assertEqual(self.answer(b"zz\r\nhello", head).status, 400)

    def test_a_body_that_breaks_while_it_streams_is_no_fault_of_the_peer(self):
        # the Echo peer gets the header and the body's start; the body then breaks: 400, and the peer is not
        # marked failed, so that once the closed peer has failed too the next request still finds it live
        with connect(self.port, timeout=5) as sock:
            sock.sendall(CHUNKED_HEAD.replace(b"/p/", b"/pair/") + b"5\r\nhel")
            time.sleep(0.3)
            sock.sendall(b"lo\r\nzz\r\n")
            with sock.makefile("rb") as reader:
                self.assertEqual(read_response(reader).status, 400)
        for _ in range(2):
            r = self.answer(b"5\r\nhello\r\n0\r\n\r\n", CHUNKED_HEAD.replace(b"/p/", b"/pair/"))
            self.assertEqual((r.status, r.body), (200, b"hello"))

    def test_a_size_past_what_nginx_takes_is_invalid_at_once(self):
        for size in (b"ffffffffffffffff", b"7fffffffffffffff", b"1000000000000000"):
            with self.subTest(size=size):
                r = self.answer(size + b"\r\nhello\r\n0\r\n\r\n")
                self.assertEqual(r.status, 400)
        self.assertTrue(self.nproxy.wait_for_log("error.log", r"\[error\] .*client sent invalid chunked body"))

    def test_framing_nginx_refuses(self):
        for body in (b"5x\r\nhello\r\n0\r\n\r\n", b"5\r\nhelloX\r\n0\r\n\r\n", b"5\rhello\r\n0\r\n\r\n",
                     b"5\r\nhello\r\n0\r\n\rX"):
            with self.subTest(body=body):
                self.assertEqual(self.answer(body).status, 400)

    def test_syntax_nginx_accepts(self):
        for body in (b"5\nhello\n0\n\n", b"5 \r\nhello\r\n0\r\n\r\n", b"5\t\r\nhello\r\n0\r\n\r\n",
                     b"5;\r\nhello\r\n0\r\n\r\n", b"5;a b\r\nhello\r\n0\r\n\r\n", b"5\r\nhello\r\n0 \r\n\r\n",
                     b"5\r\nhello\n0\r\n\r\n", b"5\r\nhello\r\n0\r\nnocolon\r\n\r\n",
                     b"5\r\nhello\r\n0\r\n \r\n\r\n", b"5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n",
                     b"5\r\nhello\r\n00\r\n\n", b"0005\r\nhello\r\n0;x\r\nA: b\n\n"):
            for path in (b"/p/", b"/u/"):
                with self.subTest(body=body, path=path):
                    r = self.answer(body, CHUNKED_HEAD.replace(b"/p/", path))
                    self.assertEqual((r.status, r.body), (200, b"hello"))

    def test_what_follows_the_body_is_the_next_request(self):
        head = CHUNKED_HEAD.replace(b"Connection: close\r\n", b"")
        data = (head + b"5\nhello\n0\nX: y\n\n" + head + b"3;x\r\nabc\r\n0 \r\n\r\n" +
                b"GET /next HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n")
        answers = exchange(self.port, data, count=3, timeout=5)
        self.assertEqual([(a.status, a.body) for a in answers], [(200, b"hello"), (200, b"abc"), (200, b"[]")])

    def test_a_body_no_handler_reads_is_dropped_whatever_its_size(self):
        head = b"POST /r HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n"
        data = (head + b"800\n" + b"x" * 0x800 + b"\n0\n\n" +
                b"GET /next HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n")
        answers = exchange(self.port, data, count=2, timeout=5)
        self.assertEqual([(a.status, a.body) for a in answers], [(200, b"[]"), (200, b"[]")])


class NextUpstreamWithBody(unittest.TestCase):
    def test_a_buffered_body_is_sent_again_to_the_next_peer(self):
        def closes(conn, stop):
            conn.recv(65536)

        echo = Echo()
        (port,) = free_ports(1)
        with BackgroundServer(closes) as dead, echo.server:
            conf = http_conf(f"""
                upstream u {{ server 127.0.0.1:{dead.port}; server 127.0.0.1:{echo.server.port}; }}
                server {{
                    listen 127.0.0.1:{port};
                    location / {{ proxy_pass http://u; proxy_next_upstream error non_idempotent; }}
                }}""")
            with Nproxy(conf, [port]):
                r = fetch(port, "/", method="POST", body=SMALL)
        self.assertEqual((r.status, r.body), (200, SMALL))


class UnbufferedBody(unittest.TestCase):
    def test_the_body_goes_upstream_as_it_arrives(self):
        seen = []
        got_first = threading.Event()

        def backend(conn, stop):
            data = b""
            while b"01234" not in data:
                data += conn.recv(65536)
            seen.append(data)
            got_first.set()
            while not data.endswith(b"56789"):
                data += conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")

        (port,) = free_ports(1)
        with BackgroundServer(backend) as up:
            conf = http_conf(f"""
                server {{
                    listen 127.0.0.1:{port};
                    proxy_request_buffering off;
                    add_header X-Body "$request_body";
                    location / {{ proxy_pass http://127.0.0.1:{up.port}; }}
                }}""")
            with Nproxy(conf, [port]):
                with connect(port) as sock:
                    sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 10\r\n\r\n01234")
                    self.assertTrue(got_first.wait(5), "the first part did not go upstream before the rest came")
                    sock.sendall(b"56789")
                    with sock.makefile("rb") as reader:
                        r = read_response(reader)
        self.assertTrue(seen[0].endswith(b"\r\n\r\n01234"), seen)
        self.assertEqual((r.status, r.body), (200, b"ok"))

    def test_a_small_body_that_came_whole_is_request_body(self):
        echo = Echo()
        (port,) = free_ports(1)
        with echo.server:
            conf = http_conf(f"""
                server {{
                    listen 127.0.0.1:{port};
                    proxy_request_buffering off;
                    add_header X-Body "$request_body";
                    location / {{ proxy_pass http://127.0.0.1:{echo.server.port}; }}
                }}""")
            with Nproxy(conf, [port]):
                r = fetch(port, "/", method="POST", body=SMALL)
        self.assertEqual((r.status, r.header("x-body"), r.body), (200, "0123456789", SMALL))


class TempFolder(unittest.TestCase):
    def test_the_folder_is_made_at_start(self):
        (port,) = free_ports(1)
        conf = http_conf(f"client_body_temp_path body_here; server {{ listen 127.0.0.1:{port}; return 204; }}")
        with Nproxy(conf, [port]) as n:
            mode = os.stat(n.path / "body_here").st_mode
        self.assertEqual(mode & 0o777, 0o700)

    def test_a_folder_that_cannot_be_made_fails_the_test_of_the_configuration(self):
        with Prefix() as prefix:
            conf = prefix.write("nproxy.conf", http_conf("client_body_temp_path /nonexistent-parent/body;"))
            code, lines = config_test(conf, prefix)
        self.assertEqual(code, 1)
        wanted = r'\[emerg\] (\d+#\d+: )?mkdir\(\) "/nonexistent-parent/body" failed \(2: No such file or directory\)$'
        self.assertTrue(any(re.search(wanted, line) for line in lines), lines)


if __name__ == "__main__":
    unittest.main()
