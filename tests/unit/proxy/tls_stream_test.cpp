#include <catch2/catch.hpp>

#include <sys/ioctl.h>

#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>

#include <chrono>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "../tls/test_pki.hpp"
#include "proxy/tls_stream.hpp"

#include <openssl/ssl.h>

namespace {

using namespace proxy;
using namespace std::chrono_literals;

// A client and a server TlsStream joined over loopback, with the test PKI's server certificate.
struct Pair {
    tls_test::Pki pki;
    net::io_context io;
    bssl::UniquePtr<SSL_CTX> server_ctx{SSL_CTX_new(TLS_method())}, client_ctx{SSL_CTX_new(TLS_method())};
    std::unique_ptr<TlsStream> client, server;

    Pair() {
        REQUIRE(SSL_CTX_use_certificate_chain_file(server_ctx.get(), pki.path("server.crt").c_str()) == 1);
        REQUIRE(SSL_CTX_use_PrivateKey_file(server_ctx.get(), pki.path("server.key").c_str(), SSL_FILETYPE_PEM) == 1);
        Acceptor acceptor(io, tcp::endpoint(net::ip::address_v4::loopback(), 0));
        Socket c(io), s(io);
        c.connect(acceptor.local_endpoint());
        acceptor.accept(s);
        client = std::make_unique<TlsStream>(TimedSocket(std::move(c)), bssl::UniquePtr<SSL>(SSL_new(client_ctx.get())));
        server = std::make_unique<TlsStream>(TimedSocket(std::move(s)), bssl::UniquePtr<SSL>(SSL_new(server_ctx.get())));
    }

    // Runs the coroutines to their end; rethrows what one threw.
    template <class... Coroutines>
    void run(Coroutines&&... coroutines) {
        std::exception_ptr failure;
        auto keep = [&](std::exception_ptr e) {
            if (e && !failure) failure = e;
        };
        (net::co_spawn(io, std::forward<Coroutines>(coroutines), keep), ...);
        io.run();
        io.restart();
        if (failure) std::rethrow_exception(failure);
    }

    void handshake() {
        error_code client_ec = net::error::fault, server_ec = net::error::fault;
        run(
            [&]() -> net::awaitable<void> {
                std::tie(client_ec) = co_await client->async_handshake(net::ssl::stream_base::client, use_nothrow);
            },
            [&]() -> net::awaitable<void> {
                std::tie(server_ec) = co_await server->async_handshake(net::ssl::stream_base::server, use_nothrow);
            });
        REQUIRE_FALSE(client_ec);
        REQUIRE_FALSE(server_ec);
    }

    // One read on the server.
    std::pair<error_code, std::string> server_read() {
        std::pair<error_code, std::string> got;
        run([&]() -> net::awaitable<void> {
            char data[256];
            auto [ec, n] = co_await server->async_read_some(net::buffer(data), use_nothrow);
            got = {ec, std::string(data, n)};
        });
        return got;
    }
};

}  // namespace

TEST_CASE("TlsStream: a handshake, then bytes both ways") {
    Pair p;
    p.handshake();
    CHECK(SSL_version(p.client->native_handle()) == TLS1_3_VERSION);
    std::string answer;
    p.run(
        [&]() -> net::awaitable<void> {
            auto [ec, n] = co_await net::async_write(*p.client, net::buffer(std::string("ping")), use_nothrow);
            REQUIRE_FALSE(ec);
            char data[16];
            auto [rec, got] = co_await p.client->async_read_some(net::buffer(data), use_nothrow);
            REQUIRE_FALSE(rec);
            answer.assign(data, got);
        },
        [&]() -> net::awaitable<void> {
            char data[16];
            auto [ec, n] = co_await p.server->async_read_some(net::buffer(data), use_nothrow);
            REQUIRE_FALSE(ec);
            REQUIRE(std::string(data, n) == "ping");
            auto [wec, w] = co_await net::async_write(*p.server, net::buffer(std::string("pong")), use_nothrow);
            REQUIRE_FALSE(wec);
        });
    CHECK(answer == "pong");
}

