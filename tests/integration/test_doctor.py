"""nproxy -t's TLS doctor (beyond nginx): each diagnosis, with the test PKI's certificates, as the [warn]
line it prints; warnings leave the exit status 0 unless --strict is given. A configuration with nothing to
say prints nothing more than nginx would."""

import re
import unittest

import certs
from nproxy_testlib import Nproxy, Prefix, config_test, free_ports, http_conf
from test_proxy_tls import backend_server


def backend(port, *, cert="server", names="backend.example.com"):
    """An ssl server of the same configuration that checks client certificates (test_proxy_tls's)."""
    return backend_server(port, names, verify="on", cert=cert)


def front(port, group, lines):
    return f"""
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass https://{group};
            {lines}
        }}
    }}"""


def verified(client="client.pem", client_key="client.key", **extra):
    pki = certs.shared_pki()
    settings = {
        "proxy_ssl_verify": "on",
        "proxy_ssl_server_name": "on",
        "proxy_ssl_trusted_certificate": pki.ca_crt,
        "proxy_ssl_certificate": client and pki.dir / client,
        "proxy_ssl_certificate_key": client_key and pki.dir / client_key,
    }
    settings.update(extra)
    return "".join(f"{k} {v}; " for k, v in settings.items() if v is not None)


class Doctor(unittest.TestCase):
    def diagnose(self, http_body, *args):
        conf = "events {}\nhttp {\n" + http_body + "\n}\n"
        with Prefix() as prefix:
            path = prefix.write("conf/nginx.conf", conf)
            code, lines = config_test(path, prefix, extra_args=args)
        warnings = [re.sub(r" in \S+:(\d+)$", r" @\1", l.split("[warn] ", 1)[1]) for l in lines if "[warn]" in l]
        return code, warnings, lines

    def upstream(self, name="backend.example.com", port=18443):
        return f"upstream {name} {{ server 127.0.0.1:{port}; }}\n"

    def test_a_sound_configuration_gets_no_warning_even_strict(self):
        code, warnings, lines = self.diagnose(self.upstream() + backend(18443) + front(18080, "backend.example.com",
                                                                                    verified()), "--strict")
        self.assertEqual((code, warnings), (0, []), lines)
        self.assertEqual(len(lines), 2)

    def test_verify_off(self):
        code, warnings, _ = self.diagnose(self.upstream() + front(18080, "backend.example.com", ""))
        self.assertEqual(code, 0)
        self.assertEqual(warnings, ['"proxy_pass https://backend.example.com" does not authenticate the upstream '
                                    '(proxy_ssl_verify is off): add "proxy_ssl_verify on;" and '
                                    '"proxy_ssl_trusted_certificate" with the CA that signs its certificate @8'])

    def test_strict_fails_on_a_warning(self):
        code, _, lines = self.diagnose(self.upstream() + front(18080, "backend.example.com", ""), "--strict")
        self.assertEqual(code, 1)
        self.assertRegex(lines[-1], r"test failed \(--strict: 1 warning\)$")

    def test_no_sni_and_a_group_name_without_a_dot(self):
        code, warnings, _ = self.diagnose(self.upstream("backend") + backend(18443) + front(
            18080, "backend", verified(proxy_ssl_server_name=None)))
        self.assertEqual(len(warnings), 3, warnings)
        self.assertRegex(warnings[0], r'^no SNI is sent to "backend" \(proxy_ssl_server_name is off\)')
        self.assertRegex(warnings[1], r'^the upstream\'s certificate is checked against the name "backend" of the '
                                      r'upstream block')
        # and the in-configuration backend's certificate indeed does not carry that name
        self.assertRegex(warnings[2], r"^the certificate of the server at 127\.0\.0\.1:18443 \(.*:\d+\) will fail "
                                      r"verification here: \(62:")

    def test_a_depth_too_short_names_the_depth_needed(self):
        code, warnings, _ = self.diagnose(self.upstream() + backend(18443, cert="chain") + front(
            18080, "backend.example.com", verified(proxy_ssl_verify_depth=0)))
        self.assertEqual(len(warnings), 1, warnings)
        self.assertRegex(warnings[0], r'will fail verification here: \(\d+:[^)]+\); it would verify with '
                                      r'"proxy_ssl_verify_depth 1" @\d+$')

    def test_a_backend_that_wants_a_client_certificate_and_gets_none(self):
        code, warnings, _ = self.diagnose(self.upstream() + backend(18443) + front(
            18080, "backend.example.com", verified(client=None, client_key=None)))
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn('asks for a client certificate (ssl_verify_client) and this location sends none', warnings[0])

    def test_a_client_certificate_the_backend_will_refuse(self):
        code, warnings, _ = self.diagnose(self.upstream() + backend(18443) + front(
            18080, "backend.example.com", verified(client="other_client.pem", client_key="other_client.key")))
        self.assertEqual(len(warnings), 1, warnings)
        self.assertRegex(warnings[0], r'^the client certificate ".*other_client\.pem" will be refused by the server '
                                      r'at 127\.0\.0\.1:18443 .*: \(20:unable to get local issuer certificate\)')

    def test_client_certificate_expiry_and_usage(self):
        code, warnings, _ = self.diagnose(self.upstream() + front(
            18080, "backend.example.com", verified(client="expired.crt", client_key="expired.key")))
        self.assertEqual(len(warnings), 2, warnings)
        self.assertRegex(warnings[0], r'^the client certificate ".*expired\.crt" has expired \(/O=nproxy test/CN=expired')
        self.assertRegex(warnings[1], r"does not allow client authentication \(its extended key usage lacks clientAuth\)")
        code, warnings, _ = self.diagnose(self.upstream() + front(
            18080, "backend.example.com", verified(client="soon_client.pem", client_key="soon_client.key")))
        self.assertEqual(len(warnings), 1, warnings)
        self.assertRegex(warnings[0], r'^the client certificate ".*soon_client\.pem" expires in (9|10) days')

    def test_server_certificates_dates_and_names(self):
        code, warnings, _ = self.diagnose(backend(18443, cert="future", names="backend.example.com www.other.test")
                                          + backend(18444, cert="expired"))
        self.assertEqual(len(warnings), 3, warnings)
        self.assertRegex(warnings[0], r'^the certificate ".*future\.crt" is not valid yet')
        self.assertRegex(warnings[1], r'^no certificate of this server covers its name "www\.other\.test"')
        self.assertRegex(warnings[2], r'^the certificate ".*expired\.crt" has expired')



