#pragma once
#include <string>

namespace confparse {

// Reads a whole file; returns 0 or the errno of the failure. `read_failed`, when given, tells whether the
// failure came from read() after a successful open() (nginx names them differently: "pread()" at crit).
int read_file(const std::string& path, std::string& out, bool* read_failed = nullptr);

// errno as nginx prints it inside parentheses: "2: No such file or directory".
std::string errno_text(int err);

// As nginx's ngx_create_full_path: makes each missing folder of `path` that ends at a '/' found at or after
// `from`, with `mode` (folders there already stay as they are). A failure shows when the file is opened.
void create_full_path(const std::string& path, std::size_t from, unsigned mode);

// A path as nginx's ngx_conf_full_name makes it: absolute paths stay, relative ones start at `prefix`
// (which ends in '/').
std::string full_name(const std::string& prefix, const std::string& path);

}  // namespace confparse
