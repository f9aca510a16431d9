// How a request body is kept while it is read (nginx's client_body_* directives of the http core module).
#include "confparse/setters.hpp"

namespace confparse {
namespace {

// As nginx's ngx_conf_set_path_slot: a folder (trailing '/' dropped, relative to the prefix), then up to
// three levels of 1 or more digits each, 10 digits in all at most.
TempPath read_temp_path(const BuildState& b, const Directive& d) {
    TempPath t;
    std::string path = d.args[0];
    if (path.size() > 1 && path.back() == '/') path.pop_back();
    t.path = b.prefix_path(path);
    int digits = 0;
    for (size_t i = 1; i < d.args.size(); ++i) {
        auto level = parse_number(d.args[i]);
        if (!level || *level == 0) fail_directive(d, "invalid value");
        t.levels.push_back(static_cast<int>(*level));
        digits += static_cast<int>(*level);
    }
    if (digits > 10) fail_directive(d, "invalid value");
    return t;
}

}  // namespace

void add_request_body_rows(std::vector<Row>& rows) {
    rows.push_back(scoped("client_body_in_file_only", kHttpLevels, kTake1, &HttpScope::client_body_in_file_only,
                          [](const Directive& d) {
        return read_enum<BodyInFile>(d, {{"off", BodyInFile::Off}, {"on", BodyInFile::On}, {"clean", BodyInFile::Clean}});
    }, BodyInFile::Off));

    Row temp_path{"client_body_temp_path", kHttpLevels, kTake1234};
    temp_path.set = [](BuildState& b, const Directive& d) {
        auto& s = b.scope().client_body_temp_path;
        if (s.is_set()) fail_directive(d, "is duplicate");
        s.value = read_temp_path(b, d);
        s.where = d.where;
    };
    temp_path.merge = [](HttpScope& child, const HttpScope& parent) {
        child.client_body_temp_path.merge(parent.client_body_temp_path, TempPath{});
    };
    rows.push_back(temp_path);

    // nproxy keeps a body it holds in memory in one buffer always, which is what this asks of nginx
    rows.push_back(accepted("client_body_in_single_buffer", kHttpLevels, kFlag, [](const Directive& d) { read_flag(d); }));
}

}  // namespace confparse
