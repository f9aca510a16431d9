#include "proxy/tls_stream.hpp"

#include <cerrno>
#include <climits>

#include <openssl/err.h>

namespace proxy {

TlsStream::TlsStream(PlainStream&& plain, bssl::UniquePtr<SSL> ssl)
    : TlsStream(TimedSocket(plain.release_socket()), std::move(ssl)) {}

TlsStream::TlsStream(TimedSocket socket, bssl::UniquePtr<SSL> ssl)
    : socket_(std::move(socket)),
      ssl_(std::move(ssl)),
      read_ahead_(tls::ReadAhead::attach(ssl_.get(), socket_.socket().native_handle())),
      writes_(tls::WriteHold::attach(ssl_.get(), socket_.socket().native_handle())) {
    if (read_ahead_) read_ahead_->send_held_first(writes_);
    // a write may end after one record, and be retried from another address with the same bytes
    SSL_set_mode(ssl_.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

char* TlsStream::scratch() {
    thread_local char copy[kRecord];
    return copy;
}

TlsStream::Step TlsStream::step(Kind kind, void* data, std::size_t size) {
    Step out;
    // a socket closed (by a deadline) may have had its descriptor number given to another connection
    if (!socket_.socket().is_open()) {
        out.ec = net::error::bad_descriptor;
        return out;
    }
    if (!read_ahead_ || !writes_) {
        out.ec = net::error::no_memory;
        return out;
    }
    // what a held handshake kept goes out before anything else but the write that joins it
    bool joins = kind == Kind::Write && writes_->holding();
    if (kind == Kind::Read || kind == Kind::Shutdown) writes_->hold(false);
    if (!joins && writes_->held() > 0) {
        int sent = writes_->flush();
        if (sent == 0) out.want = Step::Want::Write;
        if (sent < 0) out.ec = error_code(errno, net::error::get_system_category());
        if (sent <= 0) return out;
    }
    SSL* ssl = ssl_.get();
    // the error queue must be empty for SSL_get_error to read this call's outcome; emptying it when it
    // already is costs more than the call itself
    if (ERR_peek_error() != 0) ERR_clear_error();
    errno = 0;
    int length = static_cast<int>(std::min<std::size_t>(size, INT_MAX));
    int ret = 0;
    switch (kind) {
        case Kind::Handshake: ret = SSL_do_handshake(ssl); break;
        case Kind::Shutdown:
            ret = SSL_shutdown(ssl);
            if (ret == 0) ret = SSL_shutdown(ssl);  // ours is sent: now the peer's, as Asio's stream
            break;
        case Kind::Read: ret = SSL_read(ssl, data, length); break;
        case Kind::Write:  // a write that joins held bytes is one record at most, to bound what is kept
            ret = SSL_write(ssl, data, joins ? std::min(length, static_cast<int>(kRecord)) : length);
            break;
    }
    int saved_errno = errno;
    int error = ret > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl, ret);
    if (writes_->holding()) {
        // a handshake that waits for the peer sends what it holds; one that ends keeps it for the first
        // write, if it holds any; anything else (the joining write, a failure's alert) ends the holding
        bool keeps = kind == Kind::Handshake &&
                     (error == SSL_ERROR_WANT_READ || (error == SSL_ERROR_NONE && writes_->held() > 0));
        if (!keeps) writes_->hold(false);
    }
    if (writes_->held() > 0 && !(writes_->holding() && error == SSL_ERROR_NONE)) {
        int sent = writes_->flush();
        bool going_on = error == SSL_ERROR_NONE || error == SSL_ERROR_WANT_READ;
        if (sent < 0 && going_on) {
            out.ec = error_code(errno, net::error::get_system_category());
            return out;
        }
        // a wait for the peer comes after the socket took what it waits for; a write that went is done, and
        // what the socket did not take yet goes before the next operation
        if (sent == 0 && error == SSL_ERROR_WANT_READ) {
            out.want = Step::Want::Write;
            return out;
        }
    }
    if (ret > 0) {
        if (kind == Kind::Read || kind == Kind::Write) out.bytes = static_cast<std::size_t>(ret);
        return out;
    }
    switch (error) {
        case SSL_ERROR_WANT_READ: out.want = Step::Want::Read; break;
        case SSL_ERROR_WANT_WRITE: out.want = Step::Want::Write; break;
        case SSL_ERROR_ZERO_RETURN: out.ec = net::error::eof; break;  // the peer's close_notify
        case SSL_ERROR_SSL:
            out.ec = error_code(static_cast<int>(ERR_get_error()), net::error::get_ssl_category());
            break;
        case SSL_ERROR_SYSCALL:
            if (unsigned long err = ERR_get_error()) {
                out.ec = error_code(static_cast<int>(err), net::error::get_ssl_category());
            } else if (ret == 0 || saved_errno == 0) {
                out.ec = net::ssl::error::stream_truncated;  // the connection ended without a close_notify
            } else {
                out.ec = error_code(saved_errno, net::error::get_system_category());
            }
            break;
        default: out.ec = net::ssl::error::unexpected_result; break;
    }
    return out;
}

}  // namespace proxy
