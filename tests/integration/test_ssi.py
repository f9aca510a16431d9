"""Server-side includes (ssi on): commands in static and proxied HTML, includes of files, of proxied
locations and into variables, commands cut across the pieces a backend sends, errors as nginx renders
them, and the header a processed answer goes with.

The expected answers are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them by hand)."""

import time
import unittest

from nproxy_testlib import BackgroundServer, Nproxy, connect, fetch, free_ports, read_request, read_response
from test_rewrite import server

PAGE = ('<p><!--#include virtual="/part.html" --></p>'
        '<!--#include virtual="/backend/x?y=1" set="b" -->[<!--#echo var="b" -->]'
        '<!--#set var="v" value="<$uri>" --><!--#echo var="v" --> <!--#echo var="v" encoding="none" -->'
        ' <!--#echo var="nothing" --> <!--#echo var="nothing" default="dflt" -->'
        ' <!--#echo var="arg_a" -->')


def html_backend(pieces, *, delay=0.0):
    """A backend that answers text/html chunked, sending `pieces` one by one (after `delay` s each)."""
    def handle(conn, stop):
        with conn.makefile("rb") as reader:
            if read_request(reader) is None:
                return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
                     b"Connection: close\r\n\r\n")
        for piece in pieces:
            time.sleep(delay)
            conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        conn.sendall(b"0\r\n\r\n")
    return handle


def text_backend(conn, stop):
    with conn.makefile("rb") as reader:
        request = read_request(reader)
    if request is None:
        return
    body = ("from backend " + request[1]).encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                 % (len(body), body))


