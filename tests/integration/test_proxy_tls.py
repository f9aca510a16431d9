"""proxy_pass over TLS, as in nginx's article "Securing HTTP Traffic to Upstream Servers": a front nproxy
on plain HTTP proxies to two nproxy backends that `listen ... ssl`, ask for the proxy's client certificate
and answer with what they saw of the TLS connection. Also the backends' client-certificate policies and
SNI, with a direct Python TLS client.

Each test runs its own front and backend processes on free loopback ports with the test PKI of certs.py.
The expected answers are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them by hand)."""

import os
import re
import ssl
import subprocess
import tempfile
import threading
import unittest
from pathlib import Path

import certs
from nproxy_testlib import (Nproxy, connect, error_page, fetch, free_port, free_ports, http_conf, read_response,
                            request_bytes, tls_client_context, wait_for_port)

PROXY_DN = "CN=nproxy proxy client,O=nproxy test"
OTHER_DN = "CN=other client,O=other test"
# What a backend answers: which backend, and what it made of the client's certificate and session.
ECHO = r'"{name} $ssl_client_verify|$ssl_client_s_dn|$ssl_session_reused|$ssl_protocol\n"'


def backend_server(port, name, *, verify="optional", cert="server", ca="ca", extra=""):
    """A backend `server` block: TLS on port with PKI certificate `cert`, client certificates checked
    against PKI CA `ca` by `ssl_verify_client verify`, answering ECHO."""
    pki = certs.shared_pki()
    client_ca = f"ssl_client_certificate {pki.dir / (ca + '.crt')}; ssl_verify_client {verify};" if verify else ""
    return f"""
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name {name};
        ssl_certificate     {pki.dir / (cert + '.crt')};
        ssl_certificate_key {pki.dir / (cert + '.key')};
        {client_ca}
        {extra}
        location / {{ return 200 {ECHO.format(name=name)}; }}
    }}"""


def front_conf(port, backends, *, location="", upstream="backend.example.com", **settings):
    """The article's front server on plain HTTP: location / proxies to `upstream` (a group of `backends`
    ports) with the article's proxy_ssl_* lines, then `location` for more lines. A keyword argument
    replaces one of the article's lines (proxy_ssl_verify_depth="1"), or drops it when None."""
    pki = certs.shared_pki()
    article = {
        "proxy_ssl_certificate": pki.client_pem,
        "proxy_ssl_certificate_key": pki.client_key,
        "proxy_ssl_trusted_certificate": pki.ca_crt,
        "proxy_ssl_verify": "on",
        "proxy_ssl_verify_depth": "2",
        "proxy_ssl_session_reuse": "on",
    }
    article.update(settings)
    lines = "".join(f"            {name} {value};\n" for name, value in article.items() if value is not None)
    servers = "".join(f"        server 127.0.0.1:{p};\n" for p in backends)
    return http_conf(f"""
    upstream {upstream} {{
{servers}    }}
    server {{
        listen 127.0.0.1:{port};
        server_name www.example.com;
        location / {{
            proxy_pass https://{upstream};
{lines}            {location}
        }}
    }}""")


def parse_echo(text):
    """ECHO's answer as (server, verify, subject, reused, protocol)."""
    name, _, rest = text.rstrip("\n").partition(" ")
    return (name, *rest.split("|"))


def no_cert_page(server):
    return (f"<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n"
            f"<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n"
            f"<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n").encode()


def cert_error_page(server):
    return (f"<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n"
            f"<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n"
            f"<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n").encode()


