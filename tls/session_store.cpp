#include "tls/session_store.hpp"

#include <openssl/ssl.h>

namespace tls {
namespace {

int slot_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// BoringSSL calls this for each session the server gives: after a TLS 1.2 handshake, and for every
// TLS 1.3 ticket, which arrives after the handshake. Returning 1 takes ownership.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
    auto* slot = static_cast<SessionStore::Slot*>(SSL_get_ex_data(ssl, slot_index()));
    if (!slot || !slot->store) return 0;
    slot->store->save(*slot, bssl::UniquePtr<SSL_SESSION>(session));
    return 1;
}

}  // namespace

void SessionStore::enable(SSL_CTX* ctx) {
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
    SSL_CTX_sess_set_new_cb(ctx, on_new_session);
}

void SessionStore::attach(SSL* ssl, Slot& slot) {
    slot.store = this;
    SSL_set_ex_data(ssl, slot_index(), &slot);
    std::lock_guard lock(mutex_);
    auto entry = entries_.find(slot.identity);
    if (entry == entries_.end()) return;
    auto own = entry->second.by_peer.find(slot.peer);
    SSL_SESSION* session = own != entry->second.by_peer.end() ? own->second.get() : entry->second.newest.get();
    if (session) SSL_set_session(ssl, session);
}

void SessionStore::save(const Slot& slot, bssl::UniquePtr<SSL_SESSION> session) {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[slot.identity];
    SSL_SESSION_up_ref(session.get());
    entry.newest.reset(session.get());
    entry.by_peer[slot.peer] = std::move(session);
}

std::size_t SessionStore::size() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [identity, entry] : entries_) n += entry.by_peer.size();
    return n;
}

}  // namespace tls
