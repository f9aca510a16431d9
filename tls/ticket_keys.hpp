#pragma once
// ssl_session_ticket_key: files of 48 bytes (AES-128, 16-byte HMAC key) or 80 bytes (AES-256, 32-byte HMAC
// key), read as nginx does; the first key encrypts new tickets, every key decrypts.
#include <array>
#include <cstdint>
#include <ctime>
#include <mutex>
#include <string>
#include <vector>

#include "confparse/error.hpp"
#include "tls/boringssl.hpp"

namespace tls {

struct TicketKey {
    std::array<uint8_t, 16> name{};
    std::vector<uint8_t> aes_key;
    std::vector<uint8_t> hmac_key;
};

// Reads every file in order; failures throw confparse::ConfigError located at `where`.
std::vector<TicketKey> read_ticket_keys(const std::vector<std::string>& paths, const confparse::SourceRef& where);

// Without ssl_session_ticket_key, every server of this process encrypts tickets with one key made at
// start (and kept across reloads), so a client can resume at any of them. Made once, never changed.
const std::vector<TicketKey>& process_ticket_keys();

// The body of BoringSSL's ticket key callback (SSL_CTX_set_tlsext_ticket_key_cb) over `keys`.
int handle_ticket_key(const std::vector<TicketKey>& keys, uint8_t* name, uint8_t* iv, EVP_CIPHER_CTX* cipher,
                      HMAC_CTX* hmac, int encrypt);

// Without ssl_session_ticket_key but with a shared session cache, the keys belong to the cache's zone and
// rotate, as nginx 1.23.2 does (1.22 never changes them): once the previous key's last ticket has expired,
// the current key becomes the previous one and a new key encrypts; a key stays current at least until the
// tickets it made run out (ssl_session_timeout). Shared by every server naming the zone, kept across reloads.
class RotatingTicketKeys {
public:
    static RotatingTicketKeys& for_zone(const std::string& zone);

    // handle_ticket_key over the keys as of `now`, for tickets that live `timeout` seconds.
    int handle(std::int64_t timeout, uint8_t* name, uint8_t* iv, EVP_CIPHER_CTX* cipher, HMAC_CTX* hmac, int encrypt,
               std::int64_t now = std::time(nullptr));

private:
    void rotate(std::int64_t now, std::int64_t timeout);

    std::mutex mutex_;
    std::vector<TicketKey> keys_ = std::vector<TicketKey>(3);  // current, previous, next
    std::array<std::int64_t, 3> expire_{};                    // 0: not made yet
};

}  // namespace tls
