"""nginx's rewrite module over the wire: set, if (and its nameless location), rewrite with its flags,
return, break, rewrite_log, and user variables in the places variables go (return, add_header,
proxy_set_header, log_format). Each test runs its own nproxy processes on free loopback ports.

The expected answers are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them by hand)."""

import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf


def server(port, body, *, http_extra=""):
    return http_conf(f"""
    {http_extra}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        {body}
    }}""")


class Steps(unittest.TestCase):
    def setUp(self):
        self.port, = free_ports(1)

    def test_set_if_and_return_in_order(self):
        conf = server(self.port, r'''
        set $greeting hello;
        if ($arg_stop) { return 403; }
        location / {
            if ($http_x_name ~* ^(\w+)-(\w+)$) { set $name "$2 $1"; }
            if ($name = "") { set $name nobody; }
            add_header X-Name $name;
            return 200 "$greeting $name";
        }''')
        with Nproxy(conf, [self.port]):
            named = fetch(self.port, "/", headers=[("X-Name", "Ada-Lovelace")])
            nobody = fetch(self.port, "/")
            stopped = fetch(self.port, "/?stop=1")
        self.assertEqual((named.status, named.text, named.header("x-name")), (200, "hello Lovelace Ada", "Lovelace Ada"))
        self.assertEqual((nobody.status, nobody.text), (200, "hello nobody"))
        self.assertEqual(stopped.status, 403)

    def test_if_in_location_applies_its_own_settings(self):
        conf = server(self.port, '''
        location /a {
            add_header X-Where outer;
            if ($arg_inner) { add_header X-Where inner; }
            return 200 done;
        }''')
        with Nproxy(conf, [self.port]):
            inner = fetch(self.port, "/a?inner=1")
            outer = fetch(self.port, "/a")
        self.assertEqual((inner.text, inner.header("x-where")), ("done", "inner"))
        self.assertEqual((outer.text, outer.header("x-where")), ("done", "outer"))

    def test_rewrite_last_break_and_redirects(self):
        conf = server(self.port, r'''
        rewrite ^/old/(.*)$ /new/$1;
        location /new/ { return 200 "new $uri $args"; }
        location /last { rewrite ^/last/(.*)$ /new/$1?from=last last; return 500; }
        location /brk { rewrite ^ /elsewhere break; return 200 "not reached"; }
        location /perm { rewrite ^/perm/(.*)$ /target/$1 permanent; }
        location /ext { rewrite ^ http://example.com/x?; }''')
        with Nproxy(conf, [self.port]):
            answers = {p: fetch(self.port, p) for p in ("/old/a?k=v", "/last/b?k=v", "/brk", "/perm/c?k=v",
                                                        "/ext?k=v")}
        self.assertEqual(answers["/old/a?k=v"].text, "new /new/a k=v")
        self.assertEqual(answers["/last/b?k=v"].text, "new /new/b from=last&k=v")
        self.assertEqual(answers["/brk"].status, 404)  # break ends the steps: the static file /elsewhere
        perm = answers["/perm/c?k=v"]
        self.assertEqual((perm.status, perm.header("location")), (301, f"http://localhost:{self.port}/target/c?k=v"))
        ext = answers["/ext?k=v"]
        self.assertEqual((ext.status, ext.header("location")), (302, "http://example.com/x"))

    def test_rewrite_cycle_is_500_with_nginx_line(self):
        conf = server(self.port, '''
        location /loop { rewrite ^ /loop last; }''')
        with Nproxy(conf, [self.port]) as n:
            r = fetch(self.port, "/loop")
            line = n.wait_for_log("error.log", r'\[error\] .*rewrite or internal redirection cycle while '
                                               r'processing "/loop", client: 127\.0\.0\.1')
        self.assertEqual(r.status, 500)
        self.assertIsNotNone(line, n.error_log())

    def test_rewrite_log_notices(self):
        conf = server(self.port, '''
        rewrite_log on;
        location / { rewrite ^/(a)$ /b?x=1; return 200 ok; }''')
        with Nproxy(conf, [self.port]) as n:
            fetch(self.port, "/a")
            matched = n.wait_for_log("error.log", r'\[notice\] .*"\^/\(a\)\$" matches "/a", client: ')
            rewritten = n.wait_for_log("error.log", r'\[notice\] .*rewritten data: "/b", args: "x=1", client: ')
        self.assertIsNotNone(matched, n.error_log())
        self.assertIsNotNone(rewritten, n.error_log())

    def test_uninitialized_variable_reads_empty_with_a_warning(self):
        conf = server(self.port, '''
        location /warn { return 200 "[$later]"; }
        location /quiet { uninitialized_variable_warn off; return 200 "[$later]"; }
        location /set { set $later now; return 200 "[$later]"; }''')
        with Nproxy(conf, [self.port]) as n:
            answers = [fetch(self.port, p).text for p in ("/quiet", "/set", "/warn")]
            warned = n.wait_for_log("error.log", r'\[warn\] .*using uninitialized "later" variable, client: '
                                                 r'127\.0\.0\.1, server: localhost, request: "GET /warn ')
        self.assertEqual(answers, ["[]", "[now]", "[]"])
        self.assertIsNotNone(warned, n.error_log())
        self.assertNotIn("/quiet", "".join(l for l in n.error_log().splitlines() if "uninitialized" in l))

    def test_user_variable_in_log_format(self):
        conf = server(self.port, '''
        location / { set $tag "t-$arg_n"; return 204; }''',
                      http_extra='log_format tagged "$tag $status"; access_log logs/tagged.log tagged;')
        with Nproxy(conf, [self.port]) as n:
            fetch(self.port, "/?n=7")
            line = n.wait_for_log("tagged.log", r"^t-7 204$")
        self.assertIsNotNone(line)


class Proxying(unittest.TestCase):
    def test_rewritten_uri_and_set_variables_reach_the_upstream(self):
        port, backend = free_ports(2)
        back = http_conf(f"""
        server {{
            listen 127.0.0.1:{backend};
            return 200 "$request_uri|$http_x_tag";
        }}""")
        front = server(port, f'''
        location /api/ {{
            set $tag "v-$arg_v";
            if ($arg_mark) {{ add_header X-Marked yes; }}
            rewrite ^/api/(.*)$ /v2/$1 break;
            proxy_set_header X-Tag $tag;
            proxy_pass http://127.0.0.1:{backend};
        }}
        location /kept {{
            rewrite ^ /moved;
            break;
            proxy_pass http://127.0.0.1:{backend}/base/;
        }}''')
        with Nproxy(back, [backend]), Nproxy(front, [port]):
            plain = fetch(port, "/api/items?v=3")
            marked = fetch(port, "/api/x%20y?mark=1")
            kept = fetch(port, "/kept/x?a=1")
        self.assertEqual((plain.status, plain.text, plain.header("x-marked")), (200, "/v2/items?v=3|v-3", None))
        # the "if" block proxies as its location does, with its own add_header
        self.assertEqual((marked.status, marked.text, marked.header("x-marked")), (200, "/v2/x%20y?mark=1|v-", "yes"))
        # as nginx: after break kept a changed URI, proxy_pass's URI part is not used
        self.assertEqual((kept.status, kept.text), (200, "/moved?a=1|"))


if __name__ == "__main__":
    unittest.main()