class SeedSetup(unittest.TestCase):
    """The article's Complete Example: backend1 with ssl_verify_client optional, backend2 with on."""

    def run_requests(self, count, *, location="", backend_extra="", **settings):
        front, b1, b2 = free_ports(3)
        backends = http_conf(backend_server(b1, "backend1.example.com", verify="optional", extra=backend_extra) +
                             backend_server(b2, "backend2.example.com", verify="on", extra=backend_extra))
        with Nproxy(backends, [b1, b2]), Nproxy(front_conf(front, [b1, b2], location=location, **settings), [front]) as f:
            answers = [fetch(front, f"/upstream/{i}", host="www.example.com") for i in range(count)]
            self.error_log = f.error_log()
        for r in answers:
            self.assertEqual(r.status, 200, (r, self.error_log))
        return [parse_echo(r.text) for r in answers]

    def test_article_example_client_certificate_round_robin_and_reuse(self):
        echoes = self.run_requests(8, location="""
            proxy_ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
            proxy_ssl_ciphers   HIGH:!aNULL:!MD5;""")
        self.assertEqual([e[0] for e in echoes], ["backend1.example.com", "backend2.example.com"] * 4)
        self.assertEqual({e[1:3] for e in echoes}, {("SUCCESS", PROXY_DN)})
        self.assertEqual({e[4] for e in echoes}, {"TLSv1.2"})
        # the first handshake to each backend is full, every later one resumes the saved session
        # Beyond nginx (which keeps one session per peer): the group offers its newest session to a peer
        # with none yet, and the two backends of one nproxy share a ticket key, so only the first is full.
        self.assertEqual([e[3] for e in echoes], ["."] + ["r"] * 7)

    def test_session_reuse_tls_1_2(self):
        echoes = self.run_requests(6, location="proxy_ssl_protocols TLSv1.2;")
        self.assertEqual([(e[3], e[4]) for e in echoes], [(".", "TLSv1.2")] + [("r", "TLSv1.2")] * 5)

    def test_session_reuse_tls_1_3(self):
        echoes = self.run_requests(6, location="proxy_ssl_protocols TLSv1.3;",
                                   backend_extra="ssl_protocols TLSv1.2 TLSv1.3;")
        self.assertEqual([(e[3], e[4]) for e in echoes], [(".", "TLSv1.3")] + [("r", "TLSv1.3")] * 5)
        self.assertEqual({e[1:3] for e in echoes}, {("SUCCESS", PROXY_DN)})

    def test_no_reuse_when_session_reuse_off(self):
        for protocol in ("TLSv1.2", "TLSv1.3"):
            with self.subTest(protocol=protocol):
                echoes = self.run_requests(6, location=f"proxy_ssl_protocols {protocol};", proxy_ssl_session_reuse="off",
                                           backend_extra="ssl_protocols TLSv1.2 TLSv1.3;")
                self.assertEqual([(e[3], e[4]) for e in echoes], [(".", protocol)] * 6)

    # nginx 1.22.1's defaults are `ssl_protocols TLSv1 TLSv1.1 TLSv1.2` and `proxy_ssl_protocols TLSv1
    # TLSv1.1 TLSv1.2` (TLSv1.3 joined the defaults in 1.23.4), so with nothing configured it speaks TLSv1.2.
    def test_default_protocol_is_tls_1_2_as_nginx_1_22(self):
        echoes = self.run_requests(2, backend_extra="ssl_protocols TLSv1.2 TLSv1.3;")
        self.assertEqual({e[4] for e in echoes}, {"TLSv1.2"})


