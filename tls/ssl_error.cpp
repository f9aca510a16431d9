#include "tls/ssl_error.hpp"

#include "tls/boringssl.hpp"

#include <openssl/err.h>

#include "confparse/error.hpp"

namespace tls {

std::string with_ssl_errors(std::string message) {
    if (ERR_peek_error() == 0) return message;
    message += " (SSL:";
    const char* data = nullptr;
    int flags = 0;
    while (uint32_t code = ERR_get_error_line_data(nullptr, nullptr, &data, &flags)) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        message += ' ';
        message += text;
        if ((flags & ERR_FLAG_STRING) && data != nullptr && *data != '\0') {
            message += ':';
            message += data;
        }
    }
    message += ')';
    return message;
}

void throw_ssl_error(std::string message) {
    throw confparse::ConfigError(with_ssl_errors(std::move(message)));
}

void clear_ssl_errors() { ERR_clear_error(); }

}  // namespace tls
