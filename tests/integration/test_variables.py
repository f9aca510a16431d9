"""Variables of nginx's core and of its modules nproxy behaves as, as they read a request: $cookie_NAME,
$upstream_cookie_NAME, $remote_user, $document_root and $request_filename, $request_id, $pipe,
$request_length, $request_completion, $time_iso8601, $hostname, $tcpinfo_*, $msie; the Content-Type of a
"return" text; the Location a redirect keeps through its error_page; and the Connection: close an answer
sent during a graceful stop carries.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import base64
import re
import signal
import socket
import time
import unittest

from nproxy_testlib import Nproxy, connect, exchange, fetch, free_ports, http_conf, read_response, request_bytes


class RequestVariables(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, cls.backend = free_ports(2)
        conf = http_conf(f"""
    log_format vars "$uri $time_iso8601 $request_length $request_completion $pipe $request_id";
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        location /cookie {{ return 200 "a=$cookie_a b=$cookie_b c=$cookie_c d=$cookie_d"; }}
        location /joined {{
            return 200 "[$http_cookie][$http_x_forwarded_for][$http_x_other][$proxy_add_x_forwarded_for]";
        }}
        location /user {{ return 200 "user=$remote_user"; }}
        location /root {{ return 200 "$document_root|$request_filename|$realpath_root"; }}
        location /alias/ {{ alias html/sub/; return 200 "$document_root|$request_filename"; }}
        location /id {{ return 200 "$request_id $request_id"; }}
        location /host {{ return 200 "$hostname"; }}
        location /tcp {{ return 200 "$tcpinfo_rtt $tcpinfo_rttvar $tcpinfo_snd_cwnd $tcpinfo_rcv_space"; }}
        location /browser {{ return 200 "msie=$msie ancient=$ancient_browser modern=$modern_browser"; }}
        location /log {{ access_log logs/vars.log vars; return 200 "ok"; }}
        location /upstream {{
            proxy_pass http://127.0.0.1:{cls.backend};
            add_header X-Cookie "$upstream_cookie_tc|$upstream_cookie_other";
        }}
        location /redirect {{ error_page 302 /text; return 302 "target"; }}
        location /text {{ return 200 "text"; }}
    }}
    server {{
        listen 127.0.0.1:{cls.backend};
        location / {{
            add_header Set-Cookie "other=1";
            add_header Set-Cookie "tc = one,two ; Path=/";
            return 200 "backend";
        }}
    }}""")
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, cls.backend], files={"html/sub/f": "f"}))
        cls.html = str(cls.nproxy.path / "html")

    def body(self, path, headers=()):
        response = fetch(self.port, path, headers=headers)
        self.assertEqual(response.status, 200)
        return response.body.decode()

    def test_cookies_by_name_in_every_cookie_header(self):
        headers = [("Cookie", "x=0; A = 1;b=2"), ("Cookie", "c=3, d=4"), ("Cookie", "c=5")]
        # as nginx: a value ends at ';' only, though ',' also separates pairs
        self.assertEqual(self.body("/cookie", headers), "a=1 b=2 c=3, d=4 d=4")
        # a name is matched whole: "bb" is not "b"; a pair without '=' is passed over
        self.assertEqual(self.body("/cookie", [("Cookie", "bb=1; a; b=2")]), "a= b=2 c= d=")

    def test_cookie_and_x_forwarded_for_lines_are_joined(self):
        headers = [("Cookie", "a=1"), ("Cookie", "b=2"), ("X-Forwarded-For", "10.0.0.1"),
                   ("X-Forwarded-For", "10.0.0.2"), ("X-Other", "x"), ("X-Other", "y")]
        self.assertEqual(self.body("/joined", headers),
                         "[a=1; b=2][10.0.0.1, 10.0.0.2][x][10.0.0.1, 10.0.0.2, 127.0.0.1]")

    def test_the_upstream_responses_set_cookie_by_name(self):
        response = fetch(self.port, "/upstream")
        self.assertEqual(response.body, b"backend")
        self.assertEqual(response.header("x-cookie"), "one,two |1")

    def test_remote_user_from_basic_credentials(self):
        def user(credentials):
            encoded = base64.b64encode(credentials).decode()
            return self.body("/user", [("Authorization", "basic  " + encoded)])
        self.assertEqual(user(b"alice:secret:more"), "user=alice")
        self.assertEqual(user(b":secret"), "user=")     # no user name
        self.assertEqual(user(b"alice"), "user=")       # no password part
        self.assertEqual(self.body("/user", [("Authorization", "Basic !!!")]), "user=")
        self.assertEqual(self.body("/user", [("Authorization", "Bearer YTpi")]), "user=")

    def test_root_alias_and_file_names(self):
        self.assertEqual(self.body("/root/x.txt"), f"{self.html}|{self.html}/root/x.txt|{self.html}")
        self.assertEqual(self.body("/alias/f"), f"{self.html}/sub/|{self.html}/sub/f")

    def test_request_id_is_random_hex_and_the_same_within_a_request(self):
        first, again = self.body("/id").split()
        self.assertRegex(first, r"^[0-9a-f]{32}$")
        self.assertEqual(first, again)
        self.assertNotEqual(first, self.body("/id").split()[0])

    def test_host_name_and_tcp_info(self):
        self.assertEqual(self.body("/host"), socket.gethostname().lower())
        self.assertRegex(self.body("/tcp"), r"^\d+ \d+ [1-9]\d* [1-9]\d*$")

    def test_msie_and_the_browser_classes(self):
        msie = [("User-Agent", "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)")]
        opera = [("User-Agent", "Opera/9.80 (MSIE 6.0; U)")]
        self.assertEqual(self.body("/browser", msie), "msie=1 ancient=1 modern=")
        self.assertEqual(self.body("/browser", opera), "msie= ancient=1 modern=")

    def test_logged_request_length_completion_pipe_and_iso_time(self):
        first = request_bytes("GET", "/log/1")
        second = request_bytes("GET", "/log/2", headers=[("Connection", "close")])
        exchange(self.port, first + second, count=2)
        found = self.nproxy.wait_for_log("vars.log", r"^/log/2 .*\n")
        self.assertIsNotNone(found, self.nproxy._read("logs/vars.log"))
        lines = self.nproxy._read("logs/vars.log").splitlines()[-2:]
        iso = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"
        self.assertRegex(lines[0], rf"^/log/1 {iso} {len(first)} OK \. [0-9a-f]{{32}}$")
        self.assertRegex(lines[1], rf"^/log/2 {iso} {len(second)} OK p [0-9a-f]{{32}}$")

    def test_the_content_type_of_a_return_text_follows_the_extension(self):
        self.assertEqual(fetch(self.port, "/text").header("content-type"), "text/plain")
        response = fetch(self.port, "/text/page.html")
        self.assertEqual((response.status, response.header("content-type")), (200, "text/html"))

    def test_a_redirect_keeps_its_location_through_its_error_page(self):
        response = fetch(self.port, "/redirect")
        self.assertEqual((response.status, response.header("location"), response.body), (302, "target", b"text"))


class GracefulStop(unittest.TestCase):
    def test_an_answer_sent_while_stopping_closes_the_connection(self):
        (port,) = free_ports(1)
        conf = http_conf(f"""
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;
    server {{
        listen 127.0.0.1:{port};
        root html;
        location / {{ limit_req zone=one burst=5; }}
    }}""")
        with Nproxy(conf, [port], files={"html/1": "1", "html/2": "2"}) as n:
            with connect(port) as sock:
                # the second request waits about a second for limit_req; the stop comes meanwhile
                sock.sendall(request_bytes("GET", "/1") + request_bytes("GET", "/2"))
                with sock.makefile("rb") as reader:
                    first = read_response(reader)
                    time.sleep(0.1)
                    n.process.send_signal(signal.SIGQUIT)
                    second = read_response(reader)
            self.assertEqual(first.header("connection"), "keep-alive")
            self.assertEqual((second.status, second.header("connection")), (200, "close"))


class VariableNamesIgnoreCase(unittest.TestCase):
    """As nginx: a variable's name is any case, $Host is $host, and "set $Foo" sets $foo; a map's, a named
    capture's and an if's variables too."""

    def test_any_case_names_one_variable(self):
        port, = free_ports(1)
        conf = http_conf(f"""
    map $Arg_K $Mapped {{ default none; x ex; }}
    server {{
        listen 127.0.0.1:{port};
        location ~ ^/(?<Part>[a-z]+)$ {{
            set $Foo bar;
            if ($HTTP_X_FLAG) {{ set $FOO flagged; }}
            return 200 "$Host|$HTTP_USER_AGENT|$foo|$FOO|$mapped|$part|$PART\n";
        }}
    }}""")
        with Nproxy(conf, [port]):
            r = fetch(port, "/page?k=x", headers=[("User-Agent", "ua"), ("X-Flag", "1")])
            self.assertEqual(r.status, 200)
            self.assertEqual(r.text, "localhost|ua|flagged|flagged|ex|page|page\n")


if __name__ == "__main__":
    unittest.main()
