#pragma once
// What a TLS connection's variables show ($ssl_protocol, $ssl_client_verify, ...), read once after the
// handshake so requests never touch the SSL object for them.
#include <string>

typedef struct ssl_st SSL;

namespace tls {

struct ConnectionInfo {
    bool active = false;
    std::string protocol;        // "TLSv1.3"
    std::string alpn;            // the application protocol ALPN chose ("http/1.1"), else empty
    std::string cipher;          // OpenSSL-style name
    std::string curve;           // the key exchange group, OpenSSL's short name ("prime256v1", "X25519")
    std::string session_id;      // hex
    bool session_reused = false;
    std::string server_name;     // SNI sent by the client
    std::string client_verify = "NONE";  // SUCCESS, FAILED:reason, NONE
    std::string client_s_dn, client_i_dn, client_serial, client_fingerprint;
    std::string client_s_dn_legacy, client_i_dn_legacy;  // OpenSSL's one-line form: "/O=x/CN=y"
    std::string client_v_start, client_v_end;            // "Nov 27 06:22:35 2026 GMT"
    long long client_not_after = 0;                      // seconds since the epoch, for $ssl_client_v_remain
    std::string client_cert;     // PEM
};

// Reads the connection's state after a completed handshake.
ConnectionInfo inspect(SSL* ssl);

}  // namespace tls