class Probe(unittest.TestCase):
    def probe(self, front_lines, backends_up, peers):
        pki = certs.shared_pki()
        servers = "".join(f"server 127.0.0.1:{p}; " for p in peers)
        conf = f"events {{}}\nhttp {{\nupstream backend.example.com {{ {servers} }}\n" + front(18080, "backend.example.com", front_lines) + "\n}\n"
        backends = http_conf("".join(backend_server(p, "backend.example.com", verify="on") for p in backends_up))
        with Nproxy(backends, backends_up), Prefix() as prefix:
            path = prefix.write("conf/nginx.conf", conf)
            code, lines = config_test(path, prefix, extra_args=("--probe",))
        probes = [l for l in lines if "probe of" in l]
        return code, probes, lines

    def test_each_peer_gets_a_line(self):
        up, down = free_ports(2)
        code, probes, lines = self.probe(verified(), [up], [up, down])
        self.assertEqual(code, 0, lines)
        self.assertEqual(len(probes), 2, lines)
        self.assertRegex(probes[0], rf'\[notice\] probe of 127\.0\.0\.1:{up} for "proxy_pass https://backend\.example\.com": '
                                    r'TLSv1\.[23] \S+, certificate "/O=nproxy test/CN=backend1\.example\.com" until .*, '
                                    r'verified, client certificate asked for and sent, answered "HTTP/1\.1 200 OK", '
                                    r'session resumed on a second connection in \S+:\d+$')
        self.assertRegex(probes[1], rf'\[warn\] probe of 127\.0\.0\.1:{down} .*: unreachable \(111: Connection refused\)')

    def test_a_probe_that_fails_verification_or_sends_no_certificate(self):
        (up,) = free_ports(1)
        pki = certs.shared_pki()
        code, probes, lines = self.probe(verified(proxy_ssl_trusted_certificate=pki.other_ca_crt), [up], [up])
        self.assertRegex(probes[0], r"\[warn\] .*: handshake failed: upstream SSL certificate verify error: \(\d+:")
        code, probes, lines = self.probe(verified(client=None, client_key=None), [up], [up])
        self.assertRegex(probes[0], r'\[warn\] .*, client certificate asked for, none sent \(no proxy_ssl_certificate\), '
                                    r'answered "HTTP/1\.1 400 Bad Request"')
        self.assertEqual(self.probe(verified(client=None, client_key=None), [up], [up])[0], 0)  # warnings only


if __name__ == "__main__":
    unittest.main()
