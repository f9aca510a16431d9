// Password file entries checked as nginx's ngx_crypt checks them (hashes made with openssl passwd and
// Python's hashlib).
#include <catch2/catch.hpp>

#include "tls/password_hash.hpp"

using tls::password_matches;

TEST_CASE("password hashes: Apache's apr1 and the C library's crypt()") {
    CHECK(password_matches("secret1", "$apr1$saltsalt$5MCuaE4VxZK/CDugVarlJ."));
    CHECK_FALSE(password_matches("secret2", "$apr1$saltsalt$5MCuaE4VxZK/CDugVarlJ."));
    CHECK(password_matches("secret2", "$1$ab$asdyqxg4IJTnyL9XrEK2S0"));
    CHECK(password_matches("secret3", "$6$abcdefgh$86JQsu66XRhBIE.0uFgbn45x0HK7Qvobn1BS1SjvDeQ9EqnAKIqORDUVL9wwCUy"
                                      "hQjkf/CRrOYN1Pct/aiwqI1"));
    CHECK_FALSE(password_matches("secret2", "$1$ab$asdyqxg4IJTnyL9XrEK2S1"));
    CHECK_FALSE(password_matches("", ""));  // crypt() refuses an empty setting
}

TEST_CASE("password hashes: {SHA}, {SSHA} and {PLAIN}") {
    CHECK(password_matches("secret4", "{SHA}OYLHmdHE864xkK1OCSSFhcZRqUY="));
    CHECK_FALSE(password_matches("secret", "{SHA}OYLHmdHE864xkK1OCSSFhcZRqUY="));
    CHECK(password_matches("secret5", "{SSHA}vylZ2CgSEXFUsh8ZFUx69RdlmR1OYUNs"));
    CHECK_FALSE(password_matches("secret4", "{SSHA}vylZ2CgSEXFUsh8ZFUx69RdlmR1OYUNs"));
    CHECK_FALSE(password_matches("secret5", "{SSHA}not base64!"));
    CHECK_FALSE(password_matches("secret5", "{SSHA}c2hvcnQ="));  // shorter than a SHA-1 digest
    CHECK(password_matches("plain", "{PLAIN}plain"));
    CHECK_FALSE(password_matches("plain", "{PLAIN}plainer"));
}
