#pragma once
// nginx's way of reporting a TLS library failure while loading configuration (ngx_ssl_error): the text,
// then " (SSL: error:... error:...)" with every error the library queued, which are consumed.
#include <string>

namespace tls {

// `message` followed by the queued library errors, as nginx formats them; the queue is left empty.
std::string with_ssl_errors(std::string message);

// Throws an unlocated confparse::ConfigError with `message` and the queued library errors.
[[noreturn]] void throw_ssl_error(std::string message);

// Drops whatever the library has queued, for calls that may leave errors behind while succeeding.
void clear_ssl_errors();

}  // namespace tls
