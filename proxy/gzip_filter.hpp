#pragma once
// nginx's gzip filter: the main request's answer, read as its handler (or the sub and SSI filters before it)
// writes it, goes out compressed when gzip applies (status 200, 403 or 404, a type of gzip_types, no
// Content-Encoding, a length unknown or at least gzip_min_length, not HEAD, and the client takes gzip:
// gzip_decision.hpp). The body is compressed as it comes, through one output buffer; everything else
// passes unchanged, with "Vary: Accept-Encoding" added where gzip_vary asks for it.
#include <optional>
#include <string>

#include "proxy/gzip_decision.hpp"
#include "proxy/gzip_header.hpp"
#include "proxy/gzip_stream.hpp"
#include "proxy/reading_filter.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten);

template <class Stream>
class GzipFilter final : public ReadingFilter<GzipFilter<Stream>, Stream> {
    using Base = ReadingFilter<GzipFilter<Stream>, Stream>;
    friend Base;
    using Base::reader_;
    using Base::scope;
    using Base::wire_;
    using Base::x_;

public:
    // The main request's last filter but trailers: what it writes goes to the client, or to `next`.
    GzipFilter(Exchange<Stream>& x, ResponseSink* next) : Base(x, next) { this->stage = ResponseSink::Stage::Gzip; }

    bool keeps_body(std::string_view header) const override {
        if (this->passthrough_) return true;
        ResponseParser parser;
        return !parser.parse_header_block(header) || !decide(parser).ok;
    }

    // After the handler: the end of the stream, and what was sent.
    net::awaitable<void> finish() {
        if (vary_added_) x_.r.bytes_sent += vary_added_;
        if (head_) x_.r.bytes_sent = header_size_;
        if (x_.failed || !zip_) co_return;
        if (!this->body_whole()) co_return;
        co_await compress({}, true);
        if (chunked_) co_await this->send(net::buffer("0\r\n\r\n", 5));
        x_.r.body_bytes_sent = wire_;
        x_.r.bytes_sent = header_size_ + wire_;
        x_.r.gzip_in = zip_->total_in();
        x_.r.gzip_out = zip_->total_out();
    }

private:
    // Whether the answer is one gzip is for, whatever the client (nginx sets gzip_vary from here on).
    bool eligible(const ResponseParser& parser, std::string_view content_type, bool encoded) const {
        const auto& s = scope();
        int status = parser.status();
        if (!*s.gzip || (status != 200 && status != 403 && status != 404) || encoded) return false;
        if (parser.content_length() && *parser.content_length() < static_cast<std::uint64_t>(*s.gzip_min_length)) {
            return false;
        }
        std::string type = ssi::media_type(content_type);
        for (const std::string& t : *s.gzip_types) {
            if (t == "*" || t == type) return true;
        }
        return false;
    }

    struct Verdict {
        bool eligible = false;  // an answer gzip is for
        bool ok = false;        // ... and this client takes it compressed
    };

    // nginx's gzip header filter's conditions on a header read by `parser`.
    Verdict decide(const ResponseParser& parser) const {
        std::string_view content_type;
        bool encoded = false;
        ProxiedFacts facts;
        parser.for_each_field([&](const ResponseParser::Field& f) {
            switch (f.id) {
                case http::field::content_type: content_type = f.value; break;
                case http::field::content_encoding: encoded = encoded || !f.value.empty(); break;
                case http::field::expires: facts.has_expires = true, facts.expires = f.value; break;
                case http::field::date: facts.has_date = true, facts.date = f.value; break;
                case http::field::last_modified: facts.last_modified = true; break;
                case http::field::etag: facts.etag = true; break;
                case http::field::cache_control:
                    facts.has_cache_control = true;
                    facts.no_cache = facts.no_cache || names_token(f.value, "no-cache");
                    facts.no_store = facts.no_store || names_token(f.value, "no-store");
                    facts.private_ = facts.private_ || names_token(f.value, "private");
                    break;
                default: break;
            }
        });
        Verdict v;
        v.eligible = eligible(parser, content_type, encoded);
        v.ok = v.eligible && gzip_ok(x_.r, scope(), facts, x_.runtime);
        return v;
    }

    net::awaitable<void> on_header(std::string_view raw) {
        const auto& s = scope();
        const bool vary = *s.gzip_vary && !x_.r.gzip_vary;  // else gzip_static's handler wrote it already
        const ResponseParser& parser = reader_.parser();
        Verdict verdict = decide(parser);
        if (!verdict.eligible) {
            co_await pass(raw, false);
            co_return;
        }
        bool ok = verdict.ok;
        if (ok && x_.r.method == "HEAD") {  // as nginx: the header of a compressed answer, without framing
            head_ = true;
            this->through();
            co_await send_header(gzip_header(raw, ssi::Framing::None, vary));
            co_return;
        }
        if (ok) {
            std::optional<std::uint64_t> length;
            if (parser.content_length()) length = *parser.content_length();
            zip_.emplace(static_cast<int>(*s.gzip_comp_level), *s.gzip_window, *s.gzip_hash, length,
                         static_cast<std::size_t>(s.gzip_buffers->size));
            if (!zip_->ok()) zip_.reset();
        }
        if (!zip_) {
            co_await pass(raw, vary);
            co_return;
        }
        chunked_ = x_.r.http_version == 11 && *s.chunked_transfer_encoding;
        if (!chunked_) x_.keep_alive = false;
        x_.r.sent_keep_alive = x_.keep_alive;
        ssi::Framing framing = chunked_ ? ssi::Framing::Chunked : ssi::Framing::UntilClose;
        co_await send_header(gzip_header(raw, framing, vary));
    }

    net::awaitable<void> send_header(std::string header) {
        const std::string& sent = x_.r.sent_head = std::move(header);
        header_size_ = sent.size();
        co_await write_onward(x_, this->next_, net::buffer(sent));
    }

    // The answer goes on as it is, with the Vary line when asked for.
    net::awaitable<void> pass(std::string_view raw, bool vary) {
        this->through();
        if (!vary) {
            co_await write_onward(x_, this->next_, net::buffer(raw.data(), raw.size()));
            co_return;
        }
        std::string header = vary_header(raw);
        vary_added_ = header.size() - raw.size();
        std::string& sent = x_.r.sent_head;
        if (sent.compare(0, raw.size(), raw) == 0) sent.replace(0, raw.size(), header);
        co_await write_onward(x_, this->next_, net::buffer(header));
    }

    net::awaitable<void> on_body(std::string_view body) { co_await compress(body, false); }

    net::awaitable<void> compress(std::string_view body, bool end) {
        zip_->input(body);
        for (;;) {
            GzipStream::Step step = zip_->step(end);
            if (!step.output.empty()) co_await this->send_piece(step.output, chunked_);
            if (step.done || x_.failed) co_return;
        }
    }

    bool chunked_ = false;
    bool head_ = false;  // a HEAD answer's header, rewritten as for a compressed body
    std::size_t header_size_ = 0;
    std::size_t vary_added_ = 0;
    std::optional<GzipStream> zip_;
};

// The main request of a location with "gzip on": its answer (after sub and SSI, as nginx's filter order) goes
// through the gzip filter, then on to the trailers filter if there is one.
template <class Stream>
net::awaitable<void> dispatch_with_gzip(Exchange<Stream>& x, const RewriteAnswer& rewritten) {
    ResponseSink* next = x.sink;
    GzipFilter<Stream> filter(x, next);
    x.sink = &filter;
    co_await dispatch(x, rewritten);
    co_await filter.finish();
    x.sink = next;
}

}  // namespace proxy