class UpstreamVerification(unittest.TestCase):
    """proxy_ssl_verify failures: the handshake fails, the peer counts as failed, the client gets 502."""

    def bad_gateway(self, *, backend_cert="server", backend_extra="", **settings):
        """Runs one backend with `backend_cert` (and `backend_extra` lines) and a front_conf(**settings);
        returns (response, error log)."""
        front, b1 = free_ports(2)
        backends = http_conf(backend_server(b1, "backend1.example.com", cert=backend_cert, extra=backend_extra))
        with Nproxy(backends, [b1]), Nproxy(front_conf(front, [b1], **settings), [front]) as f:
            r = fetch(front, "/x", host="www.example.com")
            log = f.wait_for_log("error.log", r"while SSL handshaking to upstream.*$") and f.error_log()
        return r, log or f.error_log()

    def assert_502_logged(self, r, log, message):
        self.assertEqual(r.status, 502, r)
        self.assertEqual(r.body, error_page("502 Bad Gateway", r.header("server")))
        self.assertRegex(log, message)
        self.assertRegex(log, r'while SSL handshaking to upstream, client: 127\.0\.0\.1, server: www\.example\.com, '
                              r'request: "GET /x HTTP/1\.1", upstream: "https://127\.0\.0\.1:\d+/x", '
                              r'host: "www\.example\.com"')

    def test_protocol_mismatch(self):
        r, log = self.bad_gateway(backend_extra="ssl_protocols TLSv1.3;", proxy_ssl_protocols="TLSv1.2")
        self.assert_502_logged(r, log, r"\[error\] .*SSL_do_handshake\(\) failed .* while SSL handshaking to upstream")

    def test_cipher_mismatch(self):
        r, log = self.bad_gateway(backend_extra="ssl_protocols TLSv1.2; ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384;",
                                  proxy_ssl_protocols="TLSv1.2", proxy_ssl_ciphers="ECDHE-ECDSA-AES128-GCM-SHA256")
        self.assert_502_logged(r, log, r"\[error\] .*SSL_do_handshake\(\) failed .* while SSL handshaking to upstream")

    def test_upstream_keepalive_reuses_tls_connections(self):
        # Each backend answers /ka with its connection number and that connection's request count.
        front, b1, b2 = free_ports(3)
        ka = 'location /ka { return 200 "$server_port $connection $connection_requests\\n"; }'
        backends = http_conf(backend_server(b1, "backend1.example.com", extra=ka) +
                             backend_server(b2, "backend2.example.com", extra=ka))
        conf = front_conf(front, [b1, b2], location='proxy_http_version 1.1; proxy_set_header Connection "";')
        conf = conf.replace("        server 127.0.0.1:%d;\n    }" % b2, "        server 127.0.0.1:%d;\n        keepalive 4;\n    }" % b2)
        self.assertIn("keepalive 4;", conf)
        with Nproxy(backends, [b1, b2]), Nproxy(conf, [front]) as f:
            answers = [fetch(front, "/ka", host="www.example.com") for _ in range(6)]
            log = f.error_log()
        self.assertEqual([r.status for r in answers], [200] * 6, log)
        seen = [r.text.split() for r in answers]
        by_backend = {}
        for port, connection, requests in seen:
            by_backend.setdefault(port, []).append((connection, int(requests)))
        self.assertEqual(sorted(by_backend), sorted([str(b1), str(b2)]))
        for port, uses in by_backend.items():
            self.assertEqual(len({c for c, _ in uses}), 1, (port, uses))  # one TLS connection per backend
            self.assertEqual([n for _, n in uses], [1, 2, 3], (port, uses))

    def test_trusted_certificate_from_another_ca(self):
        r, log = self.bad_gateway(proxy_ssl_trusted_certificate=certs.shared_pki().other_ca_crt)
        self.assert_502_logged(r, log, r"\[error\] .*upstream SSL certificate verify error: \(\d+:[^)]+\) "
                                       r"while SSL handshaking to upstream")

    def test_verify_off_accepts_a_certificate_from_another_ca(self):
        front, b1 = free_ports(2)
        backends = http_conf(backend_server(b1, "backend1.example.com"))
        conf = front_conf(front, [b1], proxy_ssl_trusted_certificate=certs.shared_pki().other_ca_crt,
                          proxy_ssl_verify="off")
        with Nproxy(backends, [b1]), Nproxy(conf, [front]):
            r = fetch(front, "/x")
        self.assertEqual((r.status, parse_echo(r.text)[1]), (200, "SUCCESS"))

    def test_verify_depth_too_short_for_an_intermediate(self):
        r, log = self.bad_gateway(proxy_ssl_verify_depth="0", backend_cert="chain")
        # beyond nginx, the line says which depth would do
        self.assert_502_logged(r, log, r"upstream SSL certificate verify error: \(20:[^)]+\); it would verify with "
                                       r'"proxy_ssl_verify_depth 1" while SSL handshaking to upstream')

    def accepted_with_depth(self, depth):
        front, b1 = free_ports(2)
        backends = http_conf(backend_server(b1, "backend1.example.com", cert="chain"))
        with Nproxy(backends, [b1]), Nproxy(front_conf(front, [b1], proxy_ssl_verify_depth=depth), [front]) as f:
            r = fetch(front, "/x")
            log = f.error_log()
        self.assertEqual((r.status, parse_echo(r.text)[1:3]), (200, ("SUCCESS", PROXY_DN)), log)

    def test_verify_depth_2_accepts_an_intermediate(self):
        self.accepted_with_depth("2")

    # OpenSSL's counting, which nginx follows: depth 1 = leaf, one intermediate, trusted root.
    def test_verify_depth_1_accepts_one_intermediate(self):
        self.accepted_with_depth("1")

    def test_wrong_proxy_ssl_name(self):
        r, log = self.bad_gateway(location="proxy_ssl_name wrong.example.com;")
        self.assert_502_logged(r, log, r"\[error\] .*upstream SSL certificate .* while SSL handshaking to upstream")

    def test_certificate_for_another_name(self):
        r, log = self.bad_gateway(backend_cert="wrongname")
        self.assert_502_logged(r, log, r"\[error\] .*upstream SSL certificate .* while SSL handshaking to upstream")

    # nginx words a name that the certificate does not cover apart from chain errors.
    def test_name_mismatch_logged_in_nginx_words(self):
        for settings, name in (({"location": "proxy_ssl_name wrong.example.com;"}, "wrong.example.com"),
                               ({"backend_cert": "wrongname"}, "backend.example.com")):
            with self.subTest(name=name):
                r, log = self.bad_gateway(**settings)
                self.assert_502_logged(r, log, f'upstream SSL certificate does not match "{re.escape(name)}" '
                                               r"while SSL handshaking to upstream")

    def test_certificates_out_of_their_validity_or_self_signed(self):
        for cert, reason in (("expired", "10:certificate has expired"), ("future", "9:certificate is not yet valid"),
                             ("selfsigned", "18:self.signed certificate")):
            with self.subTest(cert=cert):
                r, log = self.bad_gateway(backend_cert=cert)
                self.assert_502_logged(r, log, rf"upstream SSL certificate verify error: \({reason}\) "
                                               r"while SSL handshaking to upstream")

    def test_revoked_certificate(self):
        pki = certs.shared_pki()
        r, log = self.bad_gateway(backend_cert="revoked", proxy_ssl_crl=pki.ca_crl)
        self.assert_502_logged(r, log, r"upstream SSL certificate verify error: \(23:certificate revoked\) "
                                       r"while SSL handshaking to upstream")
        # the same certificate passes without the CRL: it is the revocation that refuses it
        front, b1 = free_ports(2)
        backends = http_conf(backend_server(b1, "backend1.example.com", cert="revoked"))
        with Nproxy(backends, [b1]), Nproxy(front_conf(front, [b1]), [front]):
            self.assertEqual(fetch(front, "/x").status, 200)


    def test_a_refused_sni_is_named(self):
        # a backend that knows only backend1.example.com and rejects other names (alert 112)
        front, b1 = free_ports(2)
        pki = certs.shared_pki()
        backends = http_conf(f"""
            server {{ listen 127.0.0.1:{b1} ssl default_server; ssl_reject_handshake on; }}""" +
                             backend_server(b1, "backend1.example.com"))
        conf = front_conf(front, [b1], location="proxy_ssl_server_name on; proxy_ssl_name wrong.example.com;")
        with Nproxy(backends, [b1]), Nproxy(conf, [front]) as f:
            r = fetch(front, "/x")
            logged = f.wait_for_log("error.log", r"SSL_do_handshake\(\) failed .*; the upstream does not serve the name "
                                                 r'sent as SNI, "wrong\.example\.com" \(proxy_ssl_name\) while SSL handshaking')
            log = f.error_log()
        self.assertEqual(r.status, 502)
        self.assertIsNotNone(logged, log)


