#include "tls/write_hold.hpp"

#include "tls/owning_bio.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <openssl/bio.h>
#include <openssl/ssl.h>

namespace tls {

const BIO_METHOD* WriteHold::method() {
    static const BIO_METHOD* method = [] {
        BIO_METHOD* m = new_owning_bio_method<WriteHold>("nproxy write hold");
        BIO_meth_set_write(m, &WriteHold::bio_write);
        return m;
    }();
    return method;
}

WriteHold* WriteHold::attach(SSL* ssl, int fd) {
    BIO* bio = BIO_new(method());
    if (!bio) return nullptr;
    auto* self = new WriteHold(fd);
    BIO_set_data(bio, self);
    SSL_set0_wbio(ssl, bio);
    return self;
}

// As BoringSSL's socket BIO writes (bytes taken; -1 with errno, or with the retry flag when the socket
// takes nothing now), or kept while held. Bytes still kept from before go first: until they have, a
// write is refused for a retry, which the caller makes after flush().
int WriteHold::bio_write(BIO* bio, const char* in, int length) {
    auto* self = static_cast<WriteHold*>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    if (length <= 0) return 0;
    if (self->holding_) {
        self->data_.append(in, static_cast<std::size_t>(length));
        return length;
    }
    if (self->held() > 0) {
        BIO_set_retry_write(bio);
        errno = EAGAIN;
        return -1;
    }
    ssize_t n = ::send(self->fd_, in, static_cast<std::size_t>(length), MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_write(bio);
    return static_cast<int>(n);
}

int WriteHold::flush() {
    while (held() > 0) {
        ssize_t n = ::send(fd_, data_.data() + sent_, held(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
        }
        sent_ += static_cast<std::size_t>(n);
    }
    std::string().swap(data_);  // a kept-alive connection holds no buffer
    sent_ = 0;
    return 1;
}

}  // namespace tls
