#include "confparse/parser.hpp"

#include <glob.h>

#include <algorithm>
#include <cerrno>

#include "confparse/files.hpp"

namespace confparse {
namespace {

class Parser {
public:
    Parser(const ParseOptions& options, DirectiveSink& sink) : options_(options), sink_(sink) {}

    void file(const std::string& path, const SourceRef* included_at, std::vector<Directive>& out,
              DirectiveSink::Body body) {
        if (std::find(open_files_.begin(), open_files_.end(), path) != open_files_.end()) {
            // nginx recurses until it runs out of file descriptors; say what is wrong instead.
            throw ConfigError("include loop: \"" + path + "\" includes itself", *included_at);
        }
        std::string text;
        bool read_failed = false;
        if (int err = read_file(path, text, &read_failed)) {
            if (read_failed) {  // as nginx: a folder opens, then its read fails, reported without a place
                ConfigError e("pread() \"" + path + "\" failed (" + errno_text(err) + ")");
                e.set_level("crit");
                throw e;
            }
            std::string message = "open() \"" + path + "\" failed (" + errno_text(err) + ")";
            if (included_at) throw ConfigError(message, *included_at);
            throw ConfigError(message);
        }
        open_files_.push_back(path);
        auto seen = [&](const SourceFile& f) { return f.path == path; };
        if (std::none_of(result_.files.begin(), result_.files.end(), seen)) result_.files.push_back({path, text});
        Lexer lexer(path, text);
        statements(lexer, out, false, body);
        open_files_.pop_back();
    }

    void statements(Lexer& lexer, std::vector<Directive>& out, bool in_block, DirectiveSink::Body body) {
        for (;;) {
            Statement st = lexer.next();
            SourceRef where{lexer.file(), st.line};
            switch (st.end) {
                case Statement::End::BlockEnd:
                    if (!in_block) throw ConfigError("unexpected \"}\"", where);
                    return;
                case Statement::End::FileEnd:
                    if (in_block) throw ConfigError("unexpected end of file, expecting \"}\"", where);
                    return;
                case Statement::End::BlockStart:
                    if (lexer.file().empty()) {
                        throw ConfigError("block directives are not supported in -g option", where);
                    }
                    break;
                case Statement::End::Semicolon:
                    break;
            }

            Directive d;
            d.name = std::move(st.words.front());
            d.args.assign(std::make_move_iterator(st.words.begin() + 1), std::make_move_iterator(st.words.end()));
            d.where = where;
            d.block = st.end == Statement::End::BlockStart;

            if (d.name == "include") {
                include(d, out, body);
                continue;
            }
            if (body == DirectiveSink::Body::Raw) {
                if (d.block) throw ConfigError("unexpected \"{\"", where);
                sink_.raw(d);
                out.push_back(std::move(d));
                continue;
            }
            DirectiveSink::Body inner = sink_.enter(d);
            if (d.block) {
                statements(lexer, d.children, true, inner);
                sink_.leave(d, SourceRef{lexer.file(), lexer.line()});
            }
            out.push_back(std::move(d));
        }
    }

private:
    // As nginx's "include": valid in every context, one argument, relative to the configuration's folder,
    // a glob matching nothing is not an error, matches are read in sorted order.
    void include(const Directive& d, std::vector<Directive>& out, DirectiveSink::Body body) {
        if (d.block) throw ConfigError("directive \"include\" is not terminated by \";\"", d.where);
        if (d.args.size() != 1) throw ConfigError("invalid number of arguments in \"include\" directive", d.where);
        std::string path = full_name(options_.conf_prefix, d.args[0]);
        if (path.find_first_of("*?[") == std::string::npos) {
            file(path, &d.where, out, body);
            return;
        }
        glob_t matches{};
        int rc = glob(path.c_str(), 0, nullptr, &matches);
        if (rc != 0 && rc != GLOB_NOMATCH) {
            int err = errno;
            globfree(&matches);
            throw ConfigError("glob() \"" + path + "\" failed (" + errno_text(err) + ")", d.where);
        }
        std::vector<std::string> names(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
        globfree(&matches);
        for (const auto& name : names) file(name, &d.where, out, body);
    }

public:
    ParseResult result_;

private:
    const ParseOptions& options_;
    DirectiveSink& sink_;
    std::vector<std::string> open_files_;
};

}  // namespace

ParseResult parse_file(const std::string& path, const ParseOptions& options, DirectiveSink& sink) {
    Parser parser(options, sink);
    parser.file(path, nullptr, parser.result_.tree, DirectiveSink::Body::Directives);
    return std::move(parser.result_);
}

ParseResult parse_text(const std::string& text, const ParseOptions& options, DirectiveSink& sink) {
    Parser parser(options, sink);
    Lexer lexer("", text);
    parser.statements(lexer, parser.result_.tree, false, DirectiveSink::Body::Directives);
    return std::move(parser.result_);
}

}  // namespace confparse
