"""proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags over the wire: each Set-Cookie line of an
upstream's answer as the client gets it (rules with variables and regexes, several lines in one answer,
inheritance, "off", a hidden header), and -t's messages for bad arguments.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

from nproxy_testlib import BackgroundServer, Nproxy, Prefix, config_test, fetch, free_port, http_conf, read_request


def cookie_backend(conn, stop):
    """Answers one request with a Set-Cookie line for each X-Set-Cookie header the request came with."""
    with conn.makefile("rb") as reader:
        request = read_request(reader)
    if request is None:
        return
    lines = "".join(f"Set-Cookie: {value}\r\n" for name, value in request[3] if name.lower() == "x-set-cookie")
    conn.sendall(f"HTTP/1.1 200 OK\r\n{lines}Content-Length: 2\r\nConnection: close\r\n\r\nok".encode())


class ProxyCookie(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        b = cls.enterClassContext(BackgroundServer(cookie_backend)).port
        conf = http_conf(f"""
        proxy_cookie_path /top/ /inherited/;
        server {{
            listen 127.0.0.1:{cls.port};
            server_name localhost;
            location / {{
                proxy_pass http://127.0.0.1:{b};
                proxy_cookie_domain www.example.org .example.com;
                proxy_cookie_domain .$server_name.com en.$server_name.org;
                proxy_cookie_domain ~^(?<sub>.+)\\.com$ $sub.org;
                proxy_cookie_path /path/ /new/;
                proxy_cookie_path ~*^/caseless/(.+)$ /$1;
                proxy_cookie_flags a secure httponly samesite=none;
                proxy_cookie_flags ~^a nosecure;
                proxy_cookie_flags $arg_name secure samesite=strict;
                proxy_cookie_flags ~BAR httponly;
                proxy_cookie_flags d nosecure nohttponly nosamesite;
                proxy_cookie_flags v $arg_f1 $arg_f2;
            }}
            location /inherit/ {{ proxy_pass http://127.0.0.1:{b}; }}
            location /off/ {{
                proxy_pass http://127.0.0.1:{b};
                proxy_cookie_domain off;
                proxy_cookie_path off;
                proxy_cookie_flags off;
            }}
            location /hidden/ {{
                proxy_pass http://127.0.0.1:{b};
                proxy_hide_header Set-Cookie;
                proxy_cookie_flags a secure;
            }}
        }}""")
        cls.enterClassContext(Nproxy(conf, [cls.port]))

    def cookies(self, path, *lines):
        response = fetch(self.port, path, headers=[("X-Set-Cookie", line) for line in lines])
        self.assertEqual(response.status, 200)
        return [value for name, value in response.headers if name == "set-cookie"]

    def test_domains_each_line_by_the_first_rule_that_matches(self):
        self.assertEqual(
            self.cookies("/", "v=1; Domain=www.Example.org", "w=2; Domain=.LocalHost.com",
                         "x=3;domain = www.example.COM ;Path=/", "y=4;  Domain=other.net"),
            ["v=1; Domain=example.com", "w=2; Domain=.en.localhost.org", "x=3; domain=www.example.org; Path=/",
             "y=4;  Domain=other.net"])

    def test_paths_by_prefix_with_case_and_caseless_regex(self):
        self.assertEqual(
            self.cookies("/", "v=1; Path=/path/a.html", "w=2;path=/CASEless/b", "x=3; Path=/PATH/c"),
            ["v=1; Path=/new/a.html", "w=2; path=/b", "x=3; Path=/PATH/c"])

    def test_flags_set_changed_and_removed_in_nginx_order(self):
        self.assertEqual(
            self.cookies("/?name=c", "a=1;SameSite=Lax", "ab=1; Secure; Path=/", "c=1", "foobarbaz=1",
                         "d=1; secure; HttpOnly; samesite=lax; Path=/", "nx=1;samesite=none"),
            ["a=1; SameSite=None; Secure; HttpOnly", "ab=1; Path=/", "c=1; Secure; SameSite=Strict",
             "foobarbaz=1; HttpOnly", "d=1; Path=/", "nx=1;samesite=none"])

    def test_flags_from_variables(self):
        self.assertEqual(self.cookies("/?f1=httponly&f2=samesite=lax", "v=1"), ["v=1; HttpOnly; SameSite=Lax"])
        self.assertEqual(self.cookies("/?f1=bogus", "v=1;secure"), ["v=1;secure"])

    def test_only_name_value_cookies_are_rewritten(self):
        self.assertEqual(self.cookies("/", "flag; Domain=www.example.org; Secure", "a"),
                         ["flag; Domain=www.example.org; Secure", "a"])

    def test_a_level_without_rules_inherits_them(self):
        self.assertEqual(self.cookies("/inherit/", "v=1; Path=/top/x; Domain=www.example.org", "a=1"),
                         ["v=1; Path=/inherited/x; Domain=www.example.org", "a=1"])

    def test_off_and_hidden(self):
        lines = ["a=1; Domain=www.example.org; Path=/path/x"]
        self.assertEqual(self.cookies("/off/", *lines), lines)
        self.assertEqual(self.cookies("/hidden/", *lines), [])


class ProxyCookieCheck(unittest.TestCase):
    def refused(self, directives):
        """-t's output for a server with `directives`, which it must refuse; the prefix shown as {P}."""
        with Prefix() as prefix:
            conf = prefix.write("nproxy.conf", http_conf(f"server {{ listen 127.0.0.1:8080; {directives} }}"))
            code, lines = config_test(conf, prefix)
            self.assertEqual(code, 1, lines)
            return "\n".join(lines).replace(str(prefix), "{P}")

    def test_messages_for_bad_arguments(self):
        line = len(http_conf("").splitlines()) - 1
        where = f" in {{P}}nproxy.conf:{line}"
        for directives, message in [
            ("proxy_cookie_flags one;", 'invalid parameter "one"' + where),
            ("proxy_cookie_path off; proxy_cookie_path /a /b;", '"proxy_cookie_path" directive is duplicate' + where),
            ("proxy_cookie_domain a b; proxy_cookie_domain off;",
             '"proxy_cookie_domain" directive is duplicate' + where),
            ("proxy_cookie_flags off; proxy_cookie_flags off;", '"proxy_cookie_flags" directive is duplicate' + where),
            ("proxy_cookie_flags a secure httponly samesite=lax nosecure;",
             'invalid number of arguments in "proxy_cookie_flags" directive' + where),
            ("proxy_cookie_domain ~*a b;",
             'pcre2_compile() failed: quantifier does not follow a repeatable item in "*a" at "*a"' + where),
            ("proxy_cookie_flags ~(a secure;", 'pcre2_compile() failed: missing closing parenthesis in "(a"' + where),
        ]:
            with self.subTest(directives):
                output = self.refused(directives)
                self.assertIn("[emerg] ", output)
                self.assertIn(message, output)


if __name__ == "__main__":
    unittest.main()
