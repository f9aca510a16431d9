#include <catch2/catch.hpp>

#include "tls/boringssl.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "test_config.hpp"
#include "test_handshake.hpp"
#include "tls/client_context.hpp"
#include "tls/server_context.hpp"

namespace {

struct Fixture {
    tls_test::Pki pki;
    std::string p(const std::string& name) const { return pki.path(name); }

    // The server's context and a client context that trusts the test CA and presents `client_cert`.
    struct Contexts {
        confparse::Loaded loaded;
        std::unique_ptr<tls::ServerContext> server;
        std::unique_ptr<tls::ClientContext> client;
    };
    Contexts build(const std::string& server_extra, const std::string& client_cert = "",
                   const std::string& client_extra = "") {
        std::string client = "proxy_ssl_verify on; proxy_ssl_trusted_certificate " + p("ca.crt") + "; " +
                             (client_extra.find("depth") == std::string::npos ? "proxy_ssl_verify_depth 2; " : "") +
                             client_extra;
        if (!client_cert.empty()) {
            client += " proxy_ssl_certificate " + p(client_cert + ".crt") + "; proxy_ssl_certificate_key " +
                      p(client_cert + ".key") + ";";
        }
        Contexts c;
        c.loaded = tls_test::load_http(pki.dir, "server { listen 8443 ssl; ssl_certificate " + p("server.crt") +
                                                    "; ssl_certificate_key " + p("server.key") + "; " +
                                                    server_extra + " location / { proxy_pass https://localhost:9; " +
                                                    client + " } }");
        const confparse::Server& server = c.loaded.config.http->servers.at(0);
        c.server = std::make_unique<tls::ServerContext>(server.scope);
        c.client = std::make_unique<tls::ClientContext>(server.locations.at(0).scope);
        return c;
    }
};

struct Connection {
    bssl::UniquePtr<SSL> client, server;
    bool ok = false;
    Connection(const tls::ClientContext& c, const tls::ServerContext& s, const std::string& name = "localhost",
               SSL_SESSION* session = nullptr)
        : client(c.new_connection(name, true)), server(SSL_new(s.native())) {
        if (session) SSL_set_session(client.get(), session);
        ok = tls_test::handshake(client.get(), server.get());
    }
};

// A session from `first` resumes at `same` and not at `other` (TLS 1.2 tickets, each context its own cache).
void check_resumption(const Fixture::Contexts& first, const Fixture::Contexts& same, const Fixture::Contexts& other) {
    Connection initial(*first.client, *first.server);
    REQUIRE(initial.ok);
    bssl::UniquePtr<SSL_SESSION> session(SSL_get1_session(initial.client.get()));
    REQUIRE(session);

    Connection resumed(*same.client, *same.server, "localhost", session.get());
    REQUIRE(resumed.ok);
    CHECK(SSL_session_reused(resumed.server.get()));

    Connection full(*other.client, *other.server, "localhost", session.get());
    REQUIRE(full.ok);
    CHECK_FALSE(SSL_session_reused(full.server.get()));
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a client verifies the server's chain and name") {
    auto c = build("");
    Connection good(*c.client, *c.server);
    CHECK(good.ok);
    CHECK(SSL_get_verify_result(good.client.get()) == X509_V_OK);

    Connection wrong_name(*c.client, *c.server, "other.test");
    CHECK_FALSE(wrong_name.ok);
    CHECK(SSL_get_verify_result(wrong_name.client.get()) == X509_V_ERR_HOSTNAME_MISMATCH);
}

// Depth as OpenSSL (and so nginx) counts it: intermediates between the peer and the trust anchor.
TEST_CASE_METHOD(Fixture, "proxy_ssl_verify_depth 1 (the default) reaches past one intermediate, 0 does not") {
    auto one = build("", "", "proxy_ssl_verify_depth 1;");
    Connection through(*one.client, *one.server);
    CHECK(through.ok);
    auto zero = build("", "", "proxy_ssl_verify_depth 0;");
    Connection stopped(*zero.client, *zero.server);
    CHECK_FALSE(stopped.ok);
    CHECK(SSL_get_verify_result(stopped.client.get()) == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
}

TEST_CASE_METHOD(Fixture, "SNI is sent for names, never for addresses") {
    auto c = build("");
    Connection by_name(*c.client, *c.server, "example.test");
    REQUIRE(by_name.ok);
    CHECK(std::string(SSL_get_servername(by_name.server.get(), TLSEXT_NAMETYPE_host_name)) == "example.test");
    bssl::UniquePtr<SSL> by_address = c.client->new_connection("127.0.0.1", true);
    CHECK(SSL_get_servername(by_address.get(), TLSEXT_NAMETYPE_host_name) == nullptr);
}

TEST_CASE_METHOD(Fixture, "client certificates are judged, and the verdict left to the HTTP layer") {
    std::string verify = "ssl_verify_client on; ssl_verify_depth 2; ssl_client_certificate " + p("ca.crt") +
                         "; ssl_crl " + p("crl.pem") + ";";
    auto verdict = [&](const std::string& cert) {
        auto c = build(verify, cert);
        Connection conn(*c.client, *c.server);
        REQUIRE(conn.ok);
        return SSL_get_verify_result(conn.server.get());
    };
    CHECK(verdict("client") == X509_V_OK);
    CHECK(verdict("revoked") == X509_V_ERR_CERT_REVOKED);
    CHECK(verdict("expired") == X509_V_ERR_CERT_HAS_EXPIRED);
    CHECK(build(verify).server->verify_client() == confparse::VerifyClient::On);
}

TEST_CASE_METHOD(Fixture, "ssl_protocols bounds the version") {
    auto c = build("ssl_protocols TLSv1.2;");
    Connection conn(*c.client, *c.server);
    REQUIRE(conn.ok);
    CHECK(SSL_version(conn.client.get()) == TLS1_2_VERSION);

    auto d = build("ssl_protocols TLSv1.2 TLSv1.3;", "", "proxy_ssl_protocols TLSv1.3;");
    Connection conn13(*d.client, *d.server);
    REQUIRE(conn13.ok);
    CHECK(SSL_version(conn13.client.get()) == TLS1_3_VERSION);
}

TEST_CASE_METHOD(Fixture, "with RSA and ECDSA certificates, the client's signature algorithms choose") {
    pki.make_rsa_server();
    auto c = build("ssl_certificate " + p("server-rsa.crt") + "; ssl_certificate_key " + p("server-rsa.key") + ";");
    CHECK(c.server->certificate_count() == 2);
    auto key_type_for = [&](const uint16_t* prefs, size_t n) {
        bssl::UniquePtr<SSL> client = c.client->new_connection("localhost", true);
        bssl::UniquePtr<SSL> server(SSL_new(c.server->native()));
        REQUIRE(SSL_set_verify_algorithm_prefs(client.get(), prefs, n));
        REQUIRE(tls_test::handshake(client.get(), server.get()));
        bssl::UniquePtr<X509> peer(SSL_get_peer_certificate(client.get()));
        bssl::UniquePtr<EVP_PKEY> key(X509_get_pubkey(peer.get()));
        return EVP_PKEY_id(key.get());
    };
    const uint16_t rsa[] = {SSL_SIGN_RSA_PSS_RSAE_SHA256, SSL_SIGN_RSA_PKCS1_SHA256};
    const uint16_t ecdsa[] = {SSL_SIGN_ECDSA_SECP256R1_SHA256};
    CHECK(key_type_for(rsa, 2) == EVP_PKEY_RSA);
    CHECK(key_type_for(ecdsa, 1) == EVP_PKEY_EC);
}

TEST_CASE_METHOD(Fixture, "sessions resume across servers that share a ticket key, and only those") {
    pki.dir.write("a.key", std::string(80, 'a'));
    pki.dir.write("b.key", std::string(80, 'b'));
    auto first = build("ssl_session_ticket_key " + p("a.key") + ";", "", "proxy_ssl_protocols TLSv1.2;");
    auto same = build("ssl_session_ticket_key " + p("a.key") + ";", "", "proxy_ssl_protocols TLSv1.2;");
    auto other = build("ssl_session_ticket_key " + p("b.key") + ";", "", "proxy_ssl_protocols TLSv1.2;");

    check_resumption(first, same, other);
}

TEST_CASE_METHOD(Fixture, "without ticket key files, servers sharing a session cache zone share its ticket keys") {
    auto first = build("ssl_session_cache shared:unit_zone:1m;", "", "proxy_ssl_protocols TLSv1.2;");
    auto same = build("ssl_session_cache shared:unit_zone:1m;", "", "proxy_ssl_protocols TLSv1.2;");
    auto other = build("ssl_session_cache shared:unit_other:1m;", "", "proxy_ssl_protocols TLSv1.2;");

    check_resumption(first, same, other);
}

TEST_CASE_METHOD(Fixture, "a session does not resume where client verification differs") {
    pki.dir.write("a.key", std::string(48, 'a'));
    std::string tickets = "ssl_session_ticket_key " + p("a.key") + ";";
    auto plain = build(tickets, "client", "proxy_ssl_protocols TLSv1.2;");
    auto verifying = build(tickets + " ssl_verify_client on; ssl_client_certificate " + p("ca.crt") + ";", "client",
                           "proxy_ssl_protocols TLSv1.2;");
    Connection initial(*plain.client, *plain.server);
    REQUIRE(initial.ok);
    bssl::UniquePtr<SSL_SESSION> session(SSL_get1_session(initial.client.get()));
    Connection next(*verifying.client, *verifying.server, "localhost", session.get());
    REQUIRE(next.ok);
    CHECK_FALSE(SSL_session_reused(next.server.get()));
}