class TlsFailoverAndHttpsFront(unittest.TestCase):
    def test_failed_handshake_goes_to_the_next_backend(self):
        front, good, bad = free_ports(3)
        backends = http_conf(backend_server(bad, "bad.example.com", cert="other_server") +
                             backend_server(good, "good.example.com"))
        with Nproxy(backends, [good, bad]), Nproxy(front_conf(front, [bad, good]), [front]) as f:
            answers = [fetch(front, f"/{i}") for i in range(4)]
            logged = f.wait_for_log("error.log", r"upstream SSL certificate verify error: \(\d+:[^)]+\) "
                                                 rf'while SSL handshaking to upstream, .*upstream: "https://127\.0\.0\.1:{bad}/0"')
        self.assertEqual([(r.status, parse_echo(r.text)[0]) for r in answers], [(200, "good.example.com")] * 4)
        self.assertIsNotNone(logged)

    def test_https_front_to_https_backends(self):
        front, b1 = free_ports(2)
        pki = certs.shared_pki()
        backends = http_conf(backend_server(b1, "backend1.example.com"))
        conf = front_conf(front, [b1]).replace(f"listen 127.0.0.1:{front};", f"""listen 127.0.0.1:{front} ssl;
        ssl_certificate {pki.server_crt};
        ssl_certificate_key {pki.server_key};
        location = /scheme {{ return 200 "$scheme $https $ssl_server_name"; }}""")
        client = tls_client_context(pki.ca_crt)
        with Nproxy(backends, [b1]), Nproxy(conf, [front]):
            proxied = fetch(front, "/x", tls=client, server_hostname="localhost")
            scheme = fetch(front, "/scheme", tls=client, server_hostname="localhost")
        self.assertEqual((proxied.status, parse_echo(proxied.text)[:3]),
                         (200, ("backend1.example.com", "SUCCESS", PROXY_DN)))
        self.assertEqual((scheme.status, scheme.text), (200, "https on localhost"))


