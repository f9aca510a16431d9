#pragma once
// nginx's sub filter (ngx_http_sub_filter_module): the answer of a level with sub_filter pairs, of a type
// sub_filter_types lists and not announced as empty, has its body's matches replaced (sub_matcher.hpp) as it
// is read from its handler, before the SSI and gzip filters (nginx's filter order). As nginx's header
// filter, nothing else is looked at: status, Content-Encoding and HEAD alike. The main request's answer
// loses its Content-Length, and its Last-Modified and ETag unless sub_filter_last_modified (then the ETag
// turns weak); an SSI include's body is replaced without its header being changed.
#include <optional>
#include <string>
#include <vector>

#include "proxy/reading_filter.hpp"
#include "proxy/ssi_header.hpp"
#include "proxy/sub_matcher.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten);

template <class Stream>
class SubFilter final : public ReadingFilter<SubFilter<Stream>, Stream> {
    using Base = ReadingFilter<SubFilter<Stream>, Stream>;
    friend Base;
    using Base::reader_;
    using Base::scope;
    using Base::wire_;
    using Base::x_;

public:
    // `next`: the filter after it (SSI, gzip, an include's capture), null for the client.
    SubFilter(Exchange<Stream>& x, ResponseSink* next) : Base(x, next) {
        this->stage = ResponseSink::Stage::Sub;
        this->subrequest = next && next->subrequest;
    }

    bool keeps_body(std::string_view header) const override {
        if (!this->passthrough_) {
            ResponseParser parser;
            if (parser.parse_header_block(header) && listed(parser) && some_pattern()) return false;
        }
        return !this->next_ || this->next_->keeps_body(header);
    }

    // After the handler: the end of the body, and what was sent.
    net::awaitable<void> finish() {
        if (x_.failed || !matcher_) co_return;
        if (!this->body_whole()) co_return;
        out_.clear();
        matcher_->finish(out_);
        co_await send_body(out_);
        if (framing_ == ssi::Framing::Chunked) co_await this->send(net::buffer("0\r\n\r\n", 5));
        if (!this->subrequest) {
            x_.r.body_bytes_sent = wire_;  // as nginx: what went out, chunks' framing included
            x_.r.bytes_sent = header_size_ + wire_;
        }
    }

private:
    // nginx's header filter's conditions but the patterns': pairs, a length that is not 0, a listed type.
    bool listed(const ResponseParser& parser) const {
        const auto& s = scope();
        if (s.sub_filter->empty()) return false;
        if (parser.content_length() && *parser.content_length() == 0) return false;
        std::string type = ssi::media_type(parser.content_type());
        for (const std::string& t : *s.sub_filter_types) {
            if (t == "*" || t == type) return true;
        }
        return false;
    }

    // Whether a pattern renders to something for this request (an empty one is left out).
    bool some_pattern() const {
        for (const auto& pair : *scope().sub_filter) {
            if (!x_.runtime.render(pair.match, x_.r).empty()) return true;
        }
        return false;
    }

    // The patterns of the level for this request (variables rendered, lower-cased, empty ones left out, as
    // nginx's), with their pairs' indexes; false when the filter does not apply.
    bool prepare() {
        const auto& s = scope();
        if (!listed(reader_.parser())) return false;
        std::vector<std::string> patterns;
        for (std::size_t i = 0; i < s.sub_filter->size(); ++i) {
            std::string match = x_.runtime.render((*s.sub_filter)[i].match, x_.r);
            if (match.empty()) continue;
            for (char& c : match) {
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
            }
            patterns.push_back(std::move(match));
            pairs_.push_back(i);
        }
        if (patterns.empty()) return false;
        replacements_.resize(pairs_.size());
        matcher_.emplace(std::move(patterns), *s.sub_filter_once);
        return true;
    }

    // As nginx: a replacement is rendered at its first use, and kept for the request.
    std::string_view replacement(std::size_t i) {
        if (!replacements_[i]) replacements_[i] = x_.runtime.render((*scope().sub_filter)[pairs_[i]].replacement, x_.r);
        return *replacements_[i];
    }

    net::awaitable<void> on_header(std::string_view raw) {
        const ResponseParser& parser = reader_.parser();
        if (!prepare()) {
            this->through();
            co_await write_onward(x_, this->next_, net::buffer(raw.data(), raw.size()));
            co_return;
        }
        if (this->subrequest) {  // the header goes nowhere: its framing only says where the changed body ends
            framing_ = ssi::Framing::Chunked;
            header_ = ssi::rewrite_header(raw, framing_, true, true);
            co_await write_onward(x_, this->next_, net::buffer(header_));
            co_return;
        }
        // as nginx: no body (HEAD, 204, 304) goes without a length and without chunks
        int status = parser.status();
        bool bodiless = x_.r.method == "HEAD" || status == 204 || status == 304 || status < 200;
        bool chunked = !bodiless && x_.r.http_version == 11 && *scope().chunked_transfer_encoding;
        if (!bodiless && !chunked) x_.keep_alive = false;
        x_.r.sent_keep_alive = x_.keep_alive;
        framing_ = bodiless ? ssi::Framing::None : chunked ? ssi::Framing::Chunked : ssi::Framing::UntilClose;
        // an upstream's Accept-Ranges stays, as nginx's range filter adds its own only with a length
        bool proxied = !x_.r.upstream.empty();
        const std::string& header = x_.r.sent_head =
            ssi::rewrite_header(raw, framing_, *scope().sub_filter_last_modified, proxied);
        header_size_ = header.size();
        co_await write_onward(x_, this->next_, net::buffer(header));
    }

    net::awaitable<void> on_body(std::string_view body) {
        out_.clear();
        matcher_->feed(body, out_, [this](std::size_t i) { return replacement(i); });
        co_await send_body(out_);
    }

    net::awaitable<void> send_body(std::string_view data) {
        if (data.empty() || framing_ == ssi::Framing::None) co_return;
        co_await this->send_piece(data, framing_ == ssi::Framing::Chunked);
    }

    ssi::Framing framing_ = ssi::Framing::None;
    std::size_t header_size_ = 0;
    std::string header_;  // a subrequest's header for the filter after this one
    std::string out_;     // a piece of the changed body, reused
    std::optional<SubMatcher> matcher_;
    std::vector<std::size_t> pairs_;  // for each pattern, its sub_filter pair
    std::vector<std::optional<std::string>> replacements_;
};

// The answer of a level with sub_filter pairs goes through the sub filter, then on to the filters after it
// (SSI, gzip) if any.
template <class Stream>
net::awaitable<void> dispatch_with_sub(Exchange<Stream>& x, const RewriteAnswer& rewritten) {
    ResponseSink* next = x.sink;
    SubFilter<Stream> filter(x, next);
    x.sink = &filter;
    co_await dispatch(x, rewritten);
    co_await filter.finish();
    x.sink = next;
}

}  // namespace proxy
