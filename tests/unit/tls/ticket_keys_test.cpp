// Ticket keys of a shared session cache zone rotate as nginx 1.23.2's: a new key once the previous one's
// tickets have expired, the previous key still accepted until then.
#include <catch2/catch.hpp>

#include "tls/boringssl.hpp"

#include <openssl/cipher.h>
#include <openssl/hmac.h>

#include <array>
#include <string>

#include "tls/ticket_keys.hpp"

namespace {

struct Crypto {
    bssl::ScopedEVP_CIPHER_CTX cipher;
    bssl::ScopedHMAC_CTX hmac;
};

// The name of the key a ticket made at `now` is encrypted with.
std::string encrypting_key(tls::RotatingTicketKeys& keys, std::int64_t now) {
    std::array<uint8_t, 16> name{};
    std::array<uint8_t, EVP_MAX_IV_LENGTH> iv{};
    Crypto c;
    REQUIRE(keys.handle(2, name.data(), iv.data(), c.cipher.get(), c.hmac.get(), 1, now) == 1);
    return std::string(name.begin(), name.end());
}

// What the callback answers for a ticket under `name` at `now`: 1 current, 2 valid but old, 0 unknown.
int decrypting(tls::RotatingTicketKeys& keys, const std::string& name, std::int64_t now) {
    std::array<uint8_t, 16> n{};
    std::copy(name.begin(), name.end(), n.begin());
    std::array<uint8_t, EVP_MAX_IV_LENGTH> iv{};
    Crypto c;
    return keys.handle(2, n.data(), iv.data(), c.cipher.get(), c.hmac.get(), 0, now);
}

}  // namespace

TEST_CASE("rotating ticket keys: one key per timeout, the previous one accepted until its tickets expire") {
    auto& keys = tls::RotatingTicketKeys::for_zone("ticket_keys_test");
    CHECK(&keys == &tls::RotatingTicketKeys::for_zone("ticket_keys_test"));
    CHECK(&keys != &tls::RotatingTicketKeys::for_zone("ticket_keys_test_other"));

    const std::string first = encrypting_key(keys, 1000);
    CHECK(encrypting_key(keys, 1001) == first);  // tickets live 2 s: still the same key
    CHECK(decrypting(keys, first, 1001) == 1);

    const std::string second = encrypting_key(keys, 1003);  // the first key's start copy has expired
    CHECK(second != first);
    CHECK(decrypting(keys, first, 1003) == 2);  // made at 1001, valid until 1003: accepted, renewed
    CHECK(decrypting(keys, second, 1003) == 1);

    CHECK(decrypting(keys, first, 1004) == 0);  // past 1003: the first key is gone
    const std::string third = encrypting_key(keys, 1004);
    CHECK(third != second);
    CHECK(decrypting(keys, second, 1004) == 2);
}
