// Certificates named with variables: rendered through the connection's CertificateNames and loaded in
// the handshake, with nginx's messages and the password file applied.
#include <catch2/catch.hpp>

#include "tls/boringssl.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <fstream>
#include <iterator>

#include "test_config.hpp"
#include "test_handshake.hpp"
#include "tls/dynamic_certificates.hpp"
#include "tls/server_context.hpp"

namespace {

// Renders "$ssl_server_name" as the client's SNI, and the rest as it is, in the test's folder.
struct SniNames : tls::CertificateNames {
    std::string folder;
    mutable std::vector<std::string> errors;
    mutable int renders = 0;
    std::string render(std::string_view sni, const std::string& name) const override {
        ++renders;
        std::string out = name;
        if (auto at = out.find("$ssl_server_name"); at != std::string::npos) out.replace(at, 16, sni);
        return out.rfind("data:", 0) == 0 || out[0] == '/' ? out : folder + out;
    }
    void log_error(const std::string& message) const override { errors.push_back(message); }
};

struct Fixture {
    tls_test::Pki pki;
    confparse::Loaded loaded;
    std::unique_ptr<tls::ServerContext> server;
    SniNames names;

    void build(const std::string& directives) {
        loaded = tls_test::load_http(pki.dir, "server { listen 8443 ssl; " + directives + " }");
        server = std::make_unique<tls::ServerContext>(loaded.config.http->servers.at(0).scope);
        names.folder = pki.path("");
    }

    // The subject CN the server presented to a client sending `sni`, or "" when the handshake failed.
    std::string handshake(const char* sni) {
        bssl::UniquePtr<SSL_CTX> client_ctx(SSL_CTX_new(TLS_method()));
        bssl::UniquePtr<SSL> client(SSL_new(client_ctx.get()));
        SSL_set_connect_state(client.get());
        if (*sni) SSL_set_tlsext_host_name(client.get(), sni);
        bssl::UniquePtr<SSL> ssl(SSL_new(server->native()));
        tls::attach_certificate_names(ssl.get(), &names);
        if (!tls_test::handshake(client.get(), ssl.get())) return "";
        bssl::UniquePtr<X509> peer(SSL_get_peer_certificate(client.get()));
        char cn[256] = {};
        X509_NAME_get_text_by_NID(X509_get_subject_name(peer.get()), NID_commonName, cn, sizeof(cn));
        return cn;
    }
};

// A leaf `name` (its CN too) signed by the test root, as NAME.crt and NAME.key.
void leaf(tls_test::Pki& pki, const std::string& name, long serial) {
    auto key = tls_test::ec_key();
    auto cert = tls_test::certificate(tls_test::spec(name, serial), key.get(), pki.ca.get(), pki.ca_key.get());
    pki.dir.write(name + ".crt", tls_test::pem_of(cert.get()));
    pki.dir.write(name + ".key", tls_test::pem_of(key.get()));
}

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE_METHOD(Fixture, "certificate names with variables are rendered and loaded per handshake", "[dynamic]") {
    build("ssl_certificate $ssl_server_name.crt; ssl_certificate_key $ssl_server_name.key;");
    CHECK(server->dynamic_certificates());
    CHECK(server->certificate_count() == 0);
    leaf(pki, "one", 101);
    leaf(pki, "two", 102);
    CHECK(handshake("one") == "one");
    CHECK(handshake("two") == "two");
    CHECK(handshake("one") == "one");
    CHECK(names.renders == 6);
    CHECK(names.errors.empty());
}

TEST_CASE_METHOD(Fixture, "a certificate that cannot be loaded fails the handshake with nginx's message", "[dynamic]") {
    build("ssl_certificate $ssl_server_name.crt; ssl_certificate_key $ssl_server_name.key;");
    CHECK(handshake("nx").empty());
    REQUIRE(names.errors.size() == 1);
    CHECK(tls_test::without_ssl_details(names.errors[0]) ==
          "cannot load certificate \"" + pki.path("nx.crt") + "\": BIO_new_file() failed");
    leaf(pki, "nx", 103);
    CHECK(handshake("nx") == "nx");  // a failure is not kept: the file is read once it is there
}

TEST_CASE_METHOD(Fixture, "a connection without names fails its handshake", "[dynamic]") {
    build("ssl_certificate $ssl_server_name.crt; ssl_certificate_key $ssl_server_name.key;");
    bssl::UniquePtr<SSL_CTX> client_ctx(SSL_CTX_new(TLS_method()));
    bssl::UniquePtr<SSL> client(SSL_new(client_ctx.get()));
    SSL_set_connect_state(client.get());
    bssl::UniquePtr<SSL> ssl(SSL_new(server->native()));
    CHECK(!tls_test::handshake(client.get(), ssl.get()));
}

TEST_CASE_METHOD(Fixture, "dynamic keys are decrypted with ssl_password_file", "[dynamic]") {
    pki.dir.write("passwords", "wrong\nsecret\n");
    build("ssl_certificate server.crt; ssl_certificate_key $ssl_server_name.key; ssl_password_file passwords;");
    CHECK(handshake("enc") == "localhost");
    CHECK(names.errors.empty());
}

TEST_CASE_METHOD(Fixture, "\"data:\" names are the PEM text itself", "[dynamic]") {
    leaf(pki, "inline", 104);
    std::string cert = file_text(pki.path("inline.crt"));
    std::string key = file_text(pki.path("inline.key"));
    build("ssl_certificate \"data:" + cert + "$ssl_server_name\"; ssl_certificate_key \"data:" + key + "$ssl_server_name\";");
    CHECK(handshake("") == "inline");
    CHECK(names.errors.empty());
}

TEST_CASE_METHOD(Fixture, "\"data:\" certificates without variables are loaded once, as files are", "[dynamic]") {
    std::string cert = file_text(pki.path("server.crt"));
    std::string key = file_text(pki.path("server.key"));
    build("ssl_certificate \"data:" + cert + "\"; ssl_certificate_key \"data:" + key + "\";");
    CHECK(!server->dynamic_certificates());
    CHECK(server->certificate_count() == 1);
    CHECK(handshake("") == "localhost");
}
