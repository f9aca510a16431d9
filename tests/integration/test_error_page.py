"""error_page, recursive_error_pages, named and internal locations, and proxy_intercept_errors over the wire:
where an error answer goes, with which status, how often, and what an intercepted upstream answer keeps.
Each test runs its own nproxy processes on free loopback ports.

The expected answers are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them by hand)."""

import json
import unittest

import certs
from nproxy_testlib import BackgroundServer, Nproxy, exchange, fetch, free_ports, http_conf, tls_client_context
from test_proxy_http import echo_backend
from test_rewrite import server


class ErrorPage(unittest.TestCase):
    def setUp(self):
        self.port, = free_ports(1)

    def serve(self, body, paths, *, method="GET", files=None):
        with Nproxy(server(self.port, body), [self.port], files=files) as n:
            answers = {p: fetch(self.port, p, method=method) for p in paths}
            self.error_log = n.error_log()
        return answers

    def test_uri_keeps_the_code_and_is_served_as_get(self):
        a = self.serve('''
        location /missing { error_page 404 /page?from=404; return 404; }
        location /post { error_page 405 /page; return 405; }
        location /page { return 200 "page $request_method $uri $args"; }''', ["/missing", "/post"], method="POST")
        self.assertEqual((a["/missing"].status, a["/missing"].text), (404, "page GET /page from=404"))
        self.assertEqual((a["/post"].status, a["/post"].text), (405, "page GET /page "))

    def test_equals_code_and_bare_equals(self):
        a = self.serve('''
        location /ok { error_page 404 =200 /page; return 404; }
        location /own { error_page 404 = /created; return 404; }
        location /page { return 200 "page"; }
        location /created { return 201 "created"; }''', ["/ok", "/own"])
        self.assertEqual((a["/ok"].status, a["/ok"].text), (200, "page"))
        self.assertEqual((a["/own"].status, a["/own"].text), (201, "created"))

    def test_url_is_a_302_unless_a_redirect_code_is_given(self):
        a = self.serve('''
        location /temp { error_page 404 http://example.com/x; return 404; }
        location /perm { error_page 404 =301 http://example.com/y; return 404; }
        location /ok { error_page 404 =200 http://example.com/z; return 404; }
        location /https { error_page 497 https://example.com/; return 497; }''', ["/temp", "/perm", "/ok", "/https"])
        self.assertEqual((a["/temp"].status, a["/temp"].header("location")), (302, "http://example.com/x"))
        self.assertEqual((a["/perm"].status, a["/perm"].header("location")), (301, "http://example.com/y"))
        self.assertEqual((a["/ok"].status, a["/ok"].header("location")), (302, "http://example.com/z"))
        self.assertEqual(a["/https"].status, 302)

    def test_redirect_answers_go_through_error_page_and_lose_their_location(self):
        a = self.serve('''
        location /ret { error_page 302 /again; return 302 "first"; }
        location /again { return 302 http://example.com/$args; }
        location /dir { root html; error_page 301 =200 /page; }
        location /page { return 200 "page"; }''', ["/ret", "/dir"], files={"html/dir/file": "x"})
        self.assertEqual((a["/ret"].status, a["/ret"].header("location")), (302, "http://example.com/"))
        self.assertEqual(a["/ret"].headers.count(("location", "first")), 0)
        self.assertEqual((a["/dir"].status, a["/dir"].text), (200, "page"))

    def test_return_with_a_text_is_not_an_error_answer(self):
        a = self.serve('''
        error_page 404 /page;
        location /text { return 404 "own text"; }
        location /page { return 200 "page"; }''', ["/text", "/none"])
        self.assertEqual((a["/text"].status, a["/text"].text), (404, "own text"))
        self.assertEqual((a["/none"].status, a["/none"].text), (404, "page"))

    def test_named_location_keeps_uri_and_method(self):
        a = self.serve('''
        location /x { error_page 404 @fallback; return 404; }
        location @fallback { return 200 "fallback $request_method $uri"; }''', ["/x"], method="POST")
        self.assertEqual((a["/x"].status, a["/x"].text), (404, "fallback POST /x"))

    def test_unknown_named_location_is_500_with_nginx_line(self):
        a = self.serve('''
        location /x { error_page 404 @nowhere; return 404; }''', ["/x"])
        self.assertEqual(a["/x"].status, 500)
        self.assertIn('could not find named location "@nowhere"', self.error_log)

    def test_applies_once_unless_recursive(self):
        body = '''
        error_page 404 /first;
        location /first { error_page 404 /second; return 404; }
        location /second { return 200 "second"; }'''
        once = self.serve(body, ["/none"])["/none"]
        self.assertEqual((once.status, once.text.count("404 Not Found") > 0), (404, True))
        again = self.serve("recursive_error_pages on;" + body, ["/none"])["/none"]
        self.assertEqual((again.status, again.text), (404, "second"))

    def test_a_level_with_its_own_pages_inherits_none(self):
        a = self.serve('''
        error_page 404 /page;
        location /own { error_page 403 /page; return 404; }
        location /inherits { return 404; }
        location /page { return 200 "page"; }''', ["/own", "/inherits"])
        self.assertEqual((a["/own"].status, "404 Not Found" in a["/own"].text), (404, True))
        self.assertEqual((a["/inherits"].status, a["/inherits"].text), (404, "page"))

    def test_internal_location_only_by_error_page(self):
        a = self.serve('''
        location /x { error_page 404 /hidden; return 404; }
        location /hidden { internal; return 200 "hidden"; }''', ["/x", "/hidden"])
        self.assertEqual((a["/x"].status, a["/x"].text), (404, "hidden"))
        self.assertEqual(a["/hidden"].status, 404)
        self.assertNotIn("hidden", a["/hidden"].text)

    def test_the_page_location_logs_the_request(self):
        conf = server(self.port, '''
        location /x { error_page 404 /page; return 404; }
        location /page { access_log logs/page.log; return 200 "page"; }''')
        with Nproxy(conf, [self.port]) as n:
            fetch(self.port, "/x")
            line = n.wait_for_log("page.log", r'"GET /x HTTP/1\.1" 404 ')
        self.assertIsNotNone(line)

    def test_variables_in_the_uri(self):
        a = self.serve('''
        location /x { error_page 404 /page?from=$uri&a=$arg_a; return 404; }
        location /page { return 200 "$uri $args"; }''', ["/x?a=1"])
        self.assertEqual(a["/x?a=1"].text, "/page from=/x&a=1")

    def test_redirection_cycle_is_500(self):
        a = self.serve('''
        recursive_error_pages on;
        location /loop { error_page 404 /loop; return 404; }''', ["/loop"])
        self.assertEqual(a["/loop"].status, 500)
        self.assertIn("rewrite or internal redirection cycle while internally redirecting to \"/loop\"",
                      self.error_log)

    def test_proxy_pass_location_redirects_its_name_without_slash(self):
        a = self.serve('''
        location /app/ { proxy_pass http://127.0.0.1:9; }''', ["/app?k=v"])
        self.assertEqual((a["/app?k=v"].status, a["/app?k=v"].header("location")),
                         (301, f"http://localhost:{self.port}/app/?k=v"))


CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
PADDING = b"<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n" * 6


class BrowserPages(unittest.TestCase):
    """msie_padding (on by default) and msie_refresh, as nginx's special response handler applies them."""

    def test_error_pages_for_msie_and_chrome_are_padded(self):
        port, dead = free_ports(2)
        conf = server(port, f"""
        location /missing {{ return 404; }}
        location /dead {{ proxy_pass http://127.0.0.1:{dead}; }}
        location /off {{ msie_padding off; return 404; }}
        location /moved {{ return 302 /elsewhere; }}""")
        with Nproxy(conf, [port]):
            for agent in (CHROME, "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)"):
                for path, status in (("/missing", 404), ("/dead", 502)):
                    r = fetch(port, path, headers=[("User-Agent", agent)])
                    self.assertEqual(r.status, status)
                    self.assertTrue(r.body.endswith(b"</html>\r\n" + PADDING), r.body)
                    self.assertEqual(int(r.header("content-length")), len(r.body))
            # not for other browsers, nor when off, nor on a redirect's page
            firefox = "Mozilla/5.0 (X11; rv:120.0) Gecko/20100101 Firefox/120.0"
            for path, agent in (("/missing", firefox), ("/missing", None), ("/off", CHROME), ("/moved", CHROME)):
                headers = [("User-Agent", agent)] if agent else []
                self.assertNotIn(b"padding", fetch(port, path, headers=headers).body, (path, agent))
            # HTTP/1.0 is padded too
            one_oh = exchange(port, b"GET /missing HTTP/1.0\r\nUser-Agent: " + CHROME.encode() + b"\r\n\r\n")[0]
            self.assertTrue(one_oh.body.endswith(PADDING))

    def test_redirects_to_msie_refresh_with_msie_refresh_on(self):
        port, = free_ports(1)
        conf = server(port, """
        msie_refresh on;
        location / { return 301 "/to a<b>"; }
        location /text { return 302 text; }
        location /page { return 301; error_page 301 http://example.com/x; }
        location /off { msie_refresh off; return 301 /to; }
        location /seeother { return 303 /to; }""")
        msie = [("User-Agent", "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)")]
        with Nproxy(conf, [port]):
            r = fetch(port, "/", headers=msie)
            self.assertEqual((r.status, r.header("location"), r.header("content-type")), (200, None, "text/html"))
            # the location as written, not made absolute
            self.assertEqual(r.body, b'<html><head><meta http-equiv="Refresh" content="0; URL=/to%20a%3Cb%3E">'
                                     b"</head><body></body></html>\r\n")
            self.assertIn(b"URL=text\"", fetch(port, "/text", headers=msie).body)
            self.assertIn(b"URL=http://example.com/x\"", fetch(port, "/page", headers=msie).body)
            for path, headers in (("/off", msie), ("/seeother", msie), ("/", [("User-Agent", CHROME)])):
                r = fetch(port, path, headers=headers)
                self.assertIn(r.status, (301, 303), path)
                self.assertTrue(r.header("location").startswith("http://localhost:"), path)


