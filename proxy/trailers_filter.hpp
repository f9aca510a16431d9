#pragma once
// nginx's add_trailer: the main request's answer to an HTTP/1.1 client, when a trailer applies to its
// status (or says "always"), goes out chunked (its Content-Length taken away, as nginx's chunked filter
// does once trailers are expected) and ends with the trailers, their values evaluated then, each one's
// value known to the next as $sent_trailer_NAME; an empty value adds nothing. The last filter, after gzip.
#include <string>

#include "proxy/reading_filter.hpp"
#include "proxy/trailers.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten);

template <class Stream>
class TrailersFilter final : public ReadingFilter<TrailersFilter<Stream>, Stream> {
    using Base = ReadingFilter<TrailersFilter<Stream>, Stream>;
    friend Base;
    using Base::reader_;
    using Base::scope;
    using Base::wire_;
    using Base::x_;

public:
    explicit TrailersFilter(Exchange<Stream>& x) : Base(x, nullptr) { this->stage = ResponseSink::Stage::Trailers; }

    // Chunked framing changes no byte of the body.
    bool keeps_body(std::string_view) const override { return true; }

    // After the handler: the last chunk with the trailers, if the answer was taken and came whole.
    net::awaitable<void> finish() {
        if (!framing_) co_return;
        if (this->body_whole() && !x_.failed) {
            co_await this->send(net::buffer(last_chunk(evaluated(reader_.parser().status()))));
        } else {
            x_.keep_alive = false;
        }
        x_.r.body_bytes_sent = wire_;
        x_.r.bytes_sent = header_size_ + wire_;
    }

private:
    net::awaitable<void> on_header(std::string_view raw) {
        int status = reader_.parser().status();
        if (status < 200 || status == 204 || status == 304 || !expects_trailers(status)) {
            this->through();
            co_await write_to_client(x_, net::buffer(raw.data(), raw.size()));
            co_return;
        }
        framing_ = true;
        const std::string& sent = x_.r.sent_head = chunked_header(raw);
        header_size_ = sent.size();
        co_await write_to_client(x_, net::buffer(sent));
    }

    net::awaitable<void> on_body(std::string_view body) {
        if (!body.empty()) co_await this->send_piece(body, true);
    }

    // nginx's r->expect_trailers: a trailer of the final location applies to the status.
    bool expects_trailers(int status) const {
        for (const confparse::AddHeader& t : *scope().add_trailer) {
            if (t.always || adds_headers(status)) return true;
        }
        return false;
    }

    const std::vector<Header>& evaluated(int status) {
        std::vector<Header>& out = x_.r.sent_trailers;
        for (const confparse::AddHeader& t : *scope().add_trailer) {
            if (!t.always && !adds_headers(status)) continue;
            std::string value = x_.runtime.render(t.value, x_.r);
            if (!value.empty()) out.push_back({t.name, std::move(value)});
        }
        return out;
    }

    bool framing_ = false;  // the answer was re-framed to carry trailers
    std::size_t header_size_ = 0;
};

// The main request of a location with add_trailer, to an HTTP/1.1 client that may take chunks: its answer
// (after gzip, as nginx's filter order) goes through the trailers filter.
template <class Stream>
net::awaitable<void> dispatch_with_trailers(Exchange<Stream>& x, const RewriteAnswer& rewritten) {
    TrailersFilter<Stream> filter(x);
    x.sink = &filter;
    co_await dispatch(x, rewritten);
    co_await filter.finish();
    x.sink = nullptr;
}

}  // namespace proxy