TEST_CASE("TlsStream: a write larger than the socket takes goes out whole, record by record") {
    Pair p;
    error_code ignored;
    p.client->next_layer().socket().set_option(net::socket_base::send_buffer_size(4096), ignored);
    p.server->next_layer().socket().set_option(net::socket_base::receive_buffer_size(4096), ignored);
    p.handshake();
    std::string sent(3 * 1024 * 1024 + 17, '\0');
    for (std::size_t i = 0; i < sent.size(); ++i) sent[i] = static_cast<char>(i * 7 + i / 4096);
    std::string received;
    std::size_t writes = 0;
    p.run(
        [&]() -> net::awaitable<void> {
            for (std::size_t at = 0; at < sent.size();) {
                auto [ec, n] = co_await p.client->async_write_some(net::buffer(sent.data() + at, sent.size() - at),
                                                                   use_nothrow);
                REQUIRE_FALSE(ec);
                REQUIRE(n > 0);
                at += n;
                ++writes;
            }
        },
        [&]() -> net::awaitable<void> {
            char data[1000];  // small reads: the writer has to wait for room
            while (received.size() < sent.size()) {
                auto [ec, n] = co_await p.server->async_read_some(net::buffer(data), use_nothrow);
                REQUIRE_FALSE(ec);
                received.append(data, n);
            }
        });
    CHECK(writes > 1);  // partial writes: a record at a time at most
    CHECK(received == sent);
}

TEST_CASE("TlsStream: small buffers written together go in one record, a large first one alone") {
    Pair p;
    p.handshake();
    auto write = [&](std::vector<std::string> parts) {
        p.run([&]() -> net::awaitable<void> {
            std::vector<net::const_buffer> buffers;
            for (const auto& part : parts) buffers.push_back(net::buffer(part));
            auto [ec, n] = co_await net::async_write(*p.client, buffers, use_nothrow);
            REQUIRE_FALSE(ec);
        });
    };
    write({"GET / HTTP/1.1\r\n\r\n", "", "01234", "56789"});
    CHECK(p.server_read() == std::pair<error_code, std::string>{{}, "GET / HTTP/1.1\r\n\r\n0123456789"});
    write({std::string(16384, 'a'), "after"});  // a record's worth is written as it is
    std::string got;
    while (got.size() < 16384 + 5) {
        auto [ec, data] = p.server_read();
        REQUIRE_FALSE(ec);
        got += data;
    }
    CHECK(got == std::string(16384, 'a') + "after");
}

TEST_CASE("TlsStream: records of the largest size that have come are read together; a small one alone") {
    Pair p;
    p.handshake();
    // what the client writes, once all of it (22 bytes more per record) is in the server's socket: on a
    // loaded machine loopback may deliver late
    auto send = [&](std::vector<std::string> writes, std::size_t records) {
        std::size_t total = records * 22;
        for (const auto& w : writes) total += w.size();
        p.run([&]() -> net::awaitable<void> {
            for (const auto& w : writes) {
                auto [ec, n] = co_await net::async_write(*p.client, net::buffer(w), use_nothrow);
                REQUIRE_FALSE(ec);
            }
        });
        int fd = p.server->next_layer().socket().native_handle();
        int waiting = 0;
        for (int tries = 0; tries < 200 && waiting < static_cast<int>(total); ++tries) {
            if (tries) std::this_thread::sleep_for(10ms);
            REQUIRE(::ioctl(fd, FIONREAD, &waiting) == 0);
        }
    };
    auto read = [&] {
        std::size_t got = 0;
        p.run([&]() -> net::awaitable<void> {
            std::vector<char> data(65536);
            auto [ec, n] = co_await p.server->async_read_some(net::buffer(data), use_nothrow);
            REQUIRE_FALSE(ec);
            got = n;
        });
        return got;
    };
    send({std::string(3 * 16384 + 4, 'b')}, 4);
    CHECK(read() == 3 * 16384 + 4);  // three full records and the short one after them
    send({"one", "two"}, 2);
    CHECK(read() == 3);
    CHECK(read() == 3);
}

