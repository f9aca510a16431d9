#pragma once
// Server-side includes, as nginx's SSI filter: a response of a type in ssi_types, from a location with
// "ssi on", is read as its handler writes it (static file, proxied, return, error page alike); its text
// goes on as it comes and its commands run where they stand. An include runs a subrequest through the
// same dispatch as any request, and its answer's body takes the command's place (or fills a variable
// with set=). Nothing is held beyond the command being read, one output buffer and the blocks a page
// defines for its includes' stub= (a bounded amount).
#include <chrono>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proxy/exchange.hpp"
#include "proxy/response_reader.hpp"
#include "proxy/regex.hpp"
#include "proxy/rewrite.hpp"
#include "proxy/ssi_blocks.hpp"
#include "proxy/ssi_command.hpp"
#include "proxy/ssi_condition.hpp"
#include "proxy/ssi_flow.hpp"
#include "proxy/ssi_header.hpp"
#include "proxy/ssi_parser.hpp"
#include "proxy/ssi_text.hpp"
#include "proxy/subrequest.hpp"
#include "proxy/variables.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten);

namespace ssi {

// as nginx: subrequests nest at most this deep (NGX_HTTP_MAX_SUBREQUESTS)
constexpr int kMaxDepth = 50;
// text gathered before it goes to the client, when no handler's write ends sooner
constexpr std::size_t kOutputBuffer = 16384;

// What SSI keeps of one request for its subrequests too (as nginx keeps it in the main request): the
// variables set, the groups of the last "if" regex that matched, the blocks defined.
struct Shared {
    std::map<std::string, std::string> variables;
    Captures captures;
    Blocks blocks;
};

// Where processed text goes: the client, a parent's output, or a variable.
class Output {
public:
    // Before a subrequest's body: its length when known and its location's settings; false when the
    // output cannot take it.
    virtual bool begin(std::optional<std::uint64_t> /*length*/, const confparse::HttpScope& /*scope*/) { return true; }
    virtual net::awaitable<bool> put(std::string_view data) = 0;  // false once the client is gone, or it cannot
    virtual net::awaitable<bool> flush() = 0;

protected:
    ~Output() = default;
};

// The main request's body: gathered, then sent chunk-framed (or as it is until close, for HTTP/1.0), after
// the header. The header waits for the body's first bytes, as nginx's write filter holds it back: an
// include that ends the request (a set= too big) leaves the client without an answer begun.
template <class Stream>
class ClientOutput final : public Output {
public:
    ClientOutput(Exchange<Stream>& x, bool chunked, ResponseSink* next, std::string header)
        : x_(x), chunked_(chunked), next_(next), header_(std::move(header)) {}

    net::awaitable<bool> put(std::string_view data) override {
        pending_.append(data);
        if (pending_.size() >= kOutputBuffer) co_return co_await flush();
        co_return !x_.failed;
    }

    net::awaitable<bool> flush() override {
        if (pending_.empty() || x_.failed) co_return !x_.failed;
        co_await send_header();
        char size_line[32];
        int len = chunked_ ? std::snprintf(size_line, sizeof size_line, "%zx\r\n", pending_.size()) : 0;
        if (chunked_) pending_.append("\r\n");
        std::array<net::const_buffer, 2> parts{net::buffer(size_line, static_cast<std::size_t>(len)),
                                               net::buffer(pending_)};
        wire_ += static_cast<std::size_t>(len) + pending_.size();
        for (const auto& part : parts) co_await write_onward(x_, next_, part);
        pending_.clear();
        co_return !x_.failed;
    }

    // The header if it is still held, what is still gathered, then the last chunk.
    net::awaitable<void> finish() {
        co_await flush();
        co_await send_header();
        if (!chunked_) co_return;
        co_await write_onward(x_, next_, net::buffer("0\r\n\r\n", 5));
        wire_ += 5;
    }

    std::uint64_t wire() const { return wire_; }  // the body's bytes with their framing

private:
    net::awaitable<void> send_header() {
        if (header_.empty() || x_.failed) co_return;
        co_await write_onward(x_, next_, net::buffer(header_));
        header_.clear();
    }

    Exchange<Stream>& x_;
    bool chunked_;
    ResponseSink* next_;
    std::string header_;  // until it is sent
    std::string pending_;
    std::uint64_t wire_ = 0;
};

// An include's body kept for set=: at most the answering location's subrequest_output_buffer_size, as
// nginx keeps it in memory; a larger one is an error that ends the request (`too_big` says why).
class VariableOutput final : public Output {
public:
    bool begin(std::optional<std::uint64_t> length, const confparse::HttpScope& scope) override {
        limit_ = static_cast<std::uint64_t>(*scope.subrequest_output_buffer_size);
        if (length && *length > limit_) too_big = "too big subrequest response: " + std::to_string(*length);
        return too_big.empty();
    }
    net::awaitable<bool> put(std::string_view data) override {
        if (value.size() + data.size() > limit_) too_big = "too big subrequest response";
        if (too_big.empty()) value.append(data);
        co_return too_big.empty();
    }
    net::awaitable<bool> flush() override { co_return true; }

