#pragma once
// Server-side includes, as nginx's SSI filter: a response of a type in ssi_types, from a location with
// "ssi on", is read as its handler writes it (static file, proxied, return, error page alike); its text
// goes on as it comes and its commands run where they stand. An include runs a subrequest through the
// same dispatch as any request, and its answer's body takes the command's place (or fills a variable
// with set=). Nothing is held beyond the command being read and one output buffer.
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
#include "proxy/rewrite.hpp"
#include "proxy/ssi_command.hpp"
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
// as nginx's subrequest_output_buffer_size (a page): what an include's set= keeps at most
constexpr std::size_t kVariableLimit = 4096;
// text gathered before it goes to the client, when no handler's write ends sooner
constexpr std::size_t kOutputBuffer = 16384;

// The SSI variables of one request, shared by its subrequests (as nginx keeps them in the main request).
struct Variables {
    std::map<std::string, std::string> values;
};

// Where processed text goes: the client, a parent's output, or a variable.
class Output {
public:
    virtual net::awaitable<bool> put(std::string_view data) = 0;  // false once the client is gone
    virtual net::awaitable<bool> flush() = 0;

protected:
    ~Output() = default;
};

// The main request's body: gathered, then sent chunk-framed (or as it is until close, for HTTP/1.0).
template <class Stream>
class ClientOutput final : public Output {
public:
    ClientOutput(Exchange<Stream>& x, bool chunked, ResponseSink* next) : x_(x), chunked_(chunked), next_(next) {}

    net::awaitable<bool> put(std::string_view data) override {
        pending_.append(data);
        if (pending_.size() >= kOutputBuffer) co_return co_await flush();
        co_return !x_.failed;
    }

    net::awaitable<bool> flush() override {
        if (pending_.empty() || x_.failed) co_return !x_.failed;
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

    // The last chunk, after what is still gathered.
    net::awaitable<void> finish() {
        co_await flush();
        if (!chunked_) co_return;
        co_await write_onward(x_, next_, net::buffer("0\r\n\r\n", 5));
        wire_ += 5;
    }

    std::uint64_t wire() const { return wire_; }  // the body's bytes with their framing

private:
    Exchange<Stream>& x_;
    bool chunked_;
    ResponseSink* next_;
    std::string pending_;
    std::uint64_t wire_ = 0;
};

// An include's body kept for set=, up to kVariableLimit.
class VariableOutput final : public Output {
public:
    net::awaitable<bool> put(std::string_view data) override {
        std::size_t room = kVariableLimit - std::min(kVariableLimit, value.size());
        if (data.size() > room) too_big = true;
        value.append(data.substr(0, room));
        co_return true;
    }
    net::awaitable<bool> flush() override { co_return true; }

    std::string value;
    bool too_big = false;
};

template <class Stream>
class ResponseFilter;

// Runs the commands of one body as the parser finds them.
template <class Stream>
class Processor {
public:
    Processor(Exchange<Stream>& x, Variables& variables, Output& out, int depth)
        : x_(x), variables_(variables), out_(out), depth_(depth),
          parser_(static_cast<std::size_t>(*x.scope.ssi_value_length)) {}

