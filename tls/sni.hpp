#pragma once
// Server Name Indication on the listening side: a connection starts on its address's default server
// context, and the name the client sends switches it to the named server's context, as nginx does.
#include <functional>
#include <string_view>

#include "tls/boringssl.hpp"

namespace tls {

class ServerContext;

// Returns the context for a name (empty when the client sent none); never null.
using SniSelector = std::function<const ServerContext*(std::string_view server_name)>;

// Makes `ctx` consult the selector attached to each connection. Once per context.
void enable_sni(SSL_CTX* ctx);

// A new server-side connection on `context`, switching by SNI through `selector` (which must outlive it).
bssl::UniquePtr<SSL> new_server_connection(const ServerContext& context, const SniSelector* selector);

}  // namespace tls
