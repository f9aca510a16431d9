"""Server-side includes (ssi on): commands in static and proxied HTML, includes of files, of proxied
locations and into variables, commands cut across the pieces a backend sends, errors as nginx renders
them, the header a processed answer goes with, if/elif/else/endif, and the blocks an include's stub= outputs.

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

    def test_set_takes_what_subrequest_output_buffer_size_allows_else_the_request_ends(self):
        def answer(conn, stop):
            with conn.makefile("rb") as reader:
                if read_request(reader) is None:
                    return
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                         b"190\r\n" + b"u" * 400 + b"\r\n0\r\n\r\n")
        page = 'before<!--#include virtual="/$arg_c" set="v" -->[<!--#echo var="v" -->]'
        with BackgroundServer(answer) as b:
            conf = server(self.port, f"""
            root html;
            location / {{ ssi on; }}
            location /small/ {{ alias html/; subrequest_output_buffer_size 42; }}
            location /up {{ proxy_pass http://127.0.0.1:{b.port}; subrequest_output_buffer_size 100; }}
            location /upbig {{ proxy_pass http://127.0.0.1:{b.port}; }}""")
            files = {"html/page.html": page, "html/long": "x" * 400, "html/fits": "y" * 42}
            with Nproxy(conf, [self.port], files=files) as n:
                self.assertEqual(fetch(self.port, "/page.html?c=long").text, "before[" + "x" * 400 + "]")
                self.assertEqual(fetch(self.port, "/page.html?c=small/fits").text, "before[" + "y" * 42 + "]")
                self.assertEqual(fetch(self.port, "/page.html?c=upbig").text, "before[" + "u" * 400 + "]")
                # as nginx: too big for the answering location's buffer (a length announced, or a body
                # without one that outgrows it) ends the request with no answer begun
                for path in ("/page.html?c=small/long", "/page.html?c=up"):
                    with self.assertRaises((ConnectionError, EOFError, ValueError, IndexError), msg=path):
                        fetch(self.port, path)
                self.assertTrue(n.wait_for_log("error.log", r"\[error\] .*too big subrequest response: 400\b"))
                self.assertTrue(n.wait_for_log("error.log", r"\[error\] .*too big subrequest response(,| while)"))

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


ERR = "[an error occurred while processing the directive]"

IF_ELIF_ELSE = ('x<!--#if expr="$arg_if" -->IF<!--#elif expr="$arg_elif = yes" -->ELIF'
                '<!--#elif expr="$arg_elif != $arg_not" -->NOT<!--#else -->ELSE<!--#endif -->x')


class SsiIf(unittest.TestCase):
    """if/elif/else/endif and block/stub, as nginx 1.22's SSI module: no nested if, commands of a branch
    not taken not run, a block's commands run where the block is output."""

    def setUp(self):
        self.port, = free_ports(1)

    def pages(self, paths, files, *, extra=""):
        with Nproxy(server(self.port, """
                root html;
                location / { ssi on; }
                location /silent/ { ssi on; ssi_silent_errors on; }""" + extra), [self.port], files=files) as n:
            answers = [fetch(self.port, p).text for p in paths]
            self.error_log = n.error_log()
        return answers

    def test_if_elif_else_with_variables_and_comparisons(self):
        self.assertEqual(self.pages(
            ["/if.html?if=1&elif=yes", "/if.html?elif=yes", "/if.html?elif=no&not=yes", "/if.html?elif=a&not=a",
             "/if.html?if=", "/cmp.html?v=Equal"],
            {"html/if.html": IF_ELIF_ELSE,
             "html/cmp.html": '<!--#if expr="$ARG_V = Equal" -->1<!--#endif -->'
                              '<!--#if expr="EQUAL = equal" -->2<!--#endif -->'
                              '<!--#if expr="equal = EQUAL" -->3<!--#endif -->'
                              '<!--#if expr="x$arg_v=xEqual" -->4<!--#endif -->'
                              '<!--#if expr="$arg_v != \\/x" -->5<!--#endif -->'}),
            ["xIFx", "xELIFx", "xNOTx", "xELSEx", "xELSEx", "1245"])

    def test_regex_conditions_leave_their_captures(self):
        page = ('<!--#if expr="$arg_v = /(CAP\\d).*(CAP\\d)(x)?/" -->[<!--#echo var="1" -->|<!--#echo var="2" -->'
                '|<!--#echo var="3" -->|<!--#echo var="0" -->]<!--#endif -->'
                '<!--#if expr="$arg_v = /nomatch(.)/" --><!--#else -->[<!--#echo var="1" -->]<!--#endif -->'
                '<!--#if expr="$arg_v != /^(?<Ncap>.)/" -->no<!--#else -->[<!--#echo var="ncap" -->]<!--#endif -->'
                '<!--#if expr="$arg_v = /^$arg_p/" -->P<!--#endif -->')
        self.assertEqual(self.pages(["/re.html?v=aCAP1andCAP2&p=a.A", "/re.html?v=none&p=n"], {"html/re.html": page}),
                         ["[CAP1|CAP2|(none)|CAP1andCAP2][CAP1][a]P", "[(none)][n]P"])

    def test_commands_of_a_branch_not_taken_do_not_run(self):
        page = ('<!--#set var="v" value="before" -->'
                '<!--#if expr="$arg_no" --><!--#set var="v" value="changed" --><!--#config errmsg="E" -->'
                '<!--#include virtual="/part.html" --><!--#exec cmd="ls" -->text<!--#echo var=x -->'
                '<!--#endif -->[<!--#echo var="v" -->]<!--#exec cmd="ls" -->')
        self.assertEqual(self.pages(["/page.html"], {"html/page.html": page, "html/part.html": "PART"}),
                         # as nginx: a malformed command is an error in a branch not taken too
                         [f"{ERR}[before]{ERR}"])

    def test_nested_and_misplaced_conditionals_are_errors(self):
        files = {
            "html/nested.html": 'x<!--#if expr="1" -->A<!--#if expr="1" -->B<!--#endif -->C<!--#endif -->y',
            "html/hidden.html": ('x<!--#if expr="" -->A<!--#if expr="1" -->B<!--#else -->C<!--#endif -->D'
                                 '<!--#else -->E<!--#endif -->y'),
            "html/stray.html": 'a<!--#else -->b<!--#endif -->c<!--#elif expr="1" -->d',
            "html/late.html": ('a<!--#if expr="" -->b<!--#else -->c<!--#elif expr="1" -->d<!--#else -->e'
                               '<!--#endif -->f'),
            "html/params.html": '1<!--#if -->2<!--#endif -->3<!--#else x="1" -->4',
            "html/open.html": 'a<!--#if expr="" -->b',
            "html/silent/nested.html": 'x<!--#if expr="1" -->A<!--#if expr="1" -->B<!--#endif -->C<!--#endif -->y',
        }
        self.assertEqual(self.pages(["/nested.html", "/hidden.html", "/stray.html", "/late.html", "/params.html",
                                     "/open.html", "/silent/nested.html"], files),
                         [f"xA{ERR}BC{ERR}y", f"xCD{ERR}E{ERR}y", f"a{ERR}b{ERR}c{ERR}d", f"ac{ERR}d{ERR}ef",
                          f"1{ERR}2{ERR}3{ERR}4", "a", "xABCy"])
        for line in ('the "if" command inside the "if" command', 'invalid context of SSI command: "endif"',
                     'invalid context of SSI command: "else"', 'invalid context of SSI command: "elif"',
                     'mandatory "expr" parameter is absent in "if" SSI command'):
            self.assertIn(line, self.error_log)
        self.assertNotIn('invalid parameter name: "x"', self.error_log)  # the context is checked first

    def test_invalid_expressions_are_errors(self):
        page = ('1<!--#if expr="$a.b" -->2<!--#endif -->3<!--#if expr="a = /x" -->4<!--#endif -->'
                '5<!--#if expr="a = /(/" -->6<!--#endif -->7<!--#if expr="a = /x$/" -->8<!--#endif -->9')
        self.assertEqual(self.pages(["/page.html"], {"html/page.html": page}),
                         ["1" + "".join(f"{ERR}{n}{ERR}{n + 1}" for n in (2, 4, 6, 8))])
        for line in ('invalid expression in "$a.b"', 'invalid expression in "a = /x"',
                     'pcre2_compile() failed: missing closing parenthesis in "("',
                     'invalid variable name in "x$"'):
            self.assertIn(line, self.error_log)

    def test_a_block_is_the_stub_of_an_include_that_fails_or_is_empty(self):
        page = ('<!--#block name="one" -->[<!--#echo var="uri" -->|<!--#if expr="$arg_a" -->A<!--#else -->B'
                '<!--#endif -->]<!--#endblock -->'
                '1<!--#include virtual="/missing?a=1" stub="one" -->'
                '2<!--#include virtual="/missing" stub="one" -->'
                '3<!--#include virtual="/raw/missing" stub="one" -->'
                '4<!--#include virtual="/empty" stub="one" -->'
                '5<!--#include virtual="/part.html" stub="one" -->'
                '6<!--#include virtual="/part.html" stub="two" -->'
                '7<!--#include virtual="/part.html" set="v" stub="one" -->8'
                '<!--#include virtual="/dead" stub="one" -->9')
        raw = '[<!--#echo var="uri" -->|<!--#if expr="$arg_a" -->A<!--#else -->B<!--#endif -->]'
        self.assertEqual(self.pages(["/page.html"], {"html/page.html": page, "html/part.html": "PART"}, extra="""
                location /raw/ { }
                location = /empty { return 204; }
                location = /dead { proxy_pass http://127.0.0.1:1; }"""),
            [f"1[/missing|A]2[/missing|B]3{raw}4{raw}5PART6{ERR}7{ERR}8{raw}9"])
        self.assertIn('"stub"="two" for "include" not found', self.error_log)
        self.assertIn('"set" and "stub" cannot be used together in "include" SSI command', self.error_log)

    def test_blocks_in_branches(self):
        # as nginx: a block in a branch not taken is not defined, and its endblock outputs what follows
        page = ('1<!--#if expr="$arg_a" -->2<!--#block name="b" -->B<!--#endblock -->3<!--#else -->4'
                '<!--#block name="c" -->C<!--#endblock -->5<!--#endif -->6<!--#include virtual="/404" stub="c" -->7')
        self.assertEqual(self.pages(["/page.html?a=1", "/page.html"], {"html/page.html": page}),
                         [f"12356{ERR}7", "13456C7"])


if __name__ == "__main__":
    unittest.main()