    net::awaitable<bool> feed(std::string_view body) {
        // results in variables, not conditions: GCC 12 miscompiles a co_await there
        bool going = true;
        for (;;) {
            switch (parser_.next(body)) {
                case Parser::Event::More: co_return true;
                case Parser::Event::Text: going = co_await out_.put(parser_.text()); break;
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
        auto own = variables_.values.find(name);
        if (own != variables_.values.end()) return own->second;
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
        std::string message;
        std::optional<Command> command = check_command(parser_.command(), parser_.params(), message);
        if (!command) {
            log(message);
            co_return co_await error();
        }
        bool ok = true;
        switch (command->kind) {
            case Command::Kind::Echo: ok = co_await echo(*command); break;
            case Command::Kind::Set: ok = set(*command); break;
            case Command::Kind::Config: config(*command); break;
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
        variables_.values[lower(*c.get("var"))] = std::move(*value);
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
        if (const std::string* stub = c.get("stub")) {  // blocks are not kept: no stub can be found
            log("\"stub\"=\"" + *stub + "\" for \"include\" not found");
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
        if (depth_ >= kMaxDepth) {
            log("subrequests cycle while processing \"" + path + "\"");
            co_return false;
        }
        // Subrequests run one at a time, in the order of their commands: every include waits, as nginx's
        // wait="yes" (the output's order is the same either way).
        if (!set) {
            co_await subrequest(path, args, has_args, out_);
            if (x_.failed) co_return std::nullopt;
            co_return true;
        }
        std::string name = lower(*set);
        variables_.values[name].clear();
        VariableOutput captured;
        int status = co_await subrequest(path, args, has_args, captured);
        if (x_.failed) co_return std::nullopt;
        if (captured.too_big) log("too big subrequest response while sending to client");
        // as nginx: the variable takes the body of an answer below 300, else stays empty
        if (status < 300) variables_.values[name] = std::move(captured.value);
        co_return true;
    }

    // Runs `path` as a GET subrequest of this request and puts its answer's body into `out`; its status.
    net::awaitable<int> subrequest(const std::string& path, const std::string& args, bool has_args, Output& out);

    Exchange<Stream>& x_;
    Variables& variables_;
    Output& out_;
    int depth_;
    Parser parser_;
    std::string errmsg_ = "[an error occurred while processing the directive]";
    std::string timefmt_ = kSsiTimeFormat;
    std::string encoding_ = "entity";
};

// Reads a response as its handler writes it. For the main request (`parent` null) the header goes to the
// client, rewritten when SSI applies, else everything passes unchanged; for a subrequest the header is
// dropped and the body goes to `parent`. The body goes through a Processor when SSI applies.
template <class Stream>
class ResponseFilter final : public ResponseSink {
public:
    // `next`: where the main request's output goes on to (the gzip filter), null for the client.
    ResponseFilter(Exchange<Stream>& x, Variables& variables, Output* parent, int depth, ResponseSink* next)
        : x_(x), variables_(variables), parent_(parent), depth_(depth), next_(next), reader_(x.r.method == "HEAD") {
        subrequest = parent != nullptr;
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
        const auto& s = x_.scope;
        int status = parser.status();
        if (!*s.ssi || status < 200 || status == 204 || status == 304) return false;
        if (parser.content_length() && *parser.content_length() == 0) return false;
        std::string type = media_type(parser.content_type());
        for (const std::string& t : *s.ssi_types) {
            if (t == "*" || t == type) return true;
        }
        return false;
    }

    net::awaitable<bool> on_header(std::string_view raw) {
        status_ = reader_.parser().status();
        bool ssi = applies(reader_.parser());
        Output* target = parent_;
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
            client_.emplace(x_, chunked, next_);
            co_await write_onward(x_, next_, net::buffer(header));
            header_size_ = header.size();
            target = &*client_;
        }
        if (ssi) processor_ = std::make_unique<Processor<Stream>>(x_, variables_, *target, depth_);
        out_ = target;
        co_return !x_.failed;
    }

    net::awaitable<bool> on_body(std::string_view body) {
        if (processor_) co_return co_await processor_->feed(body);
        co_return co_await out_->put(body);
    }

    net::awaitable<bool> flush() {
        if (x_.failed) co_return false;
        if (!out_) co_return true;
        co_return co_await out_->flush();
    }

    Exchange<Stream>& x_;
    Variables& variables_;
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
};

template <class Stream>
net::awaitable<int> Processor<Stream>::subrequest(const std::string& path, const std::string& args, bool has_args,
                                                  Output& out) {
    std::unique_ptr<Subrequest> sub = make_subrequest(x_.r, path, args, has_args);
    RewriteAnswer rewritten = x_.runtime.rewriter().run(x_.runtime, sub->r);
    Exchange<Stream> sx = subrequest_exchange(x_, *sub);
    ResponseFilter<Stream> filter(sx, variables_, &out, depth_ + 1, nullptr);
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
    ssi::Variables variables;
    ResponseSink* next = x.sink;
    ssi::ResponseFilter<Stream> filter(x, variables, nullptr, 0, next);
    x.sink = &filter;
    co_await dispatch(x, rewritten);
    co_await filter.finish();
    x.sink = next;
}

}  // namespace proxy
