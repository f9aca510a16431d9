#include "tls/password_hash.hpp"

#include <crypt.h>

#include "tls/boringssl.hpp"

#include <openssl/base64.h>
#include <openssl/mem.h>
#include <openssl/md5.h>
#include <openssl/sha.h>

#include <algorithm>
#include <memory>
#include <string>

namespace tls {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool same(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    out.resize(EVP_EncodeBlock(reinterpret_cast<uint8_t*>(out.data()), data, size));
    return out;
}

// crypt's alphabet, 6 bits a character, least significant first
void append_crypt64(std::string& out, unsigned value, int characters) {
    static const char alphabet[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < characters; ++i, value >>= 6) out += alphabet[value & 0x3f];
}

// Poul-Henning Kamp's MD5 crypt with Apache's "$apr1$" magic (htpasswd -m): the published algorithm
std::string apr1(std::string_view key, std::string_view entry) {
    constexpr std::string_view magic = "$apr1$";
    std::string_view salt = entry.substr(magic.size(), 8);
    salt = salt.substr(0, salt.find('$'));
    auto bytes = [](std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); };

    unsigned char alternate[MD5_DIGEST_LENGTH];
    MD5_CTX ctx;
    MD5_Init(&ctx);
    MD5_Update(&ctx, bytes(key), key.size());
    MD5_Update(&ctx, bytes(salt), salt.size());
    MD5_Update(&ctx, bytes(key), key.size());
    MD5_Final(alternate, &ctx);

    unsigned char digest[MD5_DIGEST_LENGTH];
    MD5_Init(&ctx);
    MD5_Update(&ctx, bytes(key), key.size());
    MD5_Update(&ctx, bytes(magic), magic.size());
    MD5_Update(&ctx, bytes(salt), salt.size());
    for (std::size_t left = key.size(); left > 0; left -= std::min<std::size_t>(left, 16)) {
        MD5_Update(&ctx, alternate, std::min<std::size_t>(left, 16));
    }
    const unsigned char zero = 0;
    for (std::size_t bits = key.size(); bits; bits >>= 1) {
        MD5_Update(&ctx, (bits & 1) ? &zero : bytes(key), 1);
    }
    MD5_Final(digest, &ctx);

    for (int round = 0; round < 1000; ++round) {
        MD5_Init(&ctx);
        if (round & 1) MD5_Update(&ctx, bytes(key), key.size());
        else MD5_Update(&ctx, digest, sizeof digest);
        if (round % 3) MD5_Update(&ctx, bytes(salt), salt.size());
        if (round % 7) MD5_Update(&ctx, bytes(key), key.size());
        if (round & 1) MD5_Update(&ctx, digest, sizeof digest);
        else MD5_Update(&ctx, bytes(key), key.size());
        MD5_Final(digest, &ctx);
    }

    std::string out(magic);
    out += salt;
    out += '$';
    const unsigned char* d = digest;
    append_crypt64(out, (d[0] << 16) | (d[6] << 8) | d[12], 4);
    append_crypt64(out, (d[1] << 16) | (d[7] << 8) | d[13], 4);
    append_crypt64(out, (d[2] << 16) | (d[8] << 8) | d[14], 4);
    append_crypt64(out, (d[3] << 16) | (d[9] << 8) | d[15], 4);
    append_crypt64(out, (d[4] << 16) | (d[10] << 8) | d[5], 4);
    append_crypt64(out, d[11], 2);
    return out;
}

// "{SSHA}" base64(SHA1(password salt) salt)
bool ssha_matches(std::string_view password, std::string_view encoded) {
    std::string decoded(encoded.size(), '\0');
    std::size_t size = 0;
    if (!EVP_DecodeBase64(reinterpret_cast<uint8_t*>(decoded.data()), &size, decoded.size(),
                          reinterpret_cast<const uint8_t*>(encoded.data()), encoded.size()) ||
        size < SHA_DIGEST_LENGTH) {
        return false;
    }
    decoded.resize(size);
    std::string salted(password);
    salted.append(decoded, SHA_DIGEST_LENGTH);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const uint8_t*>(salted.data()), salted.size(), digest);
    return same(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest),
                std::string_view(decoded).substr(0, SHA_DIGEST_LENGTH));
}

}  // namespace

bool password_matches(std::string_view password, std::string_view entry) {
    if (starts_with(entry, "$apr1$")) return same(apr1(password, entry), entry);
    if (starts_with(entry, "{PLAIN}")) return same(password, entry.substr(7));
    if (starts_with(entry, "{SSHA}")) return ssha_matches(password, entry.substr(6));
    if (starts_with(entry, "{SHA}")) {
        unsigned char digest[SHA_DIGEST_LENGTH];
        SHA1(reinterpret_cast<const uint8_t*>(password.data()), password.size(), digest);
        return same(base64(digest, sizeof digest), entry.substr(5));
    }
    // crypt_r's state is large (over 32 KiB): on the heap, and one per call, as worker threads may share it
    auto data = std::make_unique<crypt_data>();
    std::string key(password), setting(entry);
    const char* hashed = crypt_r(key.c_str(), setting.c_str(), data.get());
    return hashed && hashed[0] != '*' && same(hashed, entry);
}

}  // namespace tls
