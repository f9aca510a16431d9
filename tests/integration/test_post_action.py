"""post_action over the wire: once the client has its answer, the request goes on to the post_action's URI
or named location (proxied ones included, whatever the client does then), whose answer nobody sees; the
access log shows the last status and the bytes the client got.

The expected answers and log lines are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them)."""

import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf


class PostAction(unittest.TestCase):
    def test_the_request_goes_on_unseen(self):
        port, = free_ports(1)
        conf = http_conf(f"""
    log_format f '$request $status $uri $body_bytes_sent';
    server {{
        listen 127.0.0.1:{port};
        root html;
        access_log logs/post.log f;
        location / {{ post_action /post.html; }}
        location /post.html {{ }}
        location /named {{ post_action @after; return 200 "named"; }}
        location @after {{ return 204; }}
        location /remote {{ post_action /post.remote; return 200 "remote"; }}
        location /post.remote {{ proxy_pass http://127.0.0.1:{port}/post.html; }}
        location /none {{ return 200 "none"; }}
    }}""")
        with Nproxy(conf, [port], files={"html/index.html": "SEE-THIS", "html/post.html": "HIDDEN"}) as n:
            for path, body in (("/", b"SEE-THIS"), ("/named", b"named"), ("/remote", b"remote"),
                               ("/none", b"none")):
                r = fetch(port, path)
                self.assertEqual((r.status, r.body), (200, body), path)
            # the client has its answer before the post action ends: the order of the lines may vary
            self.assertTrue(n.wait_for_log("post.log", r"GET /none HTTP/1.1 200 /none 4"))
            self.assertTrue(n.wait_for_log("post.log", r"GET /remote HTTP/1.1"))
            lines = (n.path / "logs/post.log").read_text().splitlines()
        self.assertEqual(sorted(lines), sorted([
            "GET / HTTP/1.1 200 /post.html 8",
            "GET /named HTTP/1.1 204 /named 5",
            # the proxied post action reaches the server (the client has gone by then), and is logged there
            "GET /post.html HTTP/1.0 200 /post.html 6",
            "GET /remote HTTP/1.1 200 /post.remote 6",
            "GET /none HTTP/1.1 200 /none 4",
        ]))


    def test_post_actions_that_go_on_end_in_nginx_cycle_error(self):
        port, = free_ports(1)
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{port};
        root html;
        location / {{ post_action /; }}
        location /n {{ post_action @self; return 200 "n"; }}
        location @self {{ post_action @self; return 204; }}
    }}""")
        with Nproxy(conf, [port], files={"html/index.html": "SEE-THIS"}) as n:
            self.assertEqual(fetch(port, "/").body, b"SEE-THIS")
            self.assertEqual(fetch(port, "/n").body, b"n")
            self.assertEqual(fetch(port, "/index.html").body, b"SEE-THIS")
            # the client had its answer; the log shows the 500 the last redirect ended in, as nginx's
            self.assertTrue(n.wait_for_log("access.log", r'"GET /index.html HTTP/1.1" 500 8 '))
            log = n.access_log()
            self.assertIn('"GET / HTTP/1.1" 500 8 ', log)
            self.assertIn('"GET /n HTTP/1.1" 500 1 ', log)
            self.assertEqual(n.error_log().count("rewrite or internal redirection cycle"), 3)


if __name__ == "__main__":
    unittest.main()
