#pragma once
// Asio and Beast for the runtime's I/O files only (they are compiled once, in tls/asio_beast.cpp).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace proxy {

// A worker's sockets, timers and coroutines all run on its one io_context, so they name its concrete
// executor type: the type-erased any_io_executor would cost a copy and indirect calls on every operation.
using Executor = boost::asio::io_context::executor_type;

// Asio under its usual name, but with every coroutine an awaitable on that executor (so that
// `net::awaitable<T>` can be written as usual).
namespace net {
using namespace boost::asio;
template <class T>
using awaitable = boost::asio::awaitable<T, Executor>;
}  // namespace net

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

using Socket = net::basic_stream_socket<tcp, Executor>;
using Acceptor = net::basic_socket_acceptor<tcp, Executor>;
using PlainStream = beast::basic_stream<tcp, Executor>;

// The peer closed the connection (a FIN, after a TLS close_notify or without one), at a message's start or
// within its header: how a read reports it through Asio, the TLS stream and Beast's parser.
inline bool peer_closed(const error_code& ec) {
    return ec == net::error::eof || ec == net::ssl::error::stream_truncated || ec == http::error::end_of_stream ||
           ec == http::error::partial_message;
}

// Completion token for coroutines that look at errors instead of catching them: (ec, result...) tuples.
inline constexpr auto use_nothrow = net::as_tuple(net::use_awaitable_t<Executor>{});

}  // namespace proxy
