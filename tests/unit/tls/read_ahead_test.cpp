#include <catch2/catch.hpp>

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "test_pki.hpp"
#include "tls/read_ahead.hpp"
#include "tls/write_hold.hpp"

#include <openssl/ssl.h>

namespace {

// A TLS client on one end of a non-blocking socket pair, and a server reading the other end through a
// read-ahead.
struct Pair {
    tls_test::Pki pki;
    bssl::UniquePtr<SSL_CTX> server_ctx{SSL_CTX_new(TLS_method())}, client_ctx{SSL_CTX_new(TLS_method())};
    bssl::UniquePtr<SSL> client, server;
    int fds[2] = {-1, -1};
    tls::ReadAhead* ahead = nullptr;

    Pair() {
        REQUIRE(SSL_CTX_use_certificate_chain_file(server_ctx.get(), pki.path("server.crt").c_str()) == 1);
        REQUIRE(SSL_CTX_use_PrivateKey_file(server_ctx.get(), pki.path("server.key").c_str(), SSL_FILETYPE_PEM) == 1);
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
        client.reset(SSL_new(client_ctx.get()));
        server.reset(SSL_new(server_ctx.get()));
        SSL_set_fd(client.get(), fds[0]);
        SSL_set_connect_state(client.get());
        SSL_set_accept_state(server.get());
        ahead = tls::ReadAhead::attach(server.get(), fds[1]);
        REQUIRE(ahead != nullptr);
        REQUIRE(tls::WriteHold::attach(server.get(), fds[1]) != nullptr);
        handshake();
    }
    ~Pair() {
        server.reset();  // frees the read-ahead with it
        ::close(fds[0]);
        ::close(fds[1]);
    }

    void handshake() {
        for (int round = 0; round < 20; ++round) {
            int c = SSL_do_handshake(client.get());
            int s = SSL_do_handshake(server.get());
            if (c == 1 && s == 1) return;
            REQUIRE((c == 1 || SSL_get_error(client.get(), c) == SSL_ERROR_WANT_READ));
            REQUIRE((s == 1 || SSL_get_error(server.get(), s) == SSL_ERROR_WANT_READ));
        }
        FAIL("the handshake did not finish");
    }

    // Bytes waiting in the server's socket.
    int unread() const {
        int n = 0;
        REQUIRE(::ioctl(fds[1], FIONREAD, &n) == 0);
        return n;
    }

    // One SSL_read on the server: its text, or "" with the SSL_get_error code in `error`.
    std::string server_read(int* error = nullptr) {
        char data[4096];
        int n = SSL_read(server.get(), data, sizeof data);
        if (error) *error = n > 0 ? 0 : SSL_get_error(server.get(), n);
        return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
    }

    void client_write(const std::string& text) {
        REQUIRE(SSL_write(client.get(), text.data(), static_cast<int>(text.size())) == static_cast<int>(text.size()));
    }
};

}  // namespace

TEST_CASE("ReadAhead: records that came together are taken from the socket with the first") {
    Pair p;
    for (const char* text : {"first", "second", "third"}) p.client_write(text);
    REQUIRE(p.unread() > 0);
    CHECK(p.server_read() == "first");
    CHECK(p.unread() == 0);  // one read took the header, the body and the records after them
    CHECK(p.ahead->buffered() > 0);
    CHECK(p.server_read() == "second");
    CHECK(p.server_read() == "third");
    CHECK(p.ahead->buffered() == 0);
}

TEST_CASE("ReadAhead: large records, read straight into BoringSSL's buffer, and small ones between them") {
    Pair p;
    std::string sent;
    for (int i = 0; i < 4; ++i) {
        std::string big(16000 + i, static_cast<char>('a' + i));
        p.client_write(big);
        p.client_write("small");
        sent += big + "small";
    }
    std::string got;
    for (int reads = 0; got.size() < sent.size() && reads < 100; ++reads) got += p.server_read();
    CHECK(got == sent);
    CHECK(p.unread() == 0);
    CHECK(p.ahead->buffered() == 0);
}

TEST_CASE("ReadAhead: a record that comes in pieces is read as its pieces arrive") {
    Pair p;
    // the client's record, taken from another socket pair to be passed on a few bytes at a time
    int inner[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, inner) == 0);
    SSL_set_fd(p.client.get(), inner[0]);
    std::string text(3000, 'x');
    p.client_write(text);
    char record[4096];
    ssize_t size = ::read(inner[1], record, sizeof record);
    REQUIRE(size > 3000);
    std::string got;
    int pieces = 0;
    for (ssize_t at = 0; at < size; at += 1000, ++pieces) {
        REQUIRE(::write(p.fds[0], record + at, static_cast<std::size_t>(std::min<ssize_t>(1000, size - at))) > 0);
        int error = 0;
        got += p.server_read(&error);
        if (got.empty()) CHECK(error == SSL_ERROR_WANT_READ);
    }
    CHECK(pieces > 1);
    CHECK(got == text);
    CHECK(p.ahead->buffered() == 0);
    ::close(inner[0]);
    ::close(inner[1]);
}

TEST_CASE("ReadAhead: the end of the stream reads as BoringSSL's own socket reads show it") {
    SECTION("closed without a close_notify, after the bytes that came before") {
        Pair p;
        p.client_write("last");
        REQUIRE(::shutdown(p.fds[0], SHUT_WR) == 0);
        CHECK(p.server_read() == "last");
        int error = 0;
        CHECK(p.server_read(&error).empty());
        CHECK(error == SSL_ERROR_SYSCALL);
    }
    SECTION("the peer's close_notify") {
        Pair p;
        SSL_shutdown(p.client.get());
        int error = 0;
        CHECK(p.server_read(&error).empty());
        CHECK(error == SSL_ERROR_ZERO_RETURN);
    }
}
