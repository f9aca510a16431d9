#pragma once
// ssl_session_ticket_key: files of 48 bytes (AES-128, 16-byte HMAC key) or 80 bytes (AES-256, 32-byte HMAC
// key), read as nginx does; the first key encrypts new tickets, every key decrypts.
#include <array>
#include <cstdint>
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

}  // namespace tls
