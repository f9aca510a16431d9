#include "proxy/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "confparse/error.hpp"
#include "confparse/variables.hpp"

namespace proxy {

struct Regex::Impl {
    pcre2_code* code = nullptr;
    ~Impl() { pcre2_code_free(code); }
};

namespace {

// The compiled pattern, or null with nginx's message in `error`.
pcre2_code* compile_pattern(const std::string& pattern, bool caseless, std::string& error) {
    int err = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                     caseless ? PCRE2_CASELESS : 0, &err, &offset, nullptr);
    if (!code) {
        PCRE2_UCHAR text[256];
        pcre2_get_error_message(err, text, sizeof text);
        error = "pcre2_compile() failed: " + std::string(reinterpret_cast<char*>(text)) + " in \"" + pattern + "\"";
        if (offset < pattern.size()) error += " at \"" + pattern.substr(offset) + "\"";
        return nullptr;
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return code;
}

}  // namespace

Regex::Regex(const std::string& pattern, bool caseless, const confparse::SourceRef& where)
    : impl_(std::make_unique<Impl>()) {
    std::string error;
    impl_->code = compile_pattern(pattern, caseless, error);
    if (!impl_->code) throw confparse::ConfigError(error, where);
}

Regex::Regex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::optional<Regex> Regex::compile(const std::string& pattern, bool caseless, std::string& error) {
    auto impl = std::make_unique<Impl>();
    impl->code = compile_pattern(pattern, caseless, error);
    if (!impl->code) return std::nullopt;
    return Regex(std::move(impl));
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

bool Regex::matches(std::string_view subject) const {
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
    int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md, nullptr);
    pcre2_match_data_free(md);
    return rc >= 0;
}

bool Regex::matches(std::string_view subject, Captures& captures) const {
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
    int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md, nullptr);
    if (rc >= 0) {
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        auto group = [&](uint32_t i) {
            bool unset = ov[2 * i] == PCRE2_UNSET;
            return std::string(unset ? std::string_view() : subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]));
        };
        captures.numbered.clear();
        captures.named.clear();
        captures.set = static_cast<std::size_t>(rc);
        for (uint32_t i = 0; i < pcre2_get_ovector_count(md); ++i) captures.numbered.push_back(group(i));
        // PCRE2's name table: entries of a 2-byte group number followed by the zero-terminated name
        uint32_t count = 0, entry = 0;
        PCRE2_SPTR table = nullptr;
        pcre2_pattern_info(impl_->code, PCRE2_INFO_NAMECOUNT, &count);
        pcre2_pattern_info(impl_->code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
        pcre2_pattern_info(impl_->code, PCRE2_INFO_NAMETABLE, &table);
        for (uint32_t n = 0; n < count; ++n, table += entry) {
            uint32_t i = (static_cast<uint32_t>(table[0]) << 8) | table[1];
            // as nginx, which makes each named group the variable of its lower-cased name
            captures.named.emplace_back(confparse::variable_key(reinterpret_cast<const char*>(table + 2)), group(i));
        }
    }
    pcre2_match_data_free(md);
    return rc >= 0;
}

}  // namespace proxy
