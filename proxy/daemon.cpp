#include "proxy/daemon.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "confparse/files.hpp"
#include "proxy/messages.hpp"

namespace proxy {

void daemonize() {
    pid_t pid = ::fork();
    if (pid > 0) ::_exit(0);
    ::setsid();
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, STDIN_FILENO);
        ::dup2(null, STDOUT_FILENO);
        ::close(null);
    }
}

bool write_pid_file(const std::string& path) {
    std::string text = std::to_string(::getpid()) + "\n";
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        print_level("emerg", "open() \"" + path + "\" failed (" + confparse::errno_text(errno) + ")");
        return false;
    }
    ssize_t rc = ::write(fd, text.data(), text.size());
    ::close(fd);
    return rc == static_cast<ssize_t>(text.size());
}

}  // namespace proxy
