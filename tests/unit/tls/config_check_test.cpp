#include <catch2/catch.hpp>

#include "test_config.hpp"

using tls_test::check_error;
using tls_test::without_ssl_details;

namespace {

struct Fixture {
    tls_test::Pki pki;
    std::string conf = pki.path("nginx.conf");

    std::string p(const std::string& name) const { return pki.path(name); }
    // A server with a working certificate, plus `extra` directives.
    std::string server(const std::string& extra) const {
        return "server { listen 127.0.0.1:8443 ssl; ssl_certificate " + p("server.crt") + "; ssl_certificate_key " +
               p("server.key") + "; " + extra + " }";
    }
    std::string location(const std::string& extra) const {
        return "server { listen 127.0.0.1:8080; location / { proxy_pass https://127.0.0.1:9443; " + extra + " } }";
    }
    std::string error(const std::string& http) const { return without_ssl_details(check_error(pki.dir, http)); }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "a correct TLS configuration passes") {
    CHECK(check_error(pki.dir, server("ssl_verify_client on; ssl_client_certificate " + p("ca.crt") +
                                     "; ssl_crl " + p("crl.pem") + "; ssl_password_file " + p("garbage.pem") + ";")) ==
          "");
    CHECK(check_error(pki.dir, location("proxy_ssl_verify on; proxy_ssl_trusted_certificate " + p("ca.crt") +
                                        "; proxy_ssl_certificate " + p("client.crt") + "; proxy_ssl_certificate_key " +
                                        p("client.key") + ";")) == "");
}

TEST_CASE_METHOD(Fixture, "certificate and key files that cannot be loaded") {
    CHECK(error("server { listen 8443 ssl; ssl_certificate " + p("nope.crt") + "; ssl_certificate_key " +
                p("server.key") + "; }") == "cannot load certificate \"" + p("nope.crt") + "\": BIO_new_file() failed");
    CHECK(error("server { listen 8443 ssl; ssl_certificate " + p("server.crt") + "; ssl_certificate_key " +
                p("nope.key") + "; }") ==
          "cannot load certificate key \"" + p("nope.key") + "\": BIO_new_file() failed");
    CHECK(error("server { listen 8443 ssl; ssl_certificate " + p("garbage.pem") + "; ssl_certificate_key " +
                p("server.key") + "; }") ==
          "cannot load certificate \"" + p("garbage.pem") + "\": PEM_read_bio_X509_AUX() failed");
    CHECK(error("server { listen 8443 ssl; ssl_certificate " + p("server.crt") + "; ssl_certificate_key " +
                p("garbage.pem") + "; }") ==
          "cannot load certificate key \"" + p("garbage.pem") + "\": PEM_read_bio_PrivateKey() failed");
    CHECK(error("server { listen 8443 ssl; ssl_certificate " + p("server.crt") + "; ssl_certificate_key " +
                p("other.key") + "; }") == "SSL_CTX_use_PrivateKey(\"" + p("other.key") + "\") failed");
}

TEST_CASE_METHOD(Fixture, "the library's reasons follow in nginx's form") {
    std::string text = check_error(pki.dir, "server { listen 8443 ssl; ssl_certificate " + p("nope.crt") +
                                                "; ssl_certificate_key " + p("server.key") + "; }");
    CHECK_THAT(text, Catch::StartsWith("cannot load certificate \"" + p("nope.crt") +
                                       "\": BIO_new_file() failed (SSL: error:"));
    CHECK_THAT(text, Catch::EndsWith(")"));
}

TEST_CASE_METHOD(Fixture, "encrypted keys and password files") {
    std::string key = "ssl_certificate " + p("server.crt") + "; ssl_certificate_key " + p("enc.key") + ";";
    CHECK(error("server { listen 8443 ssl; " + key + " }") ==
          "cannot load certificate key \"" + p("enc.key") + "\": PEM_read_bio_PrivateKey() failed");
    pki.dir.write("bad.pass", "wrong\n");
    CHECK(error("server { listen 8443 ssl; " + key + " ssl_password_file " + p("bad.pass") + "; }") ==
          "cannot load certificate key \"" + p("enc.key") + "\": PEM_read_bio_PrivateKey() failed");
    pki.dir.write("good.pass", "wrong\r\n\nsecret\n");
    CHECK(error("server { listen 8443 ssl; " + key + " ssl_password_file " + p("good.pass") + "; }") == "");
    CHECK(error("server { listen 8443 ssl; " + key + "\nssl_password_file " + p("nope.pass") + "; }") ==
          "open() \"" + p("nope.pass") + "\" failed (2: No such file or directory) in " + conf + ":4");
}

TEST_CASE_METHOD(Fixture, "certificates without keys") {
    std::string crt = p("server.crt"), rsa = p("server-rsa.crt");
    CHECK(error("server { listen 8443; ssl_certificate " + crt + "; ssl_certificate " + rsa +
                "; ssl_certificate_key " + p("server.key") + "; }") ==
          "no \"ssl_certificate_key\" is defined for certificate \"" + rsa + "\"");
    CHECK(error("server { listen 8443;\nssl on; ssl_certificate " + crt + "; }") ==
          "no \"ssl_certificate_key\" is defined for the \"ssl\" directive in " + conf + ":4");
    CHECK(error("server { listen 8443;\nssl on; }") ==
          "no \"ssl_certificate\" is defined for the \"ssl\" directive in " + conf + ":4");
    CHECK(error("server { listen 8443;\nssl on; ssl_certificate " + crt + "; ssl_certificate " + rsa +
                "; ssl_certificate_key " + p("server.key") + "; }") ==
          "no \"ssl_certificate_key\" is defined for certificate \"" + rsa + "\" and the \"ssl\" directive in " +
              conf + ":4");
}

TEST_CASE_METHOD(Fixture, "client verification needs its CA file") {
    CHECK(error(server("ssl_verify_client on;")) == "no ssl_client_certificate for ssl_verify_client");
    CHECK(error(server("ssl_verify_client optional;")) == "no ssl_client_certificate for ssl_verify_client");
    CHECK(error(server("ssl_verify_client optional_no_ca;")) == "");
    CHECK(error(server("ssl_verify_client on; ssl_client_certificate " + p("nope.crt") + ";")) ==
          "SSL_CTX_load_verify_locations(\"" + p("nope.crt") + "\") failed");
    CHECK(error(server("ssl_verify_client on; ssl_client_certificate " + p("garbage.pem") + ";")) ==
          "SSL_CTX_load_verify_locations(\"" + p("garbage.pem") + "\") failed");
    CHECK(error(server("ssl_trusted_certificate " + p("nope.crt") + ";")) ==
          "SSL_CTX_load_verify_locations(\"" + p("nope.crt") + "\") failed");
}

TEST_CASE_METHOD(Fixture, "CRLs, ciphers and curves") {
    CHECK(error(server("ssl_crl " + p("nope.pem") + ";")) == "X509_LOOKUP_load_file(\"" + p("nope.pem") + "\") failed");
    CHECK(error(server("ssl_crl " + p("garbage.pem") + ";")) ==
          "X509_LOOKUP_load_file(\"" + p("garbage.pem") + "\") failed");
    CHECK(error(server("ssl_ciphers BOGUS;")) == "SSL_CTX_set_cipher_list(\"BOGUS\") failed");
    CHECK(error(server("ssl_ecdh_curve bogus;")) == "SSL_CTX_set1_curves_list(\"bogus\") failed");
    CHECK(error(server("ssl_ecdh_curve X25519:prime256v1;")) == "");
}

TEST_CASE_METHOD(Fixture, "session ticket key files") {
    pki.dir.write("t48.key", std::string(48, 'k'));
    pki.dir.write("t80.key", std::string(80, 'k'));
    pki.dir.write("t10.key", std::string(10, 'k'));
    CHECK(error(server("ssl_session_ticket_key " + p("t48.key") + "; ssl_session_ticket_key " + p("t80.key") + ";")) ==
          "");
    CHECK_THAT(error(server("\nssl_session_ticket_key " + p("t10.key") + ";")),
               Catch::StartsWith("\"" + p("t10.key") + "\" must be 48 or 80 bytes in " + conf + ":"));
    CHECK_THAT(error(server("\nssl_session_ticket_key " + p("nope.key") + ";")),
               Catch::StartsWith("open() \"" + p("nope.key") + "\" failed (2: No such file or directory) in "));
}

TEST_CASE_METHOD(Fixture, "upstream TLS settings of https locations") {
    CHECK(error(location("proxy_ssl_certificate " + p("client.crt") + ";")) ==
          "no \"proxy_ssl_certificate_key\" is defined for certificate \"" + p("client.crt") + "\"");
    CHECK(error(location("proxy_ssl_verify on;")) == "no proxy_ssl_trusted_certificate for proxy_ssl_verify");
    CHECK(error(location("proxy_ssl_verify on; proxy_ssl_ciphers BOGUS;")) ==
          "SSL_CTX_set_cipher_list(\"BOGUS\") failed");
    CHECK(error(location("proxy_ssl_verify on; proxy_ssl_trusted_certificate " + p("nope.crt") + ";")) ==
          "SSL_CTX_load_verify_locations(\"" + p("nope.crt") + "\") failed");
    CHECK(error(location("proxy_ssl_verify on; proxy_ssl_trusted_certificate " + p("ca.crt") + "; proxy_ssl_crl " +
                         p("garbage.pem") + ";")) == "X509_LOOKUP_load_file(\"" + p("garbage.pem") + "\") failed");
    // As nginx: CA and CRL files are read only when verification is on.
    CHECK(error(location("proxy_ssl_crl " + p("garbage.pem") + "; proxy_ssl_trusted_certificate " + p("nope.crt") +
                         ";")) == "");
    CHECK(error(location("proxy_ssl_certificate " + p("client.crt") + "; proxy_ssl_certificate_key " + p("nope.key") +
                         ";")) == "cannot load certificate key \"" + p("nope.key") + "\": BIO_new_file() failed");
    // A plain http:// proxy_pass builds no TLS context.
    CHECK(error("server { listen 8080; location / { proxy_pass http://127.0.0.1:9; proxy_ssl_certificate " +
                p("client.crt") + "; } }") == "");
}

TEST_CASE_METHOD(Fixture, "servers are checked before locations, each in order") {
    CHECK(error(location("proxy_ssl_ciphers BOGUS;") + "server { listen 8443 ssl; ssl_certificate " + p("nope.crt") +
                "; ssl_certificate_key " + p("server.key") + "; }") ==
          "cannot load certificate \"" + p("nope.crt") + "\": BIO_new_file() failed");
    CHECK(error(server("ssl_ciphers FIRST;") + server("ssl_ciphers SECOND;")) ==
          "SSL_CTX_set_cipher_list(\"FIRST\") failed");
}

TEST_CASE_METHOD(Fixture, "OCSP: stapling without a file warns, a file must hold a response, ssl_ocsp is refused") {
    auto warnings = [&](const std::string& http) {
        std::vector<std::string> texts;
        for (const auto& w : tls::check_config(tls_test::load_http(pki.dir, http).config)) texts.push_back(w.text());
        return texts;
    };
    CHECK(warnings(server("ssl_stapling on;")) ==
          std::vector<std::string>{"\"ssl_stapling\" ignored, OCSP responses are not fetched (only an "
                                   "\"ssl_stapling_file\" is stapled)"});
    CHECK(warnings(server("ssl_stapling off;")).empty());
    CHECK(error(server("ssl_stapling on; ssl_stapling_file " + p("server.crt") + ";")) ==
          "d2i_OCSP_RESPONSE_bio(\"" + p("server.crt") + "\") failed");
    CHECK(error(server("ssl_stapling on; ssl_stapling_file " + p("nope.der") + ";")) ==
          "BIO_new_file(\"" + p("nope.der") + "\") failed");
    CHECK(error(server("ssl_stapling off; ssl_stapling_file " + p("nope.der") + ";")) == "");  // as nginx: unread
    CHECK(error(server("ssl_verify_client on; ssl_client_certificate " + p("ca.crt") + "; ssl_ocsp leaf;")) ==
          "\"ssl_ocsp\" is not supported on this platform");
    CHECK(error(server("ssl_verify_client optional_no_ca; ssl_ocsp on;")) ==
          "\"ssl_ocsp\" is incompatible with \"ssl_verify_client optional_no_ca\"");
}