TEST_CASE("TlsStream: a client that joins its handshake to its first write sends its last flight with it") {
    Pair p;
    p.client->join_handshake_to_first_write();
    int server_fd = p.server->next_layer().socket().native_handle();
    bool server_done = false, nothing_sent = false;
    std::string got;
    p.run(
        [&]() -> net::awaitable<void> {
            auto [ec] = co_await p.client->async_handshake(net::ssl::stream_base::client, use_nothrow);
            REQUIRE_FALSE(ec);
            int waiting = -1;
            REQUIRE(::ioctl(server_fd, FIONREAD, &waiting) == 0);
            nothing_sent = waiting == 0 && !server_done;  // the client's Finished is held
            auto [wec, n] = co_await net::async_write(*p.client, net::buffer(std::string("ping")), use_nothrow);
            REQUIRE_FALSE(wec);
        },
        [&]() -> net::awaitable<void> {
            auto [ec] = co_await p.server->async_handshake(net::ssl::stream_base::server, use_nothrow);
            REQUIRE_FALSE(ec);
            server_done = true;
            char data[16];
            auto [rec, n] = co_await p.server->async_read_some(net::buffer(data), use_nothrow);
            REQUIRE_FALSE(rec);
            got.assign(data, n);
        });
    CHECK(SSL_version(p.client->native_handle()) == TLS1_3_VERSION);
    CHECK(nothing_sent);
    CHECK(server_done);
    CHECK(got == "ping");
}

TEST_CASE("TlsStream: a held handshake that waits for the peer, reads first or fails sends what it holds") {
    SECTION("TLS 1.2, whose full handshake ends with the server's flight") {
        Pair p;
        SSL_set_max_proto_version(p.client->native_handle(), TLS1_2_VERSION);
        p.client->join_handshake_to_first_write();
        p.handshake();
        CHECK(SSL_version(p.client->native_handle()) == TLS1_2_VERSION);
        p.run([&]() -> net::awaitable<void> {
            auto [ec, n] = co_await net::async_write(*p.client, net::buffer(std::string("one")), use_nothrow);
            REQUIRE_FALSE(ec);
        });
        CHECK(p.server_read() == std::pair<error_code, std::string>{{}, "one"});
    }
    SECTION("a client that reads first") {
        Pair p;
        p.client->join_handshake_to_first_write();
        std::string got;
        p.run(
            [&]() -> net::awaitable<void> {
                auto [ec] = co_await p.client->async_handshake(net::ssl::stream_base::client, use_nothrow);
                REQUIRE_FALSE(ec);
                char data[16];
                auto [rec, n] = co_await p.client->async_read_some(net::buffer(data), use_nothrow);
                REQUIRE_FALSE(rec);
                got.assign(data, n);
            },
            [&]() -> net::awaitable<void> {
                auto [ec] = co_await p.server->async_handshake(net::ssl::stream_base::server, use_nothrow);
                REQUIRE_FALSE(ec);
                auto [wec, n] = co_await net::async_write(*p.server, net::buffer(std::string("hello")), use_nothrow);
                REQUIRE_FALSE(wec);
            });
        CHECK(got == "hello");
    }
    SECTION("a failure's alert") {
        Pair p;
        SSL_set_verify(p.client->native_handle(), SSL_VERIFY_PEER, nullptr);  // trusts nothing
        p.client->join_handshake_to_first_write();
        error_code client_ec, server_ec;
        p.run(
            [&]() -> net::awaitable<void> {
                std::tie(client_ec) = co_await p.client->async_handshake(net::ssl::stream_base::client, use_nothrow);
                p.client->next_layer().close();
            },
            [&]() -> net::awaitable<void> {
                std::tie(server_ec) = co_await p.server->async_handshake(net::ssl::stream_base::server, use_nothrow);
            });
        CHECK(client_ec.category() == net::error::get_ssl_category());
        CHECK(server_ec.category() == net::error::get_ssl_category());  // not stream_truncated: the alert came
        CHECK(server_ec.message().find("ALERT") != std::string::npos);
    }
}

