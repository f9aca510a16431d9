#pragma once
// The parser of an upstream's response: Beast's HTTP/1 parsing, with the header's fields kept in one
// string (Beast's http::response_parser allocates each field, and the reason, on its own, for fields that
// are read once, to be passed on) and the body put into the buffer the relay gives, as http::buffer_body.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>

#include "proxy/net.hpp"
#include "proxy/upstream_fields.hpp"

namespace proxy {

static_assert(sizeof(http::field) == kFieldIdSize);

class ResponseParser : public http::basic_parser<false> {
public:
    struct Field {
        http::field id;  // http::field::unknown for a name Beast does not know
        std::string_view name;
        std::string_view value;
    };
    // Where the next body bytes go and how much room is left there.
    struct Body {
        void* data = nullptr;
        std::size_t size = 0;
    };

    int status() const { return status_; }
    Body& body() { return body_; }

    // Parses what `buffer` holds already, as http::async_read_some would before reading, but without
    // waiting or posting a completion: (error, bytes parsed); a body that wants more bytes is no error.
    std::tuple<error_code, std::size_t> parse_buffered(beast::flat_buffer& buffer) {
        error_code ec;
        eager(true);
        std::size_t used = put(buffer.data(), ec);
        buffer.consume(used);
        if (ec == http::error::need_more) ec = {};
        return {ec, used};
    }

    // Parses `size` bytes read straight into the body buffer (body().data), which stay where they are: a
    // body of known length is relayed without a copy through the parser. (error, bytes parsed); bytes
    // past the body's end are left unparsed.
    std::tuple<error_code, std::size_t> parse_in_place(std::size_t size) {
        error_code ec;
        eager(true);
        std::size_t used = put(net::const_buffer(body_.data, size), ec);
        if (ec == http::error::need_more) ec = {};
        return {ec, used};
    }

    // Parses a whole header block (as a handler serialised it): whether it was one.
    bool parse_header_block(std::string_view header) {
        error_code ec;
        eager(false);
        put(net::buffer(header.data(), header.size()), ec);
        return is_header_done();
    }

    // The Content-Type field's value; empty when there is none.
    std::string_view content_type() const {
        std::string_view type;
        for_each_field([&](const Field& f) {
            if (f.id == http::field::content_type) type = f.value;
        });
        return type;
    }

    // Calls f(Field) for each field of the header, in the order received.
    template <class F>
    void for_each_field(F&& f) const {
        for_each_upstream_field(fields_, [&](std::string_view id_bytes, std::string_view name, std::string_view value) {
            http::field id;
            std::memcpy(&id, id_bytes.data(), sizeof id);
            f(Field{id, name, value});
        });
    }

    // The fields, given up to whoever keeps them past the parser (the request, for $upstream_http_NAME).
    std::string take_fields() { return std::move(fields_); }
    // Has the fields kept in `buffer`, emptied, whose capacity a request kept from an earlier one.
    void reuse_fields(std::string buffer) {
        buffer.clear();
        fields_ = std::move(buffer);
    }

private:
    void on_request_impl(http::verb, beast::string_view, beast::string_view, int, error_code&) override {}

    void on_response_impl(int code, beast::string_view, int, error_code&) override { status_ = code; }

    // In upstream_fields.hpp's form.
    void on_field_impl(http::field id, beast::string_view name, beast::string_view value, error_code&) override {
        if (fields_.empty()) fields_.reserve(512);
        std::size_t at = fields_.size();
        fields_.resize(at + sizeof id + name.size() + value.size() + 2);
        char* p = fields_.data() + at;
        std::memcpy(p, &id, sizeof id);
        p = std::copy(name.begin(), name.end(), p + sizeof id);
        *p++ = ':';
        *std::copy(value.begin(), value.end(), p) = '\n';
    }

    void on_header_impl(error_code&) override {}

    void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}

    std::size_t on_body_impl(beast::string_view data, error_code& ec) override {
        if (!body_.data) {
            ec = http::error::need_buffer;
            return 0;
        }
        std::size_t n = std::min(data.size(), body_.size);
        if (data.data() != body_.data) std::memcpy(body_.data, data.data(), n);  // else parsed in place
        body_.data = static_cast<char*>(body_.data) + n;
        body_.size -= n;
        if (n < data.size()) ec = http::error::need_buffer;
        return n;
    }

    void on_chunk_header_impl(std::uint64_t, beast::string_view, error_code&) override {}

    std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view data, error_code& ec) override {
        return on_body_impl(data, ec);
    }

    void on_finish_impl(error_code&) override {}

    int status_ = 0;
    std::string fields_;
    Body body_;
};

}  // namespace proxy
