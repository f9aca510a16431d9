"""auth_request as nginx 1.22's module: in the access phase a GET subrequest (the request's headers, no body)
to an internal location decides: 2xx lets the request on, 401 answers 401 with the subrequest's
WWW-Authenticate, 403 answers 403, any other status 500 with nginx's error line; the subrequest's body never
reaches the client. auth_request_set takes values from the subrequest's context ($upstream_http_*,
$upstream_status) into variables of the request (proxy_set_header, add_header, logs); satisfy weighs it with
allow/deny; "auth_request off" in a nested location; a POST's body still reaches the upstream afterwards.
Only the main request is logged. Clients come from 127.0.0.1 and 127.0.0.2, both loopback.

The auth service and the application are one Python backend. Every expectation here holds for nginx too
(NPROXY=/usr/sbin/nginx)."""

import json
import re
import socket
import threading
import unittest

from nproxy_testlib import (BackgroundServer, Nproxy, fetch, free_ports, http_conf, read_request, read_response,
                            request_bytes)

AUTH_BODY = b"AUTH-SERVICE-BODY"


class Backend:
    """The auth service (/auth: its answer chosen by the Authorization header) and the application (any
    other path: echoes the request as JSON); keeps what the auth service was sent."""

    def __init__(self):
        self.auth_requests = []
        self.lock = threading.Lock()

    def __call__(self, conn, stop):
        with conn.makefile("rb") as reader:
            got = read_request(reader)
        if got is None:
            return
        method, target, _, headers, body = got
        lower = {n.lower(): v for n, v in headers}
        if target.startswith("/auth"):
            with self.lock:
                self.auth_requests.append((method, lower, body))
            answer = {"Bearer good": b"200 OK\r\nX-User: alice", "Bearer forbidden": b"403 Forbidden",
                      "Bearer teapot": b"418 I'm a teapot"}.get(lower.get("authorization"),
                                                                 b'401 Unauthorized\r\nWWW-Authenticate: Bearer realm="api"')
            conn.sendall(b"HTTP/1.1 " + answer + b"\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
                         % len(AUTH_BODY) + AUTH_BODY)
            return
        echo = json.dumps({"method": method, "target": target, "user": lower.get("x-user"),
                           "body": body.decode("latin-1")}).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(echo) + echo)


GOOD = [("Authorization", "Bearer good")]