    std::string value;
    std::string too_big;  // nginx's message when the body did not fit

private:
    std::uint64_t limit_ = 0;
};

template <class Stream>
class ResponseFilter;

// Runs the commands of one body as the parser finds them.
template <class Stream>
class Processor {
public:
    // `type`: the media type of the answer processed, which a stub it includes goes out as.
    Processor(Exchange<Stream>& x, Shared& shared, Output& out, int depth, std::string type)
        : x_(x), shared_(shared), out_(out), depth_(depth), type_(std::move(type)),
          parser_(static_cast<std::size_t>(*x.scope.ssi_value_length)) {}

    net::awaitable<bool> feed(std::string_view body) {
        // results in variables, not conditions: GCC 12 miscompiles a co_await there
        bool going = true;
        for (;;) {
            switch (parser_.next(body)) {
                case Parser::Event::More: co_return true;
                case Parser::Event::Text: going = co_await text(parser_.text()); break;
                // as nginx: a malformed command is an error wherever it stands, in a branch not taken too
                case Parser::Event::Error:
                    log(parser_.message());
                    going = co_await error();
                    break;
                case Parser::Event::Command: going = co_await run_command(); break;
            }
            if (!going) co_return false;
        }
    }

private:
    net::awaitable<bool> text(std::string_view text) {
        if (flow_.output()) co_return co_await out_.put(text);
        if (flow_.in_block()) keep_in_block(text);
        co_return true;
    }

    void keep_in_block(std::string_view text) {
        if (!shared_.blocks.add(text) && !block_cut_) {
            block_cut_ = true;
            log("SSI blocks exceed " + std::to_string(Blocks::kLimit) + " bytes, the rest is not kept");
        }
    }

    void log(const std::string& message) {
        x_.runtime.error_log(x_.scope).write(confparse::LogLevel::Error, x_.r.connection->id,
                                             message + error_context(x_.r));
    }

    // nginx's "[an error occurred while processing the directive]" (config errmsg=), unless silent
    net::awaitable<bool> error() {
        if (*x_.scope.ssi_silent_errors) co_return true;
        co_return co_await out_.put(errmsg_);
    }

    std::optional<std::string> lookup(const std::string& name) const {
        // as nginx: $0..$9 are the last if regex's groups, else only what set= or a named group made them
        bool digit = name.size() == 1 && name[0] >= '0' && name[0] <= '9';
        if (digit && static_cast<std::size_t>(name[0] - '0') < shared_.captures.set) {
            return shared_.captures.numbered[static_cast<std::size_t>(name[0] - '0')];
        }
        auto own = shared_.variables.find(name);
        if (own != shared_.variables.end()) return own->second;
        if (digit) return std::nullopt;
        if (name == "date_local" || name == "date_gmt") return ssi_date(name == "date_gmt", timefmt_.c_str());
        return variable_value(name, x_.r);
    }

    std::optional<std::string> evaluate(const std::string& text) {
        std::string message;
        auto value = ssi::evaluate(text, [this](const std::string& name) { return lookup(name); }, message);
        if (!value) log(message);
        return value;
    }

    net::awaitable<bool> run_command() {
        const std::string& name = parser_.command();
        switch (flow_.verdict(command_kind(name))) {
            case Flow::Verdict::Run: break;
            case Flow::Verdict::Skip: co_return true;
            case Flow::Verdict::Store: keep_in_block(command_text(name, parser_.params())); co_return true;
            case Flow::Verdict::OutOfContext:
                log("invalid context of SSI command: \"" + name + "\"");
                co_return co_await error();
        }
        std::string message;
        std::optional<Command> command = check_command(name, parser_.params(), message);
        if (!command) {
            log(message);
            co_return co_await error();
        }
        bool ok = true;
        switch (command->kind) {
            case Command::Kind::Echo: ok = co_await echo(*command); break;
            case Command::Kind::Set: ok = set(*command); break;
            case Command::Kind::Config: config(*command); break;
            case Command::Kind::If:
            case Command::Kind::Elif: ok = condition(*command); break;
            case Command::Kind::Else: flow_.enter_else(); break;
            case Command::Kind::Endif: flow_.end_if(); break;
            case Command::Kind::Block:
                shared_.blocks.begin(*command->get("name"));
                flow_.begin_block();
                break;
            case Command::Kind::Endblock: flow_.end_block(); break;
            case Command::Kind::Include: {
                std::optional<bool> included = co_await include(*command);
                if (!included) co_return false;  // the client is gone
                ok = *included;
                break;
            }
        }
        if (!ok) co_return co_await error();
        co_return !x_.failed;
    }

