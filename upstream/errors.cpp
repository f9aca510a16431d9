#include "upstream/errors.hpp"

#include <string>

namespace upstream {

namespace {

class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "upstream"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::no_live_upstreams:
            return "no live upstreams";  // nginx's wording in its error_log line
        }
        return "unknown upstream error";
    }
};

}  // namespace

const std::error_category& category() {
    static const Category instance;
    return instance;
}

std::error_code make_error_code(Errc e) { return {static_cast<int>(e), category()}; }

}  // namespace upstream
