#pragma once
// A connection switched to another protocol by a 101 answer (WebSocket and the like): bytes flow both ways
// untouched until either side ends, as nginx's upgraded upstream connections.
#include <boost/asio/experimental/awaitable_operators.hpp>

#include <chrono>
#include <cstdint>

#include "proxy/net.hpp"

namespace proxy {

// Copies from `from` to `to` until `from` ends or either fails, starting with the bytes already read into
// `pending`; adds what it wrote to `written`. A read waits at most `read_timeout` ms (0: no limit), a
// write `write_timeout` ms. At its end it cancels what waits on `to`, so the other direction ends too
// (as nginx: one side's end ends the tunnel once what it sent is delivered).
template <class From, class To>
net::awaitable<void> pump(From& from, To& to, beast::flat_buffer& pending, std::int64_t read_timeout,
                          std::int64_t write_timeout, std::uint64_t& written) {
    for (;;) {
        if (pending.size() > 0) {
            beast::get_lowest_layer(to).expires_after(std::chrono::milliseconds(write_timeout));
            auto [ec, n] = co_await net::async_write(to, pending.data(), use_nothrow);
            written += n;
            pending.consume(n);
            if (ec) break;
        }
        if (read_timeout > 0) {
            beast::get_lowest_layer(from).expires_after(std::chrono::milliseconds(read_timeout));
        } else {
            beast::get_lowest_layer(from).expires_never();
        }
        auto [ec, n] = co_await from.async_read_some(pending.prepare(16384), use_nothrow);
        pending.commit(n);
        if (ec && n == 0) break;
    }
    beast::get_lowest_layer(to).cancel();
}

// Runs both directions until the tunnel ends. `client_pending` and `upstream_pending` hold what each side
// sent past the header already read from it.
template <class Client, class Upstream>
net::awaitable<void> tunnel(Client& client, beast::flat_buffer& client_pending, Upstream& upstream,
                            beast::flat_buffer& upstream_pending, std::int64_t upstream_read_timeout,
                            std::int64_t upstream_send_timeout, std::int64_t client_send_timeout,
                            std::uint64_t& to_client, std::uint64_t& to_upstream) {
    using namespace net::experimental::awaitable_operators;
    co_await (pump(client, upstream, client_pending, 0, upstream_send_timeout, to_upstream) &&
              pump(upstream, client, upstream_pending, upstream_read_timeout, client_send_timeout, to_client));
}

}  // namespace proxy