class BackendClientCertificates(unittest.TestCase):
    """What the backends answer for each ssl_verify_client policy."""

    def test_proxy_without_client_certificate_gets_backend_400(self):
        front, b1 = free_ports(2)
        backends = http_conf(backend_server(b1, "backend1.example.com", verify="on"))
        conf = front_conf(front, [b1], proxy_ssl_certificate=None, proxy_ssl_certificate_key=None)
        with Nproxy(backends, [b1]), Nproxy(conf, [front]) as f:
            r = fetch(front, "/x")
            # beyond nginx: the front's log says what is missing
            hint = f.wait_for_log("error.log", r'\[warn\] .*upstream wants a client certificate and no '
                                               r'"proxy_ssl_certificate" applies to this location')
        self.assertIsNotNone(hint)
        self.assertEqual(r.status, 400)
        self.assertEqual(r.body, no_cert_page(r.header("server")))

    def test_proxy_with_certificate_from_another_ca_gets_backend_400(self):
        front, b1 = free_ports(2)
        pki = certs.shared_pki()
        backends = http_conf(backend_server(b1, "backend1.example.com", verify="optional"))
        conf = front_conf(front, [b1], proxy_ssl_certificate=pki.other_client_pem,
                          proxy_ssl_certificate_key=pki.other_client_key)
        with Nproxy(backends, [b1]), Nproxy(conf, [front]):
            r = fetch(front, "/x")
        self.assertEqual(r.status, 400)
        self.assertEqual(r.body, cert_error_page(r.header("server")))

    def test_certificate_chosen_per_request_by_variables(self):
        front, b1 = free_ports(2)
        pki = certs.shared_pki()
        backends = http_conf(backend_server(b1, "backend1.example.com", verify="optional_no_ca"))
        conf = front_conf(front, [b1], proxy_ssl_certificate="$arg_c", proxy_ssl_certificate_key="$arg_k",
                          proxy_ssl_session_reuse="off")
        files = {name: f"c={pki.dir}/{name}.pem&k={pki.dir}/{name}.key" for name in ("client", "other_client", "missing")}
        files["none"] = "c=&k="
        with Nproxy(backends, [b1]), Nproxy(conf, [front]) as f:
            answers = {name: fetch(front, f"/x?{args}") for name, args in files.items()}
            logged = f.wait_for_log("error.log", r'\[error\] .*cannot load certificate "' + re.escape(str(pki.dir)) +
                                                 r'/missing\.pem"')
        echoes = {name: parse_echo(r.text)[1:3] for name, r in answers.items() if r.status == 200}
        self.assertEqual(echoes["client"], ("SUCCESS", PROXY_DN))
        self.assertEqual(echoes["other_client"][1], OTHER_DN)
        self.assertTrue(echoes["other_client"][0].startswith("FAILED:"))
        # an empty path offers no certificate; a file that does not load ends the request with 500
        self.assertEqual(echoes["none"], ("NONE", ""))
        self.assertEqual(answers["missing"].status, 500)
        self.assertIsNotNone(logged)

    def test_direct_client(self):
        on, optional, no_ca = free_ports(3)
        backends = http_conf(backend_server(on, "on.example.com", verify="on") +
                             backend_server(optional, "optional.example.com", verify="optional") +
                             backend_server(no_ca, "noca.example.com", verify="optional_no_ca"))
        pki = certs.shared_pki()
        clients = {
            "none": tls_client_context(pki.ca_crt),
            "ca": tls_client_context(pki.ca_crt, cert=pki.client_pem, key=pki.client_key),
            "other": tls_client_context(pki.ca_crt, cert=pki.other_client_pem, key=pki.other_client_key),
        }
        ok = lambda verify, dn: (200, verify, dn)  # noqa: E731
        expected = {
            (on, "none"): (400, "no cert"), (on, "ca"): ok("SUCCESS", PROXY_DN), (on, "other"): (400, "cert error"),
            (optional, "none"): ok("NONE", ""), (optional, "ca"): ok("SUCCESS", PROXY_DN),
            (optional, "other"): (400, "cert error"),
            (no_ca, "none"): ok("NONE", ""), (no_ca, "ca"): ok("SUCCESS", PROXY_DN),
            (no_ca, "other"): ok("FAILED:", OTHER_DN),
        }
        with Nproxy(backends, [on, optional, no_ca]):
            for (port, client), want in expected.items():
                with self.subTest(port={on: "on", optional: "optional", no_ca: "optional_no_ca"}[port], client=client):
                    r = fetch(port, "/direct", tls=clients[client], server_hostname="localhost")
                    if want[0] == 400:
                        page = no_cert_page if want[1] == "no cert" else cert_error_page
                        self.assertEqual((r.status, r.body), (400, page(r.header("server"))))
                    else:
                        _, verify, dn, _, _ = parse_echo(r.text)
                        self.assertEqual(r.status, 200)
                        self.assertEqual((verify[:len(want[1])], dn), want[1:])
                        if want[1] == "FAILED:":
                            self.assertGreater(len(verify), len("FAILED:"))