class AuthRequest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.backend = Backend()
        server = cls.enterClassContext(BackgroundServer(cls.backend))
        (cls.port,) = free_ports(1)
        up = f"http://127.0.0.1:{server.port}"
        conf = http_conf(f"""
    log_format auth '$request_uri $status user=$user up=$upstream_status';
    server {{
        listen 127.0.0.1:{cls.port};
        server_name auth;
        root html;
        access_log logs/auth.log auth;
        location = /_auth {{
            internal;
            proxy_pass {up}/auth;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Original-URI $request_uri;
        }}
        location /app/ {{
            auth_request /_auth;
            auth_request_set $user $upstream_http_x_user;
            auth_request_set $auth_status $upstream_status;
            proxy_set_header X-User $user;
            add_header X-Auth-Status $auth_status;
            proxy_pass {up};
            location /app/public/ {{
                auth_request off;
                proxy_pass {up};
            }}
        }}
        location /hello {{
            auth_request /_auth;
            auth_request_set $user $upstream_http_x_user;
            add_header X-User "u=$user" always;
        }}
        location /local/open {{ auth_request /_open; }}
        location = /_open {{ return 204; }}
        location /local/closed {{ auth_request /_closed; }}
        location = /_closed {{
            add_header WWW-Authenticate 'Basic realm="local"' always;
            return 401 "closed";
        }}
        location /local/forbidden {{ auth_request /_forbidden; }}
        location = /_forbidden {{ return 403; }}
        location /local/missing {{ auth_request /_missing; }}
        location = /_missing {{ }}
        location /local/file {{ auth_request /_file; }}
        location = /_file {{ }}
        location /any/ {{
            satisfy any;
            allow 127.0.0.2;
            deny all;
            auth_request /_auth;
        }}
        location /all/ {{
            satisfy all;
            allow 127.0.0.2;
            deny all;
            auth_request /_auth;
        }}
    }}""")
        files = {"html/local/open": "OPEN-FILE\n", "html/local/file": "FILE\n", "html/_file": "INVISIBLE\n",
                 "html/hello": "hello\n", "html/any/x": "any\n", "html/all/x": "all\n"}
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port], files=files))
        cls.marks = 0

    def get(self, path, headers=(), *, source="127.0.0.1", method="GET", body=b""):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10, source_address=(source, 0)) as sock:
            sock.sendall(request_bytes(method, path, headers=list(headers) + [("Connection", "close")], body=body))
            with sock.makefile("rb") as reader:
                return read_response(reader, method=method)

    def settled_log(self, name, path):
        """The lines of log `name` for `path`, once a later request's are in both logs (the worker writes in
        order)."""
        AuthRequest.marks += 1
        mark = f"/local/open?mark{AuthRequest.marks}"
        fetch(self.port, mark)
        self.assertIsNotNone(self.nproxy.wait_for_log("auth.log", re.escape(mark)))
        text = (self.nproxy.path / "logs" / name).read_text(errors="replace")
        return [line for line in text.splitlines() if path in line]

    def test_2xx_lets_the_request_on_with_the_variables_it_set(self):
        r = self.get("/app/x?a=1", GOOD)
        self.assertEqual(r.status, 200)
        echo = json.loads(r.body)
        self.assertEqual((echo["method"], echo["target"], echo["user"]), ("GET", "/app/x?a=1", "alice"))
        self.assertEqual(r.header("x-auth-status"), "200")
        self.assertNotIn(AUTH_BODY, r.body)

    def test_the_subrequest_is_a_get_with_the_request_headers_and_no_body(self):
        before = len(self.backend.auth_requests)
        r = self.get("/app/post", GOOD + [("X-Extra", "kept")], method="POST", body=b"the body" * 1000)
        self.assertEqual(r.status, 200)
        echo = json.loads(r.body)
        # the body still reaches the upstream after the auth subrequest
        self.assertEqual((echo["method"], echo["body"], echo["user"]), ("POST", "the body" * 1000, "alice"))
        method, headers, body = self.backend.auth_requests[before]
        self.assertEqual((method, body), ("GET", b""))
        self.assertEqual((headers.get("x-extra"), headers.get("x-original-uri")), ("kept", "/app/post"))
        self.assertNotIn("content-length", headers)

    def test_401_carries_the_subrequests_challenge(self):
        r = self.get("/app/x")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.header("www-authenticate"), 'Bearer realm="api"')
        self.assertNotIn(AUTH_BODY, r.body)
        self.assertIn(b"401 Authorization Required", r.body)

    def test_add_header_does_not_reach_a_subrequests_answer(self):
        # as nginx's headers filter, which passes subrequests by: a local 401 has no challenge to copy
        r = self.get("/local/closed")
        self.assertEqual(r.status, 401)
        self.assertIsNone(r.header("www-authenticate"))
        self.assertNotIn(b"closed", r.body)

    def test_403_is_forbidden(self):
        r = self.get("/app/x", [("Authorization", "Bearer forbidden")])
        self.assertEqual(r.status, 403)
        self.assertIsNone(r.header("www-authenticate"))
        self.assertEqual(self.get("/local/forbidden").status, 403)

    def test_any_other_status_is_an_error_500_logged(self):
        self.assertEqual(self.get("/app/teapot", [("Authorization", "Bearer teapot")]).status, 500)
        self.assertEqual(self.get("/local/missing").status, 500)
        lines = self.settled_log("error.log", "/app/teapot")
        self.assertTrue(any(re.search(r"\[error\] .*auth request unexpected status: 418 while sending to client, "
                                      r'client: 127\.0\.0\.1, server: auth, request: "GET /app/teapot HTTP/1\.1"',
                                      line) for line in lines), lines)
        lines = self.settled_log("error.log", "/local/missing")
        self.assertTrue(any("auth request unexpected status: 404" in line for line in lines), lines)

    def test_a_static_file_allows_and_its_body_stays_out(self):
        r = self.get("/local/file")
        self.assertEqual((r.status, r.body), (200, b"FILE\n"))
        r = self.get("/local/open")
        self.assertEqual((r.status, r.body), (200, b"OPEN-FILE\n"))

    def test_auth_request_set_reaches_add_header(self):
        r = self.get("/hello", GOOD)
        self.assertEqual((r.status, r.body, r.header("x-user")), (200, b"hello\n", "u=alice"))
        r = self.get("/hello?refused")
        self.assertEqual((r.status, r.header("x-user")), (401, "u="))

    def test_auth_request_off_in_a_nested_location(self):
        before = len(self.backend.auth_requests)
        r = self.get("/app/public/page")
        self.assertEqual(r.status, 200)
        self.assertEqual(json.loads(r.body)["user"], None)
        self.assertEqual(len(self.backend.auth_requests), before)
        # as nginx: a variable only auth_request_set defines is empty while unset, without a warning
        self.assertEqual(self.settled_log("error.log", "/app/public/page"), [])

    def test_satisfy_any_with_allow_deny(self):
        before = len(self.backend.auth_requests)
        self.assertEqual(self.get("/any/x", source="127.0.0.2").status, 200)  # allowed: no subrequest
        self.assertEqual(len(self.backend.auth_requests), before)
        self.assertEqual(self.get("/any/x", GOOD).status, 200)
        r = self.get("/any/x")
        self.assertEqual((r.status, r.header("www-authenticate")), (401, 'Bearer realm="api"'))
        self.assertEqual(self.get("/any/x", [("Authorization", "Bearer forbidden")]).status, 403)

    def test_satisfy_all_with_allow_deny(self):
        before = len(self.backend.auth_requests)
        self.assertEqual(self.get("/all/x", GOOD).status, 403)  # denied: no subrequest
        self.assertEqual(len(self.backend.auth_requests), before)
        self.assertEqual(self.get("/all/x", GOOD, source="127.0.0.2").status, 200)
        self.assertEqual(self.get("/all/x", source="127.0.0.2").status, 401)

    def test_only_the_main_request_is_logged_with_its_own_upstream(self):
        self.get("/app/logged", GOOD)
        self.get("/hello?logged", GOOD)
        self.assertEqual(self.settled_log("auth.log", "logged"),
                         ["/app/logged 200 user=alice up=200", "/hello?logged 200 user=alice up=-"])
        self.assertEqual(self.settled_log("auth.log", "/_auth"), [])


if __name__ == "__main__":
    unittest.main()