class Ssi(unittest.TestCase):
    def setUp(self):
        self.port, = free_ports(1)

    def run_page(self, body, paths, *, files, backend=text_backend):
        with BackgroundServer(backend) as b:
            conf = server(self.port, body.replace("BACKEND", str(b.port)))
            with Nproxy(conf, [self.port], files=files) as n:
                answers = [fetch(self.port, p) for p in paths]
                self.error_log = n.error_log()
        return answers

    def ssi_page(self, path, files):
        """The answer for `path` from a root where every location has "ssi on"."""
        a, = self.run_page('''
            root html;
            location / { ssi on; }''', [path], files=files)
        return a

    def test_static_page_with_includes_echo_and_set(self):
        a, = self.run_page('''
            root html;
            location / { ssi on; }
            location /backend/ { proxy_pass http://127.0.0.1:BACKEND/; }''', ["/page.html?a=%3Cq%3E"],
            files={"html/page.html": PAGE, "html/part.html": "PART"})
        self.assertEqual(a.status, 200)
        self.assertEqual(a.text, '<p>PART</p>[from backend /x?y=1]&lt;/page.html&gt; </page.html> (none) dflt'
                                 ' %3Cq%3E')
        self.assertEqual(a.header("transfer-encoding"), "chunked")
        for name in ("content-length", "last-modified", "etag", "accept-ranges"):
            self.assertIsNone(a.header(name), name)

    def test_an_include_proxied_without_a_uri_sends_its_own(self):
        # as nginx: a subrequest is proxied as its URI, not as its parent's request line
        a, = self.run_page('''
            root html;
            location / { ssi on; }
            location /whole/ { proxy_pass http://127.0.0.1:BACKEND; }''', ["/page.html?a=1"],
            files={"html/page.html": '[<!--#include virtual="/whole/x?y=1" -->]'})
        self.assertEqual(a.text, "[from backend /whole/x?y=1]")

    def test_an_include_uri_has_its_escapes_decoded(self):
        # as nginx: a file named with a space, and a proxied URI escaped once (not "%2520")
        a, = self.run_page('''
            root html;
            location / { ssi on; }
            location /whole/ { proxy_pass http://127.0.0.1:BACKEND; }''', ["/page.html"],
            files={"html/page.html": '[<!--#include virtual="/x%20y.html" -->|<!--#include virtual="/whole/a%20b" -->]',
                   "html/x y.html": "SPACED"})
        self.assertEqual(a.text, "[SPACED|from backend /whole/a%20b]")

    def test_other_types_and_locations_without_ssi_pass_unchanged(self):
        text = '<!--#echo var="uri" -->'
        plain, off = self.run_page('''
            root html;
            location /on/ { ssi on; }''', ["/on/page.txt", "/page.html"],
            files={"html/on/page.txt": text, "html/page.html": text})
        self.assertEqual((plain.text, plain.header("content-length")), (text, str(len(text))))
        self.assertEqual((off.text, off.header("content-length")), (text, str(len(text))))
        self.assertIsNotNone(off.header("etag"))

    def test_ssi_types_adds_types(self):
        a, = self.run_page('''
            root html;
            location / { ssi on; ssi_types text/plain; }''', ["/page.txt"],
            files={"html/page.txt": 'u=<!--#echo var="uri" -->'})
        self.assertEqual(a.text, "u=/page.txt")

    def test_proxied_page_with_commands_cut_across_pieces(self):
        pieces = [b'a<!-', b'-#echo var="ur', b'i" --', b'>b<!--#include virtual="/part.html"', b' -->c<!', b'x']
        a, = self.run_page('''
            root html;
            location / { ssi on; proxy_pass http://127.0.0.1:BACKEND; }
            location = /part.html { }''', ["/page"],
            files={"html/part.html": "PART"}, backend=html_backend(pieces, delay=0.05))
        self.assertEqual(a.text, "a/pagebPARTc<!x")

    def test_errors_render_nginx_message_unless_silent(self):
        page = ('1<!--#echo -->2<!--#exec cmd="ls" -->3<!--#echo var=x -->4'
                '<!--#config errmsg="[oops]" --><!--#include -->5')
        loud, silent = self.run_page('''
            root html;
            location / { ssi on; }
            location /silent/ { ssi on; ssi_silent_errors on; }''', ["/page.html", "/silent/page.html"],
            files={"html/page.html": page, "html/silent/page.html": page})
        err = "[an error occurred while processing the directive]"
        self.assertEqual(loud.text, f"1{err}2{err}3{err}4[oops]5")
        self.assertEqual(silent.text, "12345")
        self.assertIn('[error]', self.error_log)
        self.assertIn('mandatory "var" parameter is absent in "echo" SSI command', self.error_log)
        self.assertIn('invalid SSI command: "exec"', self.error_log)
        self.assertIn('unexpected "x" symbol before value of "var" parameter in "echo" SSI command', self.error_log)
        self.assertIn('no parameter in "include" SSI command', self.error_log)

    def test_include_of_a_missing_file_includes_the_error_page_and_set_stays_empty(self):
        a = self.ssi_page("/page.html", {"html/page.html": '<!--#include virtual="/none" set="v" -->[<!--#echo var="v" -->]'
                                                           '<!--#include virtual="/none" -->'})
        self.assertEqual(a.status, 200)
        self.assertTrue(a.text.startswith("[]<html>"), a.text)
        self.assertIn("404 Not Found", a.text)

    def test_relative_include_and_unsafe_uri(self):
        a = self.ssi_page("/dir/page.html", {
            "html/dir/page.html": '<!--#include file="part.html" -->|<!--#include virtual="/dir/../x" -->',
            "html/dir/part.html": "PART"})
        self.assertEqual(a.text, "PART|[an error occurred while processing the directive]")
        self.assertIn('unsafe URI "/dir/../x" was detected', self.error_log)

    def test_nested_ssi_in_an_included_page(self):
        a = self.ssi_page("/page.html", {
            "html/page.html": '<!--#set var="v" value="V" -->(<!--#include virtual="/inner.html" -->)',
            "html/inner.html": 'inner <!--#echo var="v" --> <!--#echo var="uri" -->'})
        self.assertEqual(a.text, "(inner V /inner.html)")

    def test_an_include_has_the_request_id_of_its_page(self):
        # as nginx, whose subrequests share their parent's variable values
        a, = self.run_page('''
            root html;
            add_header X-Request-Id $request_id;
            location / { ssi on; }
            location = /id { return 200 $request_id; }''', ["/page.html"],
            files={"html/page.html": '<!--#include virtual="/id" -->|<!--#echo var="request_id" -->'})
        included, echoed = a.text.split("|")
        self.assertRegex(included, r"^[0-9a-f]{32}$")
        self.assertEqual((included, echoed), (a.header("x-request-id"),) * 2)

    def test_head_goes_without_length_and_chunks(self):
        with Nproxy(server(self.port, '''
                root html;
                location / { ssi on; }'''), [self.port], files={"html/page.html": 'x<!--#echo var="uri" -->'}):
            with connect(self.port) as s, s.makefile("rb") as reader:
                s.sendall(b"HEAD /page.html HTTP/1.1\r\nHost: localhost\r\n\r\nGET /page.html HTTP/1.1\r\nHost: localhost\r\n\r\n")
                head, get = read_response(reader, method="HEAD"), read_response(reader)
        self.assertEqual((head.status, head.header("connection"), head.body), (200, "keep-alive", b""))
        self.assertIsNone(head.header("content-length"))
        self.assertIsNone(head.header("transfer-encoding"))
        self.assertEqual(get.body, b"x/page.html")

    def test_http10_client_gets_the_body_until_close(self):
        with Nproxy(server(self.port, '''
                root html;
                location / { ssi on; }'''), [self.port],
                files={"html/page.html": 'x<!--#echo var="uri" -->'}) as n:
            with connect(self.port) as s:
                s.sendall(b"GET /page.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                with s.makefile("rb") as reader:
                    r = read_response(reader)
                    rest = reader.read()
        self.assertEqual(r.header("connection"), "close")
        self.assertIsNone(r.header("transfer-encoding"))
        self.assertEqual(r.body + rest, b"x/page.html")

    def test_keeps_the_connection_and_logs_what_was_sent(self):
        body = '''
            root html;
            location / { ssi on; }'''
        with Nproxy(server(self.port, body), [self.port], files={"html/page.html": 'x<!--#echo var="uri" -->'}) as n:
            with connect(self.port) as s, s.makefile("rb") as reader:
                answers = []
                for _ in range(2):
                    s.sendall(b"GET /page.html HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    answers.append(read_response(reader))
            n.stop()
            log = n.access_log()
        self.assertEqual([a.body for a in answers], [b"x/page.html", b"x/page.html"])
        # as nginx: $body_bytes_sent counts the chunks' framing ("b\r\n", "\r\n", "0\r\n\r\n"), not the file's 24
        self.assertEqual(log.count('"GET /page.html HTTP/1.1" 200 21 '), 2, log)


if __name__ == "__main__":
    unittest.main()