TEST_CASE("TlsStream: the peer's close_notify reads as eof, a close without one as stream_truncated") {
    SECTION("close_notify") {
        Pair p;
        p.handshake();
        SSL_set_shutdown(p.client->native_handle(), SSL_RECEIVED_SHUTDOWN);  // as nproxy: ours only
        error_code shutdown_ec = net::error::fault;
        p.run([&]() -> net::awaitable<void> {
            std::tie(shutdown_ec) = co_await p.client->async_shutdown(use_nothrow);
        });
        CHECK_FALSE(shutdown_ec);
        CHECK(p.server_read().first == net::error::eof);
    }
    SECTION("the socket closed") {
        Pair p;
        p.handshake();
        p.client->next_layer().close();
        CHECK(p.server_read().first == net::ssl::error::stream_truncated);
    }
    SECTION("closed during the handshake") {
        Pair p;
        p.client->next_layer().close();
        error_code ec;
        p.run([&]() -> net::awaitable<void> {
            std::tie(ec) = co_await p.server->async_handshake(net::ssl::stream_base::server, use_nothrow);
        });
        CHECK(ec == net::ssl::error::stream_truncated);
    }
}

TEST_CASE("TlsStream: a peer that is not TLS fails the handshake with the library's error") {
    Pair p;
    std::string junk = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    REQUIRE(::send(p.client->next_layer().socket().native_handle(), junk.data(), junk.size(), 0) ==
            static_cast<ssize_t>(junk.size()));
    error_code ec;
    p.run([&]() -> net::awaitable<void> {
        std::tie(ec) = co_await p.server->async_handshake(net::ssl::stream_base::server, use_nothrow);
    });
    CHECK(ec.category() == net::error::get_ssl_category());
    CHECK(ec.message().find("HTTP_REQUEST") != std::string::npos);
}

TEST_CASE("TlsStream: a read that waits ends with operation_aborted when cancelled") {
    Pair p;
    p.handshake();
    net::steady_timer later(p.io, 20ms);
    later.async_wait([&](error_code) { p.server->next_layer().cancel(); });
    CHECK(p.server_read().first == net::error::operation_aborted);
}

TEST_CASE("TlsStream: a wait past its deadline ends with timeout and closes the socket") {
    SECTION("a read") {
        Pair p;
        p.handshake();
        auto started = std::chrono::steady_clock::now();
        p.server->next_layer().expires_after(50ms);
        CHECK(p.server_read().first == beast::error::timeout);
        CHECK(std::chrono::steady_clock::now() - started >= 50ms);
        CHECK_FALSE(p.server->next_layer().socket().is_open());
        CHECK(p.server_read().first == net::error::bad_descriptor);  // never the descriptor's next owner
    }
    SECTION("a handshake the peer never begins") {
        Pair p;
        p.server->next_layer().expires_after(50ms);
        error_code ec;
        p.run([&]() -> net::awaitable<void> {
            std::tie(ec) = co_await p.server->async_handshake(net::ssl::stream_base::server, use_nothrow);
        });
        CHECK(ec == beast::error::timeout);
    }
    SECTION("a deadline set while a read waits applies to the next read only") {
        Pair p;
        p.handshake();
        p.server->next_layer().expires_after(100ms);
        error_code first;
        p.run(
            [&]() -> net::awaitable<void> {
                char data[16];
                std::tie(first, std::ignore) = co_await p.server->async_read_some(net::buffer(data), use_nothrow);
            },
            [&]() -> net::awaitable<void> {
                p.server->next_layer().expires_never();  // the read in progress keeps its deadline
                co_return;
            });
        CHECK(first == beast::error::timeout);
    }
}

TEST_CASE("TimedSocket: a plain read (lingering) gets what comes, or ends at its deadline") {
    Pair p;
    TimedSocket& server = p.server->next_layer();
    std::string sent = "left over";
    REQUIRE(::send(p.client->next_layer().socket().native_handle(), sent.data(), sent.size(), 0) ==
            static_cast<ssize_t>(sent.size()));
    server.expires_after(50ms);
    std::pair<error_code, std::string> first, second;
    p.run([&]() -> net::awaitable<void> {
        char data[64];
        auto [ec, n] = co_await server.async_read_some(net::buffer(data), use_nothrow);
        first = {ec, std::string(data, n)};
        auto [ec2, n2] = co_await server.async_read_some(net::buffer(data), use_nothrow);
        second = {ec2, std::string(data, n2)};
    });
    CHECK_FALSE(first.first);
    CHECK(first.second == sent);
    CHECK(second.first == beast::error::timeout);
}
