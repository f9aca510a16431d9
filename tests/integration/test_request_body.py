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

from nproxy_testlib import (BackgroundServer, Nproxy, Prefix, config_test, connect, exchange, fetch, free_ports, http_conf, read_request,
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
            got = read_request(reader)
        if got is None:
            return
        _, _, _, headers, body = got
        names = [n.lower() for n, _ in headers]
        framing = "length" if "content-length" in names else "chunked" if "transfer-encoding" in names else "none"
        conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nX-Got-Length: %d\r\nX-Got-Framing: %s\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), framing.encode(), len(body), body))


class BufferedBody(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.echo = Echo()
        cls.echo.server.__enter__()
        (cls.port,) = free_ports(1)
        up = cls.echo.server.port
        cls.nproxy = Nproxy(http_conf(f"""
            client_body_temp_path body_temp 1 2;
            server {{
                listen 127.0.0.1:{cls.port};
                client_header_buffer_size 1k;
                client_body_buffer_size 2k;
                add_header X-Body "$request_body";
                add_header X-Body-File "$request_body_file";
                location / {{ proxy_pass http://127.0.0.1:{up}; }}
                location /on {{ client_body_in_file_only on; proxy_pass http://127.0.0.1:{up}; }}
                location /clean {{ client_body_in_file_only clean; proxy_pass http://127.0.0.1:{up}; }}
                location /return {{ return 200 "[$request_body]"; }}
            }}"""), [cls.port])
        cls.nproxy.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)
        cls.echo.server.__exit__(None, None, None)

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

    def test_pipelined_requests_each_have_their_own_body(self):
        data = b"".join(f"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {len(b)}\r\n\r\n".encode() + b
                        for b in (SMALL, LARGE, b"foobar"))
        answers = exchange(self.port, data, count=3)
        self.assertEqual([a.header("x-body") for a in answers], ["0123456789", None, "foobar"])
        self.assertEqual([a.body for a in answers], [SMALL, LARGE, b"foobar"])


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
