#pragma once
// A TLS connection that BoringSSL reads (through a read-ahead, tls/read_ahead.hpp) and writes (through
// tls/write_hold.hpp) on the socket itself, non-blocking, Asio only waiting for readiness when BoringSSL
// asks for it. It replaces Asio's ssl::stream, which copies every byte through a BIO pair and buffers of
// its own (2 x 17 KiB per connection). It is an AsyncReadStream and AsyncWriteStream for Beast, with
// Asio's handshake and shutdown calls, and reports the error codes Asio's stream does: eof after the
// peer's close_notify, ssl::error::stream_truncated when the connection ends without one, library errors
// in Asio's ssl category, socket errors as they are.
#include <boost/asio/ssl/stream_base.hpp>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <tuple>
#include <utility>

#include "proxy/net.hpp"
#include "proxy/timed_socket.hpp"
#include "tls/boringssl.hpp"
#include "tls/read_ahead.hpp"
#include "tls/write_hold.hpp"

#include <openssl/ssl.h>

namespace proxy {

class TlsStream {
public:
    using executor_type = Executor;
    using next_layer_type = TimedSocket;
    using lowest_layer_type = TimedSocket;

    // Takes the socket of a connected (or accepted) stream and the connection's SSL object.
    TlsStream(PlainStream&& plain, bssl::UniquePtr<SSL> ssl);
    TlsStream(TimedSocket socket, bssl::UniquePtr<SSL> ssl);

    executor_type get_executor() { return socket_.get_executor(); }
    TimedSocket& next_layer() { return socket_; }
    SSL* native_handle() { return ssl_.get(); }
    // Bytes read from the socket that BoringSSL has not taken yet.
    std::size_t buffered() const { return read_ahead_ ? read_ahead_->buffered() : 0; }

    // For a client that writes first (as HTTP's): the handshake's last flight, when it is the client's,
    // goes out with the first write, in one send() and one segment. A read or a shutdown sends it first.
    void join_handshake_to_first_write() {
        if (writes_) writes_->hold(true);
    }

    template <class Token>
    auto async_handshake(net::ssl::stream_base::handshake_type role, Token&& token) {
        if (role == net::ssl::stream_base::client) {
            SSL_set_connect_state(ssl_.get());
        } else {
            SSL_set_accept_state(ssl_.get());
        }
        return net::async_compose<Token, void(error_code)>(Op<Kind::Handshake, net::mutable_buffer>{*this, {}}, token,
                                                           socket_.socket());
    }

    // Sends our close_notify and, unless SSL_RECEIVED_SHUTDOWN was set, waits for the peer's.
    template <class Token>
    auto async_shutdown(Token&& token) {
        return net::async_compose<Token, void(error_code)>(Op<Kind::Shutdown, net::mutable_buffer>{*this, {}}, token,
                                                           socket_.socket());
    }

    template <class Buffers, class Token>
    auto async_read_some(const Buffers& buffers, Token&& token) {
        return net::async_compose<Token, void(error_code, std::size_t)>(Op<Kind::Read, Buffers>{*this, buffers}, token,
                                                                        socket_.socket());
    }

    template <class Buffers, class Token>
    auto async_write_some(const Buffers& buffers, Token&& token) {
        return net::async_compose<Token, void(error_code, std::size_t)>(Op<Kind::Write, Buffers>{*this, buffers},
                                                                        token, socket_.socket());
    }

    // What one call into BoringSSL came to: done (with `bytes` for a read or write), a wait for the socket,
    // or an error.
    struct Step {
        enum class Want { Nothing, Read, Write } want = Want::Nothing;
        error_code ec;
        std::size_t bytes = 0;
    };
    enum class Kind { Handshake, Shutdown, Read, Write };
    // One non-blocking SSL_do_handshake, SSL_shutdown, SSL_read or SSL_write (on `data`).
    Step step(Kind kind, void* data, std::size_t size);

private:
    static constexpr std::size_t kRecord = 16384;  // the most one TLS record carries
    // The worker's buffer for write_piece's copies.
    static char* scratch();

