#pragma once
// proxy_store: an upstream's 200 answer kept as a file, where root or alias map the URI (`on`) or where
// the directive's path says, once it has come whole, as nginx's ngx_http_upstream_store. Unlike nginx, a
// client that goes away ends the download, and with it the file.
#include <memory>
#include <optional>
#include <string>

#include "proxy/exchange.hpp"
#include "proxy/file_path.hpp"
#include "proxy/http_time.hpp"
#include "proxy/store_file.hpp"

namespace proxy {

// A store file's failure, at crit as nginx's ngx_ext_rename_file logs its own.
template <class Stream>
void log_store_failure(Exchange<Stream>& x, const std::string& error) {
    x.runtime.error_log(x.scope).write(confparse::LogLevel::Crit, x.r.connection->id, error + error_context(x.r));
}

// The file an answer goes to, opened; null when the location does not store it (or the file cannot be
// made, which is logged).
template <class Stream>
std::unique_ptr<StoreFile> start_store(Exchange<Stream>& x, int upstream_status, bool no_body) {
    const std::string& store = *x.scope.proxy_store;
    if (store.empty() || upstream_status != 200 || no_body) return nullptr;
    std::string path = store == "on" ? file_path(x.scope, x.r, level_root(x.scope, x.r, x.runtime.prefix()))
                                     : x.runtime.render(store, x.r);
    auto file = std::make_unique<StoreFile>();
    std::string error;
    if (file->open(path, *x.scope.proxy_store_access, error)) return file;
    log_store_failure(x, error);
    return nullptr;
}

// Writes a piece of the answer's body; a failure drops the file (logged).
template <class Stream>
void store_piece(Exchange<Stream>& x, std::unique_ptr<StoreFile>& file, const char* data, std::size_t size) {
    std::string error;
    if (file->write(data, size, error)) return;
    log_store_failure(x, error);
    file.reset();
}

// The answer came whole: the file takes its place, with the answer's Last-Modified as its time.
template <class Stream>
void commit_store(Exchange<Stream>& x, StoreFile& file, const std::string& last_modified) {
    std::string error;
    std::optional<std::int64_t> mtime;
    if (!last_modified.empty()) mtime = parse_http_time(last_modified);
    if (!file.commit(mtime, error)) log_store_failure(x, error);
}

}  // namespace proxy
