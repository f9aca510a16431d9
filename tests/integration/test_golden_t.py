"""Golden tests for `nproxy -t`: every tests/golden/t/NAME.conf is checked in a fresh prefix and its
normalised output compared with NAME.expected (what nginx 1.22 printed, see scripts/regen-golden), or with
NAME.nproxy-expected where nproxy differs from nginx on purpose ("not supported by nproxy", include loops).

Environment: NPROXY = the binary, NPROXY_SOURCE_DIR = the repository.
A NAME.d/ folder beside a config is copied into the prefix's conf/ (for includes); "{P}" in a config is the
prefix path (ending in '/'). Normalised as /work/shared/tools/compare-t does: program name, time stamp and
pid#tid removed, the prefix shown as {P}, "(SSL: ...)" cut, warnings and notices dropped, first line "exit N".
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

SOURCE_DIR = os.environ.get("NPROXY_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CASES_DIR = os.path.join(SOURCE_DIR, "tests", "golden", "t")



def normalise(text, prefix):
    out = []
    for line in text.splitlines():
        line = line.replace(prefix, "{P}")
        line = re.sub(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ", "", line)
        line = re.sub(r"^[\w.-]+: (?=\[|the configuration|configuration)", "", line)
        line = re.sub(r"(\[\w+\]) \d+#\d+: ", r"\1 ", line)
        if re.search(r"\[(emerg|alert|crit)\]|syntax is ok|test is successful|test failed", line):
            out.append(re.sub(r"\s*\(SSL:.*$", "", line).rstrip())
    return out


def run_t(binary, conf):
    """Runs BINARY -t on CONF in a fresh prefix; returns the normalised lines, "exit N" first."""
    with tempfile.TemporaryDirectory(prefix="golden-t-") as tmp:
        prefix = tmp + "/"
        os.makedirs(prefix + "conf")
        os.makedirs(prefix + "logs")
        extra = conf[:-5] + ".d"
        if os.path.isdir(extra):
            shutil.copytree(extra, prefix + "conf", dirs_exist_ok=True)
        with open(conf, encoding="latin-1") as f:
            text = f.read().replace("{P}", prefix)
        with open(prefix + "conf/nginx.conf", "w", encoding="latin-1", newline="") as f:
            f.write(text)
        p = subprocess.run([binary, "-t", "-p", prefix, "-c", "conf/nginx.conf"], capture_output=True,
                           text=True, errors="replace", timeout=60)
        return ["exit %d" % (0 if p.returncode == 0 else 1)] + normalise(p.stdout + p.stderr, tmp)


def case_names():
    return sorted(n[:-5] for n in os.listdir(CASES_DIR) if n.endswith(".conf"))


def expected_lines(name):
    for suffix in (".nproxy-expected", ".expected"):
        path = os.path.join(CASES_DIR, name + suffix)
        if os.path.exists(path):
            with open(path) as f:
                return f.read().splitlines()
    return None


class GoldenConfigTest(unittest.TestCase):
    def test_cases(self):
        binary = os.environ.get("NPROXY")
        if not binary:
            self.skipTest("NPROXY is not set")
        names = case_names()
        self.assertGreater(len(names), 0)
        passed = 0
        for name in names:
            with self.subTest(case=name):
                want = expected_lines(name)
                self.assertIsNotNone(want, "no .expected for " + name + " (run scripts/regen-golden)")
                got = run_t(binary, os.path.join(CASES_DIR, name + ".conf"))
                self.assertEqual(want, got)
                passed += 1
        print("\ngolden -t: %d of %d cases passed" % (passed, len(names)))


if __name__ == "__main__":
    unittest.main()