class RefusedRequests(unittest.TestCase):
    def test_error_page_of_a_bad_request_sends_no_body_upstream(self):
        port, = free_ports(1)
        with BackgroundServer(echo_backend) as backend:
            conf = server(port, f'''
            error_page 400 /page;
            location /page {{ proxy_pass http://127.0.0.1:{backend.port}; }}''')
            with Nproxy(conf, [port]):
                smuggled = exchange(port, b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                                          b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n")[0]
                garbage = exchange(port, b"GARBAGE\r\n\r\n")[0]
        for r in (smuggled, garbage):
            seen = json.loads(r.body)
            names = [name.lower() for name, _ in seen["headers"]]
            self.assertEqual((r.status, seen["method"], seen["target"], seen["body_length"]), (400, "GET", "/page", 0))
            self.assertNotIn("content-length", names)
            self.assertNotIn("transfer-encoding", names)


    def test_named_location_needs_a_uri(self):
        port, = free_ports(1)
        conf = server(port, '''
            error_page 400 @bad;
            location @bad { return 200 "named"; }''')
        with Nproxy(conf, [port]) as n:
            garbage = exchange(port, b"GARBAGE\r\n\r\n")[0]
            hostless = exchange(port, b"GET /a HTTP/1.1\r\n\r\n")[0]
            logged = n.wait_for_log("error.log", r'\[error\] .*empty URI in redirect to named location "@bad"')
        self.assertEqual((garbage.status, hostless.status, hostless.text), (500, 400, "named"))
        self.assertIsNotNone(logged, n.error_log())


class PlainHttpOnSslPort(unittest.TestCase):
    def test_497_is_a_400_page_or_what_error_page_says(self):
        pki = certs.shared_pki()
        port, redirecting = free_ports(2)
        tls = f"ssl_certificate {pki.server_crt}; ssl_certificate_key {pki.server_key};"
        conf = http_conf(f"""
        server {{ listen 127.0.0.1:{port} ssl; {tls} location / {{ return 200 "tls"; }} }}
        server {{
            listen 127.0.0.1:{redirecting} ssl; {tls}
            error_page 497 https://$host:{redirecting}$request_uri;
            location / {{ return 200 "tls"; }}
        }}""")
        with Nproxy(conf, [port, redirecting]) as n:
            plain = fetch(port, "/x")
            redirected = fetch(redirecting, "/y?a=1")
            over_tls = fetch(port, "/", tls=tls_client_context(pki.ca_crt), server_hostname="localhost")
            logged = n.wait_for_log("error.log", r"\[info\] .*client sent plain HTTP request to HTTPS port, "
                                                 r'client: 127\.0\.0\.1, server: , request: "GET /x HTTP/1\.1"')
        self.assertEqual(plain.status, 400)
        self.assertIn("The plain HTTP request was sent to HTTPS port", plain.text)
        self.assertEqual(plain.header("connection"), "close")
        self.assertEqual((redirected.status, redirected.header("location")),
                         (302, f"https://localhost:{redirecting}/y?a=1"))
        self.assertEqual((over_tls.status, over_tls.text), (200, "tls"))
        self.assertIsNotNone(logged, n.error_log())


class InterceptErrors(unittest.TestCase):
    def test_upstream_errors_with_a_page_are_replaced(self):
        port, backend = free_ports(2)
        conf = http_conf(f"""
        server {{
            listen 127.0.0.1:{backend};
            location / {{ return 404 "backend-404"; }}
            location /500 {{ return 500; }}
            location /auth {{ add_header WWW-Authenticate "Basic realm=x" always; return 401; }}
        }}
        server {{
            listen 127.0.0.1:{port};
            location / {{
                proxy_pass http://127.0.0.1:{backend};
                proxy_intercept_errors on;
                error_page 401 500 /intercepted;
            }}
            location /off {{
                proxy_pass http://127.0.0.1:{backend}/500;
                error_page 500 /intercepted;
            }}
            location = /intercepted {{ return 200 "intercepted"; }}
        }}""")
        with Nproxy(conf, [port, backend]):
            passed = fetch(port, "/")
            replaced = fetch(port, "/500")
            auth = fetch(port, "/auth")
            not_intercepting = fetch(port, "/off")
        self.assertEqual((passed.status, passed.text), (404, "backend-404"))
        self.assertEqual((replaced.status, replaced.text), (500, "intercepted"))
        self.assertEqual((auth.status, auth.text, auth.header("www-authenticate")), (401, "intercepted", "Basic realm=x"))
        self.assertEqual(not_intercepting.status, 500)
        self.assertNotEqual(not_intercepting.text, "intercepted")


if __name__ == "__main__":
    unittest.main()