    static std::string lower(std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }

    net::awaitable<bool> echo(const Command& c) {
        std::optional<std::string> value = lookup(lower(*c.get("var")));
        if (!value) value = c.get("default") ? *c.get("default") : std::string("(none)");
        if (const std::string* encoding = c.get("encoding")) {
            if (*encoding == "none" || *encoding == "url" || *encoding == "entity") {
                encoding_ = *encoding;
            } else {
                log("unknown encoding \"" + *encoding + "\" in the \"echo\" command");
            }
        }
        if (value->empty()) co_return true;
        if (encoding_ == "entity") co_return co_await out_.put(escape_entity(*value));
        if (encoding_ == "url") co_return co_await out_.put(escape_url(*value));
        co_return co_await out_.put(*value);
    }

    bool set(const Command& c) {
        std::optional<std::string> value = evaluate(*c.get("value"));
        if (!value) return false;
        shared_.variables[lower(*c.get("var"))] = std::move(*value);
        return true;
    }

    // if and elif: the branch after it is taken or not.
    bool condition(const Command& c) {
        if (c.kind == Command::Kind::If && flow_.in_if()) {
            log("the \"if\" command inside the \"if\" command");
            return false;
        }
        if (flow_.chosen()) {
            flow_.pass_over();
            return true;
        }
        std::string message;
        Captures found;
        Lookup variables = [this](const std::string& name) { return lookup(name); };
        std::optional<bool> holds = test_condition(*c.get("expr"), variables, found, message);
        if (!holds) {
            log(message);
            return false;
        }
        if (!found.numbered.empty()) {  // a regex matched: as nginx, its named groups become variables
            for (auto& [name, value] : found.named) shared_.variables[name] = value;
            shared_.captures = std::move(found);
        }
        flow_.choose(*holds);
        return true;
    }

    void config(const Command& c) {
        if (const std::string* errmsg = c.get("errmsg")) errmsg_ = *errmsg;
        if (const std::string* timefmt = c.get("timefmt")) timefmt_ = *timefmt;
    }

    // true: done; false: an SSI error; nothing: the client is gone.
    net::awaitable<std::optional<bool>> include(const Command& c) {
        const std::string* virt = c.get("virtual");
        const std::string* file = c.get("file");
        const std::string* set = c.get("set");
        const std::string* wait = c.get("wait");
        if (virt && file) {
            log("inclusion may be either virtual=\"" + *virt + "\" or file=\"" + *file + "\"");
            co_return false;
        }
        if (!virt && !file) {
            log("no parameter in \"include\" SSI command");
            co_return false;
        }
        if (set && c.get("stub")) {
            log("\"set\" and \"stub\" cannot be used together in \"include\" SSI command");
            co_return false;
        }
        if (wait && !virt) {
            log("\"wait\" cannot be used with file=\"" + *file + "\"");
            co_return false;
        }
        if (wait && strcasecmp(wait->c_str(), "yes") != 0 && strcasecmp(wait->c_str(), "no") != 0) {
            log("invalid value \"" + *wait + "\" in the \"wait\" parameter");
            co_return false;
        }
        std::optional<std::string> uri = evaluate(virt ? *virt : *file);
        if (!uri) co_return false;
        std::string target = relative_to(*uri, x_.r.uri);
        std::string path, args;
        bool has_args = false;
        if (!split_safe_uri(target, path, args, has_args)) {
            log("unsafe URI \"" + target + "\" was detected");
            co_return false;
        }
        std::optional<std::string> stub;  // a copy: the include may define blocks
        if (const std::string* name = c.get("stub")) {
            const std::string* block = shared_.blocks.find(*name);
            if (!block) {
                log("\"stub\"=\"" + *name + "\" for \"include\" not found");
                co_return false;
            }
            stub = *block;
        }
        if (depth_ >= kMaxDepth) {
            log("subrequests cycle while processing \"" + path + "\"");
            co_return false;
        }
        // Subrequests run one at a time, in the order of their commands: every include waits, as nginx's
        // wait="yes" (the output's order is the same either way).
        if (!set) {
            co_await subrequest(path, args, has_args, out_, stub ? &*stub : nullptr);
            if (x_.failed) co_return std::nullopt;
            co_return true;
        }
        std::string name = lower(*set);
        shared_.variables[name].clear();
        VariableOutput captured;
        int status = co_await subrequest(path, args, has_args, captured, nullptr);
        if (!captured.too_big.empty()) {
            log(captured.too_big);
            x_.failed = true;  // as nginx: the main request ends, unanswered
        }
        if (x_.failed) co_return std::nullopt;
        // as nginx: the variable takes the body of an answer below 300, else stays empty
        if (status < 300) shared_.variables[name] = std::move(captured.value);
        co_return true;
    }

