#pragma once
// Reading a request body whole before the handler goes on, as nginx's ngx_http_read_client_request_body
// with request buffering: into memory within nginx's bounds, else into a temporary file under
// client_body_temp_path; and sending what was kept, again for each try.
#include <array>
#include <cstring>
#include <memory>

#include "proxy/exchange.hpp"
#include "proxy/request_body.hpp"

namespace proxy {

// Opens the body's temporary file as the location says (client_body_temp_path, client_body_in_file_only),
// with nginx's log lines; false (after a 500) when it cannot.
template <class Stream>
net::awaitable<bool> open_body_file(Exchange<Stream>& x, RequestBody& body) {
    const auto& s = x.scope;
    const auto in_file = *s.client_body_in_file_only;
    std::string path = s.client_body_temp_path->path;
    if (path.empty()) path = x.runtime.config().main.prefix + "client_body_temp";
    body.file = std::make_unique<BodyFile>(path, s.client_body_temp_path->levels,
                                           in_file == confparse::BodyInFile::On      ? BodyFile::Keep::Yes
                                           : in_file == confparse::BodyInFile::Clean ? BodyFile::Keep::UntilDone
                                                                                     : BodyFile::Keep::No);
    if (!body.file->ok()) {
        x.runtime.error_log(s).write(confparse::LogLevel::Crit, x.r.connection->id,
                                     "open() \"" + body.file->name() + "\" failed (" + std::to_string(body.file->error()) +
                                         ": " + std::strerror(body.file->error()) + ")" + error_context(x.r));
        co_await send_error(x, 500);
        co_return false;
    }
    // as nginx: a notice when the location asked for a file, a warning when the body was too large
    x.runtime.error_log(s).write(in_file == confparse::BodyInFile::Off ? confparse::LogLevel::Warn : confparse::LogLevel::Notice,
                                 x.r.connection->id,
                                 "a client request body is buffered to a temporary file " + body.file->name() +
                                     error_context(x.r));
    co_return true;
}

// Appends to the body's file; false (after a 500) when the write fails.
template <class Stream>
net::awaitable<bool> append_to_file(Exchange<Stream>& x, RequestBody& body, const char* data, std::size_t size) {
    if (body.file->append(data, size)) co_return true;
    x.runtime.error_log(x.scope).write(confparse::LogLevel::Crit, x.r.connection->id,
                                       "write() \"" + body.file->name() + "\" failed (" +
                                           std::to_string(body.file->error()) + ": " +
                                           std::strerror(body.file->error()) + ")" + error_context(x.r));
    co_await send_error(x, 500);
    co_return false;
}

// Keeps `size` bytes of the body: in memory while they stay within `bound`, else in the file (opened,
// with what memory held, the first time they do not).
template <class Stream>
net::awaitable<bool> keep_body_piece(Exchange<Stream>& x, RequestBody& body, const char* data, std::size_t size,
                                     std::uint64_t bound) {
    if (!body.file && body.memory.size() + size <= bound) {
        body.memory.append(data, size);
        co_return true;
    }
    if (!body.file) {
        if (!co_await open_body_file(x, body)) co_return false;
        std::string held;
        held.swap(body.memory);
        if (!co_await append_to_file(x, body, held.data(), held.size())) co_return false;
    }
    co_return co_await append_to_file(x, body, data, size);
}

// Reads the whole body into x.r.body, within client_max_body_size; false when the request cannot go on
// (the client left, or it was answered: 413 for a chunked body too large, 400 for a broken one, 500).
template <class Stream>
net::awaitable<bool> read_whole_body(Exchange<Stream>& x) {
    const auto& s = x.scope;
    auto kept = std::make_shared<RequestBody>();
    x.r.body = kept;
    RequestBody& body = *kept;
    if (owes_continue(x)) co_await send_continue(x);
    const bool chunked = x.parser.chunked();
    const auto length = x.parser.content_length();
    std::uint64_t preread = std::min<std::uint64_t>(x.buffer.size(), length.value_or(0));
    std::uint64_t bound = *s.client_body_in_file_only != confparse::BodyInFile::Off
                              ? 0
                              : memory_bound(chunked, preread, static_cast<std::uint64_t>(*s.client_body_buffer_size));
    // as nginx: client_body_in_file_only makes a file even for an empty body
    if (bound == 0 && !co_await open_body_file(x, body)) co_return false;
    if (length && *length <= bound) body.memory.reserve(*length);
    std::array<char, 16384> chunk;
    while (!x.failed && !body_done(x)) {
        // a body of known length past client_max_body_size was refused with its header; a chunked one is
        // refused here, by the size a chunk declares
        long piece = co_await read_body_piece(x, chunk.data(), chunk.size(), body_limit(x));
        if (piece < 0) {
            if (int refusal = body_refusal(x)) co_await send_error(x, refusal);
            co_return false;
        }
        auto got = static_cast<std::size_t>(piece);
        if (got && !co_await keep_body_piece(x, body, chunk.data(), got, bound)) co_return false;
    }
    body.whole = !x.failed;
    co_return body.whole;
}

// The size of what was kept of the body.
inline std::uint64_t kept_size(const RequestBody& body) { return body.file ? body.file->size() : body.memory.size(); }

}  // namespace proxy
