"""A richer test PKI for the integration tests, made with the openssl CLI (all keys ECDSA P-256).

    pki = certs.make_pki(directory)      # or certs.shared_pki() for one PKI per test process
    pki.ca_crt, pki.server_crt, pki.client_pem, ...

What it writes into the directory:

    ca.crt ca.key                 the test root CA ("nproxy test CA")
    inter.crt inter.key           an intermediate CA signed by the root
    server.crt server.key         a server certificate signed by the root; SANs: backend.example.com,
                                  backend1.example.com, backend2.example.com, localhost, 127.0.0.1
    chain.crt chain.key           a server certificate signed by the intermediate (same SANs);
                                  chain.crt holds the leaf followed by the intermediate
    wrongname.crt wrongname.key   signed by the root, only for wrong.example.com
    expired.crt expired.key       signed by the root, same SANs as server.crt, expired in 2020
    future.crt future.key         signed by the root, same SANs as server.crt, valid only from 2099
    revoked.crt revoked.key       signed by the root, same SANs as server.crt, revoked by ca.crl
    ca.crl                        the root's CRL, listing revoked.crt
    selfsigned.crt/.key           self-signed, same SANs as server.crt
    a.crt a.key / b.crt b.key     signed by the root, for a.example.com / b.example.com (SNI tests)
    client.pem client.key         the proxy's client certificate, signed by the root ("nproxy proxy client")
    soon_client.pem/.key          the same, but valid for 10 days only
    other_ca.crt other_ca.key     another CA ("other test CA") that trusts nothing of the above
    other_server.crt/.key         a server certificate signed by the other CA (same SANs as server.crt)
    other_client.pem/.key         a client certificate signed by the other CA ("other client")
"""

import functools
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SERVER_SANS = ("DNS:backend.example.com,DNS:backend1.example.com,DNS:backend2.example.com,"
               "DNS:localhost,IP:127.0.0.1")
CLIENT_SUBJECT = "/O=nproxy test/CN=nproxy proxy client"
OTHER_CLIENT_SUBJECT = "/O=other test/CN=other client"

_LEAF_SERVER = """basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName={sans}
"""
_LEAF_CLIENT = """basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
"""
_SUB_CA = """basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
"""

# `openssl ca` is the only 3.0 command that sets explicit validity dates, and it keeps the database that
# revocation and CRLs need.
_CA_CONF = """[ca]
default_ca = test_ca
[test_ca]
database = {dir}/index.txt
new_certs_dir = {dir}
serial = {dir}/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
preserve = yes
[anything]
organizationName = optional
commonName = supplied
"""


def _run(*args, cwd):
    result = subprocess.run(["openssl", *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} failed: {result.stderr}")


@dataclass(frozen=True)
class Pki:
    dir: Path

    def __getattr__(self, name):
        # pki.server_crt -> DIR/server.crt, pki.client_pem -> DIR/client.pem
        stem, _, ext = name.rpartition("_")
        if ext in ("crt", "key", "pem", "crl") and stem:
            return self.dir / f"{stem}.{ext}"
        raise AttributeError(name)


class _Maker:
    def __init__(self, directory: Path):
        self.dir = directory

    def key(self, name):
        _run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f"{name}.key",
             cwd=self.dir)

    def root(self, name, subject):
        self.key(name)
        _run("req", "-x509", "-new", "-key", f"{name}.key", "-sha256", "-days", "3650", "-subj", subject,
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             "-addext", "subjectKeyIdentifier=hash", "-out", f"{name}.crt", cwd=self.dir)

    def csr(self, name, subject):
        self.key(name)
        _run("req", "-new", "-key", f"{name}.key", "-subj", subject, "-out", f"{name}.csr", cwd=self.dir)

    def sign(self, name, subject, ca, ext, out=None, days=825):
        self.csr(name, subject)
        (self.dir / f"{name}.ext").write_text(ext)
        _run("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key", "-set_serial",
             "0x" + _serial(), "-sha256", "-days", str(days), "-extfile", f"{name}.ext",
             "-out", out or f"{name}.crt", cwd=self.dir)

    def ca_database(self, name):
        """A throwaway `openssl ca` database folder and its config (for dates, revocation and CRLs)."""
        ca_dir = self.dir / f".{name}-ca"
        ca_dir.mkdir()
        (ca_dir / "index.txt").write_text("")
        (ca_dir / "serial").write_text(_serial() + "\n")
        (ca_dir / "ca.conf").write_text(_CA_CONF.format(dir=ca_dir))
        return ca_dir

    def sign_dated(self, name, subject, ca, ext, start, end, ca_dir):
        self.csr(name, subject)
        (self.dir / f"{name}.ext").write_text(ext)
        _run("ca", "-batch", "-config", str(ca_dir / "ca.conf"), "-cert", f"{ca}.crt", "-keyfile", f"{ca}.key",
             "-in", f"{name}.csr", "-out", f"{name}.crt", "-notext", "-extfile", f"{name}.ext",
             "-startdate", start, "-enddate", end, cwd=self.dir)

    def revoked_with_crl(self, name, subject, ca, ext):
        """`name`.crt signed by `ca`, then revoked; `ca`.crl lists it."""
        ca_dir = self.ca_database(name)
        self.sign_dated(name, subject, ca, ext, "20240101000000Z", "20990101000000Z", ca_dir)
        ca_args = ("-config", str(ca_dir / "ca.conf"), "-cert", f"{ca}.crt", "-keyfile", f"{ca}.key")
        _run("ca", *ca_args, "-revoke", f"{name}.crt", cwd=self.dir)
        _run("ca", *ca_args, "-gencrl", "-crldays", "30", "-out", f"{ca}.crl", cwd=self.dir)
        shutil.rmtree(ca_dir)

    def self_signed(self, name, subject, sans):
        self.key(name)
        _run("req", "-x509", "-new", "-key", f"{name}.key", "-sha256", "-days", "825", "-subj", subject,
             "-addext", f"subjectAltName={sans}", "-out", f"{name}.crt", cwd=self.dir)