    // Runs `path` as a GET subrequest of this request and puts its answer's body into `out`, or `stub` in
    // its place when it has none; its status.
    net::awaitable<int> subrequest(const std::string& path, const std::string& args, bool has_args, Output& out,
                                   const std::string* stub);

    Exchange<Stream>& x_;
    Shared& shared_;
    Output& out_;
    int depth_;
    std::string type_;
    Parser parser_;
    Flow flow_;
    bool block_cut_ = false;
    std::string errmsg_ = "[an error occurred while processing the directive]";
    std::string timefmt_ = kSsiTimeFormat;
    std::string encoding_ = "entity";
};

// Reads a response as its handler writes it. For the main request (`parent` null) the header goes to the
// client, rewritten when SSI applies, else everything passes unchanged; for a subrequest the header is
// dropped and the body goes to `parent`. The body goes through a Processor when SSI applies.
//
// An include with stub= gives its subrequest the block's text: as nginx's ngx_http_ssi_stub_output, that
// goes in place of an answer that has no body, or of nginx's own answer for an error (dropped then),
// as if the answer had the type of its parent's.
template <class Stream>
class ResponseFilter final : public ResponseSink {
public:
    // `next`: where the main request's output goes on to (the gzip filter), null for the client.
    ResponseFilter(Exchange<Stream>& x, Shared& shared, Output* parent, int depth, ResponseSink* next)
        : x_(x), shared_(shared), parent_(parent), depth_(depth), next_(next), reader_(x.r.method == "HEAD") {
        subrequest = parent != nullptr;
    }

    // A subrequest's with a stub: `parent_type` is the media type of the answer it is included in.
    ResponseFilter(Exchange<Stream>& x, Shared& shared, Output& parent, int depth, const std::string& stub,
                   std::string parent_type)
        : ResponseFilter(x, shared, &parent, depth, nullptr) {
        stub_ = &stub;
        parent_type_ = std::move(parent_type);
    }

    net::awaitable<bool> write(net::const_buffer data) override {
        if (passthrough_) {
            co_await write_onward(x_, next_, data);
            co_return !x_.failed;
        }
        reader_.append(data);
        co_return co_await parse();
    }

    bool keeps_body(std::string_view header) const override {
        if (!passthrough_) {
            ResponseParser parser;
            if (parser.parse_header_block(header) && applies(parser)) return false;
        }
        return !next_ || next_->keeps_body(header);
    }

    // After the handler: the end of the body (one delimited by the connection's end included).
    net::awaitable<void> finish() {
        if (x_.failed || !reader_.header_done()) co_return;
        if (!reader_.parser().is_done()) {
            error_code ec;
            reader_.parser().put_eof(ec);
        }
        if (client_) {
            co_await client_->finish();
            x_.r.body_bytes_sent = client_->wire();  // as nginx: what went out, chunks' framing included
            x_.r.bytes_sent = header_size_ + client_->wire();
        }
        if (stub_ && (replaced_ || !body_seen_)) {
            bool going = true;  // not in a condition: GCC 12 miscompiles a co_await there
            if (processor_) {
                going = co_await processor_->feed(*stub_);
            } else {
                going = co_await out_->put(*stub_);
            }
            if (going) co_await flush();
        }
    }

    int status() const { return status_; }

private:
    net::awaitable<bool> parse() {
        for (;;) {
            ResponseReader::Piece piece = reader_.next();
            if (piece.kind == ResponseReader::Kind::More) break;
            if (piece.kind == ResponseReader::Kind::Header) {
                bool going = co_await on_header(piece.data);
                if (!going) co_return false;
                reader_.header_taken();
                if (passthrough_) break;
                continue;
            }
            bool going = co_await on_body(piece.data);
            if (!going) co_return false;
        }
        if (passthrough_ && reader_.rest().size()) {
            co_await write_onward(x_, next_, reader_.rest());
            reader_.drop_rest();
        }
        co_return co_await flush();
    }

