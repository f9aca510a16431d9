"""OCSP stapling on ssl listeners: the response an ssl_stapling_file names is stapled to the handshakes of
clients that ask for one (as nginx stapled it with OpenSSL), a file that holds no OCSP response fails -t,
and ssl_stapling without a file is accepted and does nothing.

Beyond nginx built with OpenSSL, which nproxy's BoringSSL is not: "ssl_ocsp" (OCSP checks of client
certificates) fails -t as it does for nginx built with BoringSSL, rather than letting revoked client
certificates in; that test is skipped when this file runs against nginx (NPROXY=/usr/sbin/nginx)."""

import subprocess
import tempfile
import unittest
from pathlib import Path

import certs
from nproxy_testlib import Nproxy, config_test, free_port, http_conf, nproxy_binary

AGAINST_NGINX = nproxy_binary().name == "nginx"


def ocsp_response(pki, out: Path):
    """A DER OCSP response for server.crt, signed by the CA (status "unknown": its database is empty)."""
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index.txt"
        index.write_text("")
        request = Path(tmp) / "request.der"
        subprocess.run(["openssl", "ocsp", "-issuer", pki.ca_crt, "-cert", pki.server_crt, "-no_nonce",
                        "-reqout", request], check=True, capture_output=True)
        subprocess.run(["openssl", "ocsp", "-index", index, "-rsigner", pki.ca_crt, "-rkey", pki.ca_key,
                        "-CA", pki.ca_crt, "-reqin", request, "-respout", out, "-ndays", "1"],
                       check=True, capture_output=True)


def emerg(message, line):
    """`line` is an [emerg] with `message` (nginx writes this one through its log, with a time stamp)."""
    return "[emerg]" in line and message in line


def stapled(port):
    """What `openssl s_client -status` says of the stapled response."""
    result = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-status",
                             "-servername", "backend1.example.com"],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    return result.stdout


def server_block(pki, port, lines):
    return f"""
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {pki.server_crt};
        ssl_certificate_key {pki.server_key};
        {lines}
        location / {{ return 200 ok; }}
    }}"""


class Stapling(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = certs.shared_pki()
        cls.tmp = cls.enterClassContext(tempfile.TemporaryDirectory())
        cls.response = Path(cls.tmp) / "ocsp.der"
        ocsp_response(cls.pki, cls.response)
        cls.with_file, cls.without_file, cls.off = free_port(), free_port(), free_port()
        conf = http_conf(
            server_block(cls.pki, cls.with_file, f"ssl_stapling on; ssl_stapling_file {cls.response}; "
                                                 "ssl_stapling_verify on;")
            + server_block(cls.pki, cls.without_file, "ssl_stapling on; ssl_stapling_responder http://127.0.0.1:9/;")
            + server_block(cls.pki, cls.off, f"ssl_stapling off; ssl_stapling_file {cls.response};"))
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.with_file, cls.without_file, cls.off]))

    def test_the_file_is_stapled(self):
        said = stapled(self.with_file)
        self.assertIn("OCSP Response Status: successful", said)
        self.assertIn("Cert Status: unknown", said)

    def test_nothing_is_stapled_without_a_file_or_with_stapling_off(self):
        self.assertIn("OCSP response: no response sent", stapled(self.without_file))
        self.assertIn("OCSP response: no response sent", stapled(self.off))


class StaplingTest(unittest.TestCase):
    """-t on the OCSP directives."""

    def check(self, lines):
        pki = certs.shared_pki()
        with tempfile.TemporaryDirectory() as prefix:
            conf = Path(prefix) / "nginx.conf"
            (Path(prefix) / "logs").mkdir()
            conf.write_text(http_conf(server_block(pki, free_port(), lines)))
            return config_test(conf, prefix)

    def test_a_file_without_an_ocsp_response_fails(self):
        code, lines = self.check(f"ssl_stapling on; ssl_stapling_file {certs.shared_pki().server_crt};")
        self.assertEqual(code, 1)
        self.assertTrue(any("d2i_OCSP_RESPONSE_bio(\"" + str(certs.shared_pki().server_crt) + "\") failed" in line
                            for line in lines), lines)

    def test_a_missing_file_fails(self):
        code, lines = self.check("ssl_stapling on; ssl_stapling_file /nonexistent/ocsp.der;")
        self.assertEqual(code, 1)
        self.assertTrue(any('BIO_new_file("/nonexistent/ocsp.der") failed' in line for line in lines), lines)

    def test_the_other_directives_are_read_as_nginx_reads_them(self):
        code, lines = self.check("ssl_stapling on; ssl_stapling_verify on; ssl_ocsp_cache shared:OCSP:1m; "
                                 "ssl_ocsp_responder http://127.0.0.1:9/; ssl_ocsp off;")
        self.assertEqual(code, 0, lines)
        code, lines = self.check("ssl_ocsp_cache shared:OCSP:1k;")
        self.assertEqual(code, 1)
        self.assertTrue(any(emerg('OCSP cache "shared:OCSP:1k" is too small', line) for line in lines), lines)
        code, lines = self.check("ssl_ocsp_cache nope;")
        self.assertTrue(any(emerg('invalid OCSP cache "nope"', line) for line in lines), lines)
        code, lines = self.check("ssl_stapling maybe;")
        self.assertEqual(code, 1)

    @unittest.skipIf(AGAINST_NGINX, "nginx built with OpenSSL checks client certificates by OCSP")
    def test_ssl_ocsp_is_refused(self):
        code, lines = self.check(f"ssl_verify_client on; ssl_client_certificate {certs.shared_pki().ca_crt}; "
                                 "ssl_ocsp on;")
        self.assertEqual(code, 1)
        self.assertTrue(any('"ssl_ocsp" is not supported on this platform' in line for line in lines), lines)


if __name__ == "__main__":
    unittest.main()
