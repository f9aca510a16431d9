#pragma once
// Runs a TLS handshake between two SSL objects in memory (a BIO pair), for tests of the contexts.
#include "tls/boringssl.hpp"

#include <openssl/bio.h>
#include <openssl/ssl.h>

namespace tls_test {

// True when both sides finished the handshake; false as soon as either fails.
inline bool handshake(SSL* client, SSL* server) {
    BIO* client_end = nullptr;
    BIO* server_end = nullptr;
    if (!BIO_new_bio_pair(&client_end, 0, &server_end, 0)) return false;
    SSL_set_bio(client, client_end, client_end);
    SSL_set_bio(server, server_end, server_end);
    SSL_set_accept_state(server);
    auto pending = [](SSL* ssl, int rc) {
        int err = SSL_get_error(ssl, rc);
        return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE;
    };
    for (int round = 0; round < 20; ++round) {
        int c = SSL_do_handshake(client);
        int s = SSL_do_handshake(server);
        if (c == 1 && s == 1) return true;
        if ((c != 1 && !pending(client, c)) || (s != 1 && !pending(server, s))) return false;
    }
    return false;
}

}  // namespace tls_test
