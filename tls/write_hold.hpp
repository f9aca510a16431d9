#pragma once
// The write side of a TLS connection: BoringSSL's writes to the socket, made as its socket BIO makes them,
// or, while held, kept to go out together later. A client that holds its handshake sends its last flight
// with its first write, in one send() and one segment (TLS 1.3, and TLS 1.2 resumed, end with the
// client's flight; nginx sends it alone, then the request).
#include <cstddef>
#include <string>

#include <openssl/base.h>

namespace tls {

class WriteHold {
public:
    // Gives `ssl` the non-blocking socket `fd` as its write side (as SSL_set_fd). Null when BoringSSL could
    // not allocate.
    static WriteHold* attach(SSL* ssl, int fd);

    WriteHold(const WriteHold&) = delete;
    WriteHold& operator=(const WriteHold&) = delete;

    // From hold(true) on, writes are kept (flush() sends them), until hold(false).
    void hold(bool on) { holding_ = on; }
    bool holding() const { return holding_; }
    // Bytes kept that the socket has not taken yet.
    std::size_t held() const { return data_.size() - sent_; }

    // Sends what is kept, without waiting; holding goes on as it was. 1 when all of it went, 0 when the
    // socket takes no more now (again after a wait for it), -1 with errno on an error.
    int flush();

private:
    explicit WriteHold(int fd) : fd_(fd) {}
    static const BIO_METHOD* method();
    static int bio_write(BIO* bio, const char* in, int length);

    int fd_;
    bool holding_ = false;
    std::string data_;
    std::size_t sent_ = 0;
};

}  // namespace tls