class ClientCertificateVariables(unittest.TestCase):
    def test_legacy_names_and_validity(self):
        pki = certs.shared_pki()
        port = free_port()
        conf = http_conf(backend_server(port, "localhost", extra=""" return 200
            "$ssl_client_s_dn_legacy|$ssl_client_i_dn_legacy|$ssl_client_v_start|$ssl_client_v_end|$ssl_client_v_remain";
        """))
        client = tls_client_context(pki.ca_crt, cert=pki.soon_client_pem, key=pki.soon_client_key)
        with Nproxy(conf, [port]):
            r = fetch(port, "/", tls=client, server_hostname="localhost")
            anonymous = fetch(port, "/", tls=tls_client_context(pki.ca_crt), server_hostname="localhost")
        subject, issuer, start, end, remain = r.text.split("|")
        self.assertEqual((subject, issuer), (certs.CLIENT_SUBJECT, "/O=nproxy test/CN=nproxy test CA"))
        date = r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$"
        self.assertRegex(start, date)
        self.assertRegex(end, date)
        # valid for 10 days from its making: 9 whole days left (10 within the second it was made)
        self.assertIn(remain, ("9", "10"))
        self.assertEqual(anonymous.text, "||||")


class Sni(unittest.TestCase):
    """Two TLS servers on one port: the client's server name picks the certificate and the server."""

    def setUp(self):
        self.port, self.front = free_ports(2)
        self.backends = http_conf(backend_server(self.port, "a.example.com", cert="a", verify=None) +
                                  backend_server(self.port, "b.example.com", cert="b", verify=None))

    def test_direct_client_gets_the_named_certificate(self):
        pki = certs.shared_pki()
        der = {name: ssl.PEM_cert_to_DER_cert(pki.dir.joinpath(f"{name}.crt").read_text()) for name in "ab"}
        with Nproxy(self.backends, [self.port]):
            for sni, cert, server in (("a.example.com", "a", "a.example.com"), ("b.example.com", "b", "b.example.com"),
                                      ("c.example.com", "a", "a.example.com")):
                with self.subTest(sni=sni):
                    context = tls_client_context(verify=False)
                    with connect(self.port, tls=context, server_hostname=sni) as sock:
                        self.assertEqual(sock.getpeercert(binary_form=True), der[cert])
                        sock.sendall(request_bytes("GET", "/", host=sni, headers=[("Connection", "close")]))
                        with sock.makefile("rb") as reader:
                            r = read_response(reader)
                    self.assertEqual((r.status, parse_echo(r.text)[0]), (200, server))
            # verified by name, as a browser would
            strict = tls_client_context(pki.ca_crt)
            r = fetch(self.port, "/", host="b.example.com", tls=strict, server_hostname="b.example.com")
            self.assertEqual(parse_echo(r.text)[0], "b.example.com")

    def test_a_host_other_than_the_sni_is_misdirected_where_client_certificates_are_checked(self):
        checked = http_conf(backend_server(self.port, "a.example.com", cert="a", verify=None) +
                            backend_server(self.port, "b.example.com", cert="b", verify="optional"))
        with Nproxy(checked, [self.port]) as b:
            answers = {(sni, host): fetch(self.port, "/", host=host, tls=tls_client_context(verify=False),
                                          server_hostname=sni)
                       for sni, host in (("a.example.com", "b.example.com"), ("b.example.com", "a.example.com"),
                                         ("c.example.com", "b.example.com"))}
            logged = b.wait_for_log("error.log", r"\[info\] .*client attempted to request the server name "
                                                 r"different from the one that was negotiated")
        # as nginx: b checks certificates, and the handshake (named a) did not check one for it
        self.assertEqual(answers["a.example.com", "b.example.com"].status, 421)
        self.assertIsNotNone(logged)
        # a checks none; and a name that chose no server (c) chose nothing to differ from
        self.assertEqual(parse_echo(answers["b.example.com", "a.example.com"].text)[0], "a.example.com")
        self.assertEqual(parse_echo(answers["c.example.com", "b.example.com"].text)[0], "b.example.com")

    def test_an_ipv6_upstream_gets_a_bracketed_host_and_no_sni(self):
        pki = certs.shared_pki()
        backend = http_conf(f"""
    server {{
        listen [::1]:{self.port} ssl;
        ssl_certificate {pki.dir / 'server.crt'};
        ssl_certificate_key {pki.dir / 'server.key'};
        location / {{ return 200 "$http_host|$ssl_server_name"; }}
    }}""")
        front = http_conf(f"""
    server {{
        listen 127.0.0.1:{self.front};
        location / {{ proxy_pass https://[::1]:{self.port}; proxy_ssl_server_name on; }}
    }}""")
        with Nproxy(backend, []) as b, Nproxy(front, [self.front]):
            self.assertTrue(wait_for_port(self.port, host="::1", alive=lambda: b.process.poll() is None))
            r = fetch(self.front, "/")
        # as nginx: $proxy_host writes the address as the URL does, and an address is never sent as SNI
        self.assertEqual((r.status, r.text), (200, f"[::1]:{self.port}|"))

    def test_proxy_ssl_server_name_on_sends_sni(self):
        conf = front_conf(self.front, [self.port], location="proxy_ssl_name b.example.com; proxy_ssl_server_name on;"
                                                                 # the Host header picks the server block
                                                                 "proxy_set_header Host b.example.com;")
        with Nproxy(self.backends, [self.port]), Nproxy(conf, [self.front]):
            r = fetch(self.front, "/x")
        self.assertEqual((r.status, parse_echo(r.text)[0]), (200, "b.example.com"))

    def test_without_proxy_ssl_server_name_the_default_certificate_fails_verification(self):
        conf = front_conf(self.front, [self.port], location="proxy_ssl_name b.example.com;")
        with Nproxy(self.backends, [self.port]), Nproxy(conf, [self.front]) as f:
            r = fetch(self.front, "/x")
            logged = f.wait_for_log("error.log", r"\[error\] .*upstream SSL certificate .* "
                                                 r"while SSL handshaking to upstream")
        self.assertEqual(r.status, 502)
        self.assertIsNotNone(logged)


