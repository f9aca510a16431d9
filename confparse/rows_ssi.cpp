// The SSI module's directives: ssi, ssi_types, ssi_silent_errors, ssi_value_length, ssi_last_modified,
// and the buffer tuning nproxy's streaming filter has no use for.
#include "confparse/setters.hpp"

namespace confparse {

void add_ssi_rows(std::vector<Row>& rows) {
    constexpr unsigned kSsiLevels = kHttpLevels | kLocationIf;
    rows.push_back(flag("ssi", kSsiLevels, &HttpScope::ssi, false));
    rows.push_back(mime_types("ssi_types", &HttpScope::ssi_types));
    rows.push_back(flag("ssi_silent_errors", kHttpLevels, &HttpScope::ssi_silent_errors, false));
    rows.push_back(size("ssi_value_length", kHttpLevels, &HttpScope::ssi_value_length, 256));
    rows.push_back(flag("ssi_last_modified", kHttpLevels, &HttpScope::ssi_last_modified, false));
    rows.push_back(accepted("ssi_min_file_chunk", kHttpLevels, kTake1, [](const Directive& d) { read_size(d); }));
    rows.push_back(accepted("ssi_ignore_recycled_buffers", kHttpLevels, kFlag, [](const Directive& d) { read_flag(d); }));
}

}  // namespace confparse
