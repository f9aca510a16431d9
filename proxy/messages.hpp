#pragma once
#include <string>

namespace proxy {

// The program's name as messages show it ("nproxy: ...").
inline constexpr const char* kProgram = "nproxy";

// "nproxy: TEXT" on stderr, as nginx's ngx_log_stderr.
void print_stderr(const std::string& text);
// "nproxy: [LEVEL] TEXT" on stderr, as nginx prints errors before its error log is open.
void print_level(const char* level, const std::string& text);

}  // namespace proxy