def _serial():
    return secrets.token_hex(16)


def make_pki(directory) -> Pki:
    """Writes the whole test PKI into `directory` (created if missing) and returns a Pki for it."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    m = _Maker(d)
    server = _LEAF_SERVER.format(sans=SERVER_SANS)
    m.root("ca", "/O=nproxy test/CN=nproxy test CA")
    m.root("other_ca", "/O=other test/CN=other test CA")
    m.sign("inter", "/O=nproxy test/CN=nproxy test intermediate CA", "ca", _SUB_CA)
    m.sign("server", "/O=nproxy test/CN=backend1.example.com", "ca", server)
    m.sign("chain", "/O=nproxy test/CN=chained backend", "inter", server, out="chain_leaf.crt")
    (d / "chain.crt").write_text((d / "chain_leaf.crt").read_text() + (d / "inter.crt").read_text())
    m.sign("wrongname", "/O=nproxy test/CN=wrong.example.com", "ca",
           _LEAF_SERVER.format(sans="DNS:wrong.example.com"))
    dates = m.ca_database("dates")
    m.sign_dated("expired", "/O=nproxy test/CN=expired backend", "ca", server,
                 "20200101000000Z", "20200201000000Z", dates)
    m.sign_dated("future", "/O=nproxy test/CN=future backend", "ca", server,
                 "20990101000000Z", "20991231000000Z", dates)
    shutil.rmtree(dates)
    m.revoked_with_crl("revoked", "/O=nproxy test/CN=revoked backend", "ca", server)
    m.self_signed("selfsigned", "/O=nproxy test/CN=self-signed backend", SERVER_SANS)
    m.sign("a", "/O=nproxy test/CN=a.example.com", "ca", _LEAF_SERVER.format(sans="DNS:a.example.com"))
    m.sign("b", "/O=nproxy test/CN=b.example.com", "ca", _LEAF_SERVER.format(sans="DNS:b.example.com"))
    m.sign("client", CLIENT_SUBJECT, "ca", _LEAF_CLIENT, out="client.pem")
    m.sign("soon_client", CLIENT_SUBJECT, "ca", _LEAF_CLIENT, out="soon_client.pem", days=10)
    m.sign("other_server", "/O=other test/CN=other backend", "other_ca", server)
    m.sign("other_client", OTHER_CLIENT_SUBJECT, "other_ca", _LEAF_CLIENT, out="other_client.pem")
    for leftover in list(d.glob("*.csr")) + list(d.glob("*.ext")):
        leftover.unlink()
    return Pki(d)


_shared_dir = None


@functools.cache
def shared_pki() -> Pki:
    """One PKI for this test process (made on first use, removed at exit)."""
    global _shared_dir
    _shared_dir = tempfile.TemporaryDirectory(prefix="nproxy-pki-")
    return make_pki(_shared_dir.name)


if __name__ == "__main__":
    import sys
    print(make_pki(sys.argv[1] if len(sys.argv) > 1 else "pki").dir)
