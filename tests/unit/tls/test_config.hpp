#pragma once
// Loads an nginx.conf written for a test (the text goes inside "http { }") the way `nproxy -t` does.
#include <filesystem>
#include <string>

#include "confparse/load.hpp"
#include "test_pki.hpp"
#include "tls/config_check.hpp"

namespace tls_test {

inline confparse::Loaded load_http(const TempDir& dir, const std::string& http_body) {
    std::filesystem::create_directories(dir.file("logs"));
    std::string conf = dir.write("nginx.conf", "events {}\nhttp {\n" + http_body + "\n}\n");
    return confparse::load({dir.file(""), conf, ""});
}

// The error `nproxy -t` would print after "[emerg] " for this http block, or "" when it passes.
inline std::string check_error(const TempDir& dir, const std::string& http_body) {
    try {
        confparse::Loaded loaded = load_http(dir, http_body);
        tls::check_config(loaded.config);
    } catch (const confparse::ConfigError& e) {
        return e.text();
    }
    return "";
}

// The message without the " (SSL: ...)" details, which depend on the library's build.
inline std::string without_ssl_details(const std::string& text) {
    size_t at = text.find(" (SSL:");
    return at == std::string::npos ? text : text.substr(0, at);
}

}  // namespace tls_test
