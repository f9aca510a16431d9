#pragma once
// The read side of a TLS connection: BoringSSL's reads of the socket, with read-ahead. BoringSSL has none
// of its own: it reads a record's 5-byte header and then its body with a read() each; here one read()
// brings the header, the body and the records that came with them (small ones whole: a short answer is
// one read), and a large body's read brings the next record's header with it.
// The buffer is held only while it has bytes BoringSSL has not taken, so an idle connection holds none;
// a worker keeps a few free buffers for the next connection that reads.
#include <cstddef>

#include <openssl/base.h>

namespace tls {

class WriteHold;

class ReadAhead {
public:
    static constexpr std::size_t kSize = 4096;    // what a read for a record's header takes at most
    static constexpr std::size_t kDirect = 1024;  // a read at least this large goes straight to BoringSSL
    static constexpr std::size_t kTail = 512;     // ... and what follows the record into the buffer

    // Gives `ssl` a read-ahead on the non-blocking socket `fd` as its read side (the write side is
    // write_hold.hpp's). Null when BoringSSL could not allocate.
    static ReadAhead* attach(SSL* ssl, int fd);

    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;
    ~ReadAhead();

    // Bytes read from the socket that BoringSSL has not taken yet.
    std::size_t buffered() const { return end_ - begin_; }

    // Before each read of the socket, what `writes` holds is sent: a handshake that reads waits for an
    // answer to what it wrote.
    void send_held_first(WriteHold* writes) { writes_ = writes; }

private:
    explicit ReadAhead(int fd) : fd_(fd) {}
    static const BIO_METHOD* method();
    static int bio_read(BIO* bio, char* out, int length);
    void release();

    int fd_;
    WriteHold* writes_ = nullptr;
    char* data_ = nullptr;
    std::size_t begin_ = 0, end_ = 0;
};

}  // namespace tls