    // What a write hands BoringSSL: its first buffer, or, when that is smaller than a record and more
    // follow, the buffers copied together up to a record's size, so that bytes written together (a
    // header and the start of a body) go in one record and one send(), as nginx's SSL writes do. A write
    // that waits makes the same copy again when it goes on, as the retried SSL_write needs the same bytes.
    template <class Buffers>
    static std::pair<void*, std::size_t> write_piece(const Buffers& buffers) {
        auto it = net::buffer_sequence_begin(buffers);
        const auto end = net::buffer_sequence_end(buffers);
        while (it != end && it->size() == 0) ++it;
        if (it == end) return {nullptr, 0};
        auto next = std::next(it);
        while (next != end && next->size() == 0) ++next;
        if (it->size() >= kRecord || next == end) return {const_cast<void*>(it->data()), it->size()};
        char* copy = scratch();
        std::size_t size = 0;
        for (; it != end && size < kRecord; ++it) {
            std::size_t take = std::min(it->size(), kRecord - size);
            std::memcpy(copy + size, it->data(), take);
            size += take;
        }
        return {copy, size};
    }

    template <Kind kind, class Buffers>
    struct Op {
        static constexpr bool transfers = kind == Kind::Read || kind == Kind::Write;
        enum class State { Start, Waiting, Posted };
        TlsStream& stream;
        Buffers buffers;
        State state = State::Start;
        Step result{};

        static constexpr TimedSocket::Direction direction() {
            return kind == Kind::Read ? TimedSocket::Direction::Read : TimedSocket::Direction::Write;
        }

        template <class Self>
        void operator()(Self& self, error_code ec = {}) {
            if (state == State::Posted || (state == State::Waiting && ec)) return finish(self, ec ? ec : result.ec);
            if (state == State::Start) stream.socket_.set_pending(direction(), true);
            void* data = nullptr;
            std::size_t size = 0;
            if constexpr (kind == Kind::Write) {
                std::tie(data, size) = write_piece(buffers);
            } else if constexpr (transfers) {
                for (auto it = net::buffer_sequence_begin(buffers); it != net::buffer_sequence_end(buffers); ++it) {
                    if (it->size() == 0) continue;
                    data = it->data();
                    size = it->size();
                    break;
                }
            }
            result = (!transfers || size) ? stream.step(kind, data, size) : Step{};
            if constexpr (kind == Kind::Read) read_on(static_cast<char*>(data), size);
            if (result.want != Step::Want::Nothing) {
                state = State::Waiting;
                return stream.socket_.async_wait(result.want == Step::Want::Read ? Socket::wait_read : Socket::wait_write,
                                                 direction(), std::move(self));
            }
            if (state == State::Start) {  // never completes inside the call that started it
                state = State::Posted;
                return net::post(stream.get_executor(), std::move(self));
            }
            finish(self, result.ec);
        }

        // A record of the largest size says that a bulk transfer is under way: what has come after it is
        // read into the rest of the buffer too, without waiting, so that it is passed on in large writes
        // (one client write per 64 KiB, not per 16 KiB record). What stops it (a wait, an error) is left
        // for the next read to meet.
        void read_on(char* data, std::size_t size) {
            for (std::size_t last = result.bytes; result.want == Step::Want::Nothing && !result.ec &&
                                                  last >= SSL3_RT_MAX_PLAIN_LENGTH && result.bytes < size;) {
                Step more = stream.step(kind, data + result.bytes, size - result.bytes);
                if (more.want != Step::Want::Nothing || more.ec) break;
                last = more.bytes;
                result.bytes += more.bytes;
            }
        }

        template <class Self>
        void finish(Self& self, error_code ec) {
            stream.socket_.set_pending(direction(), false);
            if constexpr (transfers) {
                self.complete(ec, ec ? 0 : result.bytes);
            } else {
                self.complete(ec);
            }
        }
    };

    TimedSocket socket_;
    bssl::UniquePtr<SSL> ssl_;
    tls::ReadAhead* read_ahead_;  // owned by ssl_'s read BIO
    tls::WriteHold* writes_;      // owned by ssl_'s write BIO
};

}  // namespace proxy
