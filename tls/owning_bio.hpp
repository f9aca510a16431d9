#pragma once
// The BIO method of a socket side of nproxy's own (tls/read_ahead.hpp, tls/write_hold.hpp): a BIO whose
// data is an object it owns, deleted with it, and whose flush does nothing.
#include <openssl/bio.h>

namespace tls {

// A new method named `name` for BIOs that own a T as their data; the caller sets its read or write.
template <class T>
BIO_METHOD* new_owning_bio_method(const char* name) {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, name);
    BIO_meth_set_create(m, [](BIO* bio) {
        BIO_set_init(bio, 1);
        return 1;
    });
    BIO_meth_set_destroy(m, [](BIO* bio) {
        delete static_cast<T*>(BIO_get_data(bio));
        BIO_set_data(bio, nullptr);
        return 1;
    });
    // BoringSSL flushes after each handshake flight: there is nothing to flush
    BIO_meth_set_ctrl(m, [](BIO*, int cmd, long, void*) -> long { return cmd == BIO_CTRL_FLUSH ? 1 : 0; });
    return m;
}

}  // namespace tls