class CurveVariables(unittest.TestCase):
    def test_ssl_curve_names_the_negotiated_group(self):
        pki = certs.shared_pki()
        ports = free_ports(2)
        servers = "".join(f"""
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {pki.dir / 'server.crt'};
        ssl_certificate_key {pki.dir / 'server.key'};
        ssl_ecdh_curve {curve};
        return 200 "$ssl_curve|$ssl_curves";
    }}""" for port, curve in zip(ports, ("prime256v1", "X25519")))
        with Nproxy(http_conf(servers), ports):
            answers = [fetch(port, "/", tls=tls_client_context(verify=False)).text for port in ports]
        # OpenSSL's short names, as nginx; $ssl_curves stays empty, as in nginx built with BoringSSL
        self.assertEqual(answers, ["prime256v1|", "X25519|"])


class PasswordFiles(unittest.TestCase):
    def test_an_http_level_fifo_is_read_once_for_every_server(self):
        """As nginx: a password file is read when its directive is parsed, so a FIFO fed once serves the
        servers that inherit it (reading it again per server would wait forever)."""
        pki = certs.shared_pki()
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            subprocess.run(["openssl", "pkey", "-in", str(pki.dir / "server.key"), "-aes128", "-passout",
                            "pass:secret", "-out", str(folder / "enc.key")], check=True, capture_output=True)
            fifo = folder / "password"
            os.mkfifo(fifo)
            feeder = threading.Thread(target=fifo.write_text, args=("wrong\nsecret\n",), daemon=True)
            feeder.start()
            ports = free_ports(2)
            servers = "".join(f"""
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {pki.dir / 'server.crt'};
        ssl_certificate_key {folder / 'enc.key'};
        location / {{ return 200 "served {port}"; }}
    }}""" for port in ports)
            try:
                with Nproxy(http_conf(f"ssl_password_file {fifo};" + servers), ports):
                    answers = [fetch(port, "/", tls=tls_client_context(pki.ca_crt), server_hostname="localhost").text
                               for port in ports]
            finally:
                # a writer still waiting for a reader (nproxy failed before reading) is let go
                os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
            feeder.join(timeout=5)
        self.assertEqual(answers, [f"served {port}" for port in ports])


if __name__ == "__main__":
    unittest.main()
