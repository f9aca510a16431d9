#include "proxy/messages.hpp"

#include <unistd.h>

namespace proxy {

void print_stderr(const std::string& text) {
    std::string line = std::string(kProgram) + ": " + text + "\n";
    ssize_t rc = ::write(STDERR_FILENO, line.data(), line.size());
    static_cast<void>(rc);
}

void print_level(const char* level, const std::string& text) { print_stderr(std::string("[") + level + "] " + text); }

}  // namespace proxy