    bool applies(const ResponseParser& parser) const {
        int status = parser.status();
        if (status < 200 || status == 204 || status == 304) return false;
        if (parser.content_length() && *parser.content_length() == 0) return false;
        return applies_to(media_type(parser.content_type()));
    }

    bool applies_to(const std::string& type) const {
        if (!*x_.scope.ssi) return false;
        for (const std::string& t : *x_.scope.ssi_types) {
            if (t == "*" || t == type) return true;
        }
        return false;
    }

    net::awaitable<bool> on_header(std::string_view raw) {
        status_ = reader_.parser().status();
        bool ssi = applies(reader_.parser());
        std::string type = media_type(reader_.parser().content_type());
        replaced_ = stub_ && x_.r.error_status != 0;
        if (replaced_) {
            type = parent_type_;
            ssi = applies_to(type);
        }
        Output* target = parent_;
        std::optional<std::uint64_t> length;
        if (auto announced = reader_.parser().content_length()) length = *announced;
        if (parent_ && !parent_->begin(length, x_.scope)) {
            x_.failed = true;
            co_return false;
        }
        if (!parent_) {
            if (!ssi) {
                passthrough_ = true;
                co_await write_onward(x_, next_, net::buffer(raw.data(), raw.size()));
                co_return !x_.failed;
            }
            // as nginx: a HEAD answer goes without a length and without chunks
            bool head = x_.r.method == "HEAD";
            bool chunked = !head && x_.r.http_version == 11 && *x_.scope.chunked_transfer_encoding;
            if (!head && !chunked) x_.keep_alive = false;
            x_.r.sent_keep_alive = x_.keep_alive;
            Framing framing = head ? Framing::None : chunked ? Framing::Chunked : Framing::UntilClose;
            const std::string& header = x_.r.sent_head = rewrite_header(raw, framing, *x_.scope.ssi_last_modified);
            client_.emplace(x_, chunked, next_, header);
            header_size_ = header.size();
            target = &*client_;
        }
        if (ssi) processor_ = std::make_unique<Processor<Stream>>(x_, shared_, *target, depth_, std::move(type));
        out_ = target;
        co_return !x_.failed;
    }

    net::awaitable<bool> on_body(std::string_view body) {
        if (!body.empty()) body_seen_ = true;
        if (replaced_) co_return true;
        if (processor_) co_return co_await processor_->feed(body);
        co_return co_await out_->put(body);
    }

    net::awaitable<bool> flush() {
        if (x_.failed) co_return false;
        if (!out_) co_return true;
        co_return co_await out_->flush();
    }

    Exchange<Stream>& x_;
    Shared& shared_;
    Output* parent_;
    int depth_;
    ResponseSink* next_;
    ResponseReader reader_;
    std::size_t header_size_ = 0;
    bool passthrough_ = false;
    int status_ = 0;
    std::optional<ClientOutput<Stream>> client_;
    std::unique_ptr<Processor<Stream>> processor_;
    Output* out_ = nullptr;
    const std::string* stub_ = nullptr;
    std::string parent_type_;
    bool replaced_ = false;   // nginx's answer for an error, which the stub replaces
    bool body_seen_ = false;  // of the answer as its handler wrote it, before SSI
};

template <class Stream>
net::awaitable<int> Processor<Stream>::subrequest(const std::string& path, const std::string& args, bool has_args,
                                                  Output& out, const std::string* stub) {
    std::unique_ptr<Subrequest> sub = make_subrequest(x_.r, path, args, has_args);
    RewriteAnswer rewritten = x_.runtime.rewriter().run(x_.runtime, sub->r);
    Exchange<Stream> sx = subrequest_exchange(x_, *sub);
    ResponseFilter<Stream> filter = stub ? ResponseFilter<Stream>(sx, shared_, out, depth_ + 1, *stub, type_)
                                         : ResponseFilter<Stream>(sx, shared_, &out, depth_ + 1, nullptr);
    sx.sink = &filter;
    co_await dispatch(sx, rewritten);
    co_await filter.finish();
    if (sx.failed) x_.failed = true;  // as nginx: a subrequest that fails ends its request
    co_return filter.status();
}

}  // namespace ssi

// The main request of a location with "ssi on": its answer goes through the SSI filter, then on to the
// filter after it (gzip) if any.
template <class Stream>
net::awaitable<void> dispatch_with_ssi(Exchange<Stream>& x, const RewriteAnswer& rewritten) {
    ssi::Shared shared;
    ResponseSink* next = x.sink;
    ssi::ResponseFilter<Stream> filter(x, shared, nullptr, 0, next);
    x.sink = &filter;
    co_await dispatch(x, rewritten);
    co_await filter.finish();
    x.sink = next;
}

}  // namespace proxy
