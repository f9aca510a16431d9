#include "tls/read_ahead.hpp"

#include "tls/owning_bio.hpp"
#include "tls/write_hold.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <openssl/bio.h>
#include <openssl/ssl.h>

namespace tls {
namespace {

// A worker's free buffers: most reads take one and give it back within the same turn of the event loop,
// so a few spare ones save the allocator a large allocation and free per read.
struct Spares {
    static constexpr int kKept = 8;
    char* free[kKept] = {};
    int count = 0;  // -1 once the thread ends: a connection freed after that frees its buffer itself
    ~Spares() {
        for (int i = 0; i < count; ++i) delete[] free[i];
        count = -1;
    }
};
thread_local Spares spares;

}  // namespace

const BIO_METHOD* ReadAhead::method() {
    static const BIO_METHOD* method = [] {
        BIO_METHOD* m = new_owning_bio_method<ReadAhead>("nproxy read-ahead");
        BIO_meth_set_read(m, &ReadAhead::bio_read);
        return m;
    }();
    return method;
}

ReadAhead* ReadAhead::attach(SSL* ssl, int fd) {
    BIO* read = BIO_new(method());
    if (!read) return nullptr;
    auto* self = new ReadAhead(fd);
    BIO_set_data(read, self);
    SSL_set0_rbio(ssl, read);
    return self;
}

ReadAhead::~ReadAhead() { release(); }

void ReadAhead::release() {
    begin_ = end_ = 0;
    if (!data_) return;
    if (spares.count >= 0 && spares.count < Spares::kKept) spares.free[spares.count++] = data_;
    else delete[] data_;
    data_ = nullptr;
}

// As BoringSSL's socket BIO reads (bytes; 0 at the end of the stream; -1 with errno, or with the retry
// flag when nothing has come yet), from the buffer while it has bytes. A read for a record's header takes
// what the socket has, up to kSize; a read for a large record body goes straight into BoringSSL's buffer,
// with only the next kTail bytes (the next record's header, the start of its body) into ours: a large
// transfer is read with one read() per record, and copied once more only for those kTail bytes.
int ReadAhead::bio_read(BIO* bio, char* out, int length) {
    auto* self = static_cast<ReadAhead*>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    if (length <= 0) return 0;
    auto wanted = static_cast<std::size_t>(length);
    if (self->buffered() == 0 && self->writes_ && self->writes_->held() > 0) {
        int sent = self->writes_->flush();
        if (sent <= 0) {  // the caller sends the rest once the socket takes it, then reads again
            if (sent == 0) BIO_set_retry_read(bio);
            return -1;
        }
    }
    if (self->buffered() == 0) {
        if (!self->data_) self->data_ = spares.count > 0 ? spares.free[--spares.count] : new char[kSize];
        ssize_t n = 0;
        if (wanted >= kDirect) {
            iovec parts[2] = {{out, wanted}, {self->data_, kTail}};
            n = ::readv(self->fd_, parts, 2);
        } else {
            n = ::recv(self->fd_, self->data_, kSize, 0);
        }
        if (n <= 0) {
            int error = errno;
            self->release();  // a connection that waits holds no buffer
            if (n < 0 && (error == EAGAIN || error == EWOULDBLOCK || error == EINTR)) BIO_set_retry_read(bio);
            errno = error;
            return static_cast<int>(n);
        }
        if (wanted >= kDirect) {
            auto got = static_cast<std::size_t>(n);
            self->end_ = got > wanted ? got - wanted : 0;
            if (self->end_ == 0) self->release();
            return static_cast<int>(std::min(got, wanted));
        }
        self->end_ = static_cast<std::size_t>(n);
    }
    std::size_t n = std::min(self->buffered(), wanted);
    std::memcpy(out, self->data_ + self->begin_, n);
    self->begin_ += n;
    if (self->begin_ == self->end_) self->release();
    return static_cast<int>(n);
}

}  // namespace tls
