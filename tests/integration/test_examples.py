"""The examples/ configurations under `nproxy -t`, with the messages nginx prints for them."""

import tempfile
import unittest
from pathlib import Path

from nproxy_testlib import (EXAMPLES_DIR, Prefix, can_replace_etc_hosts, config_test, nginx_line,
                            notice_line, resolves)

SEED = EXAMPLES_DIR / "seed-as-printed.conf"
SECURE_UPSTREAM = EXAMPLES_DIR / "secure-upstream.conf"

# Where the article's example goes wrong. nginx resolves the names in `server NAME:PORT` of an upstream
# block while it parses, so it stops at line 4 or 5 when a backend's name does not resolve. When both do,
# it reaches the second backend's `server {` (line 41), which the missing `}` puts inside the first one.
BACKENDS = ((4, "backend1.example.com"), (5, "backend2.example.com"))
MISPLACED_SERVER_LINE = 41


def expected_seed_error(resolving):
    """nginx's [emerg] message for the seed file, given which backend names resolve."""
    for line, host in BACKENDS:
        if host not in resolving:
            return f'host not found in upstream "{host}:443" in {SEED}:{line}'
    return f'"server" directive is not allowed here in {SEED}:{MISPLACED_SERVER_LINE}'


class SeedAsPrinted(unittest.TestCase):
    def assert_rejected_with(self, code, lines, message):
        self.assertEqual(code, 1, lines)
        self.assertEqual(len(lines), 2, lines)
        self.assertRegex(lines[0], "^" + nginx_line("emerg", message).pattern + "$")
        self.assertRegex(lines[1], "^" + notice_line(f"configuration file {SEED} test failed").pattern + "$")

    def test_file_is_the_article_example_with_its_missing_brace(self):
        lines = SEED.read_text().splitlines()
        self.assertEqual(lines[0], "http {")
        for line, host in BACKENDS:
            self.assertEqual(lines[line - 1].strip(), f"server {host}:443;")
        self.assertEqual(lines[MISPLACED_SERVER_LINE - 1], "    server {")
        self.assertEqual(lines[MISPLACED_SERVER_LINE - 2], "")

    def test_rejected_at_line_41_when_backend_names_resolve(self):
        if not can_replace_etc_hosts():
            self.skipTest("needs root and a working `unshare -m` to give nproxy a private /etc/hosts")
        with Prefix() as prefix, tempfile.TemporaryDirectory() as tmp:
            hosts = Path(tmp) / "hosts"
            hosts.write_text("127.0.0.1 localhost\n"
                             "127.0.0.2 backend1.example.com backend2.example.com\n")
            code, lines = config_test(SEED, prefix, hosts_file=hosts)
        self.assert_rejected_with(code, lines, expected_seed_error({h for _, h in BACKENDS}))

    def test_rejected_at_line_5_when_only_backend2_does_not_resolve(self):
        if not can_replace_etc_hosts():
            self.skipTest("needs root and a working `unshare -m` to give nproxy a private /etc/hosts")
        if resolves("backend2.example.com"):
            self.skipTest("backend2.example.com resolves through DNS here, not only through /etc/hosts")
        with Prefix() as prefix, tempfile.TemporaryDirectory() as tmp:
            hosts = Path(tmp) / "hosts"
            hosts.write_text("127.0.0.1 localhost\n127.0.0.2 backend1.example.com\n")
            code, lines = config_test(SEED, prefix, hosts_file=hosts)
        self.assert_rejected_with(code, lines, expected_seed_error({"backend1.example.com"}))

    def test_rejected_as_nginx_would_on_this_machine(self):
        resolving = {host for _, host in BACKENDS if resolves(host)}
        with Prefix() as prefix:
            code, lines = config_test(SEED, prefix)
        self.assert_rejected_with(code, lines, expected_seed_error(resolving))


class SecureUpstream(unittest.TestCase):
    def test_accepted_with_generated_certificates(self):
        with Prefix() as prefix:
            prefix.add_certs()
            conf = prefix.copy_in(SECURE_UPSTREAM)
            # -c relative to the prefix, as scripts/demo runs it.
            # --strict: not even a TLS warning (nproxy's doctor finds nothing to say)
            code, lines = config_test("secure-upstream.conf", prefix, extra_args=("--strict",))
        self.assertEqual(code, 0, lines)
        self.assertEqual(len(lines), 2, lines)
        self.assertRegex(lines[0], "^" + notice_line(f"the configuration file {conf} syntax is ok").pattern + "$")
        self.assertRegex(lines[1], "^" + notice_line(f"configuration file {conf} test is successful").pattern + "$")

    def test_keeps_every_directive_of_the_article_example(self):
        def directives(path):
            names = set()
            for line in path.read_text().splitlines():
                line = line.strip()
                if line and not line.startswith("#") and line != "}":
                    names.add(line.split()[0].rstrip(";"))
            return names

        missing = directives(SEED) - directives(SECURE_UPSTREAM)
        self.assertEqual(missing, set())


if __name__ == "__main__":
    unittest.main()
