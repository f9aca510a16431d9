#include "tls/ticket_keys.hpp"

#include "tls/boringssl.hpp"

#include <openssl/cipher.h>
#include <openssl/digest.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>

#include "confparse/files.hpp"

namespace tls {
namespace {

const EVP_CIPHER* cipher_of(const TicketKey& key) {
    return key.aes_key.size() == 16 ? EVP_aes_128_cbc() : EVP_aes_256_cbc();
}

// As nginx: 48 bytes are name, AES key, HMAC key; 80 bytes are name, HMAC key, AES key.
TicketKey split_key(const std::string& bytes) {
    TicketKey key;
    auto at = [&](size_t offset) { return reinterpret_cast<const uint8_t*>(bytes.data()) + offset; };
    std::copy(at(0), at(16), key.name.begin());
    if (bytes.size() == 48) {
        key.aes_key.assign(at(16), at(32));
        key.hmac_key.assign(at(32), at(48));
    } else {
        key.hmac_key.assign(at(16), at(48));
        key.aes_key.assign(at(48), at(80));
    }
    return key;
}

TicketKey random_key() {
    TicketKey key;
    key.aes_key.resize(32);
    key.hmac_key.resize(32);
    RAND_bytes(key.name.data(), key.name.size());
    RAND_bytes(key.aes_key.data(), key.aes_key.size());
    RAND_bytes(key.hmac_key.data(), key.hmac_key.size());
    return key;
}

}  // namespace

const std::vector<TicketKey>& process_ticket_keys() {
    static const std::vector<TicketKey> keys{random_key()};
    return keys;
}

std::vector<TicketKey> read_ticket_keys(const std::vector<std::string>& paths, const confparse::SourceRef& where) {
    std::vector<TicketKey> keys;
    for (const std::string& path : paths) {
        std::string bytes;
        if (int err = confparse::read_file(path, bytes)) {
            throw confparse::ConfigError("open() \"" + path + "\" failed (" + confparse::errno_text(err) + ")",
                                         where);
        }
        if (bytes.size() != 48 && bytes.size() != 80) {
            throw confparse::ConfigError("\"" + path + "\" must be 48 or 80 bytes", where);
        }
        keys.push_back(split_key(bytes));
    }
    return keys;
}

int handle_ticket_key(const std::vector<TicketKey>& keys, uint8_t* name, uint8_t* iv, EVP_CIPHER_CTX* cipher,
                      HMAC_CTX* hmac, int encrypt) {
    if (encrypt) {
        const TicketKey& key = keys.front();
        std::memcpy(name, key.name.data(), key.name.size());
        const EVP_CIPHER* algorithm = cipher_of(key);
        if (!RAND_bytes(iv, EVP_CIPHER_iv_length(algorithm))) return -1;
        if (!EVP_EncryptInit_ex(cipher, algorithm, nullptr, key.aes_key.data(), iv)) return -1;
        if (!HMAC_Init_ex(hmac, key.hmac_key.data(), key.hmac_key.size(), EVP_sha256(), nullptr)) return -1;
        return 1;
    }
    auto it = std::find_if(keys.begin(), keys.end(), [&](const TicketKey& k) {
        return std::memcmp(k.name.data(), name, k.name.size()) == 0;
    });
    if (it == keys.end()) return 0;  // unknown key: a full handshake
    if (!HMAC_Init_ex(hmac, it->hmac_key.data(), it->hmac_key.size(), EVP_sha256(), nullptr)) return -1;
    if (!EVP_DecryptInit_ex(cipher, cipher_of(*it), nullptr, it->aes_key.data(), iv)) return -1;
    return it == keys.begin() ? 1 : 2;  // 2: valid but old, so the client gets a ticket under the new key
}

RotatingTicketKeys& RotatingTicketKeys::for_zone(const std::string& zone) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<RotatingTicketKeys>> zones;
    std::lock_guard lock(mutex);
    auto& slot = zones[zone];
    if (!slot) slot = std::make_unique<RotatingTicketKeys>();
    return *slot;
}

int RotatingTicketKeys::handle(std::int64_t timeout, uint8_t* name, uint8_t* iv, EVP_CIPHER_CTX* cipher,
                               HMAC_CTX* hmac, int encrypt, std::int64_t now) {
    std::lock_guard lock(mutex_);
    rotate(now, timeout);
    return handle_ticket_key(keys_, name, iv, cipher, hmac, encrypt);
}

void RotatingTicketKeys::rotate(std::int64_t now, std::int64_t timeout) {
    enum { kCurrent, kPrevious, kNext };
    const std::int64_t expire = now + timeout;
    if (expire_[kCurrent] == 0) {
        keys_[kCurrent] = random_key();
        expire_[kCurrent] = expire;
        keys_[kNext] = keys_[kCurrent];  // the first rotation below makes it current again
    }
    if (expire_[kPrevious] < now) {
        keys_[kPrevious] = std::move(keys_[kCurrent]);
        expire_[kPrevious] = expire_[kCurrent];
        keys_[kCurrent] = std::move(keys_[kNext]);
        expire_[kCurrent] = 0;
        keys_[kNext] = random_key();
    }
    // the current key is needed at least until the ticket being made now expires
    expire_[kCurrent] = std::max(expire_[kCurrent], expire);
}

}  // namespace tls
