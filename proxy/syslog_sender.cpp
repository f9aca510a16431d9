#include "proxy/syslog_sender.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "tls/socket_address.hpp"

namespace proxy {
namespace {

// as nginx's NGX_SYSLOG_MAX_STR: a header and 2048 bytes of line
constexpr std::size_t kMaxLine = 2048;

// The local time as syslog writes it: "Nov  8 09:05:01".
std::string syslog_time() {
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char text[32];
    std::snprintf(text, sizeof text, "%s %2d %02d:%02d:%02d", months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return text;
}

}  // namespace

SyslogSender::SyslogSender(confparse::SyslogPeer peer) : peer_(std::move(peer)) {
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    hostname_ = name;
    std::transform(hostname_.begin(), hostname_.end(), hostname_.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
}

SyslogSender::~SyslogSender() {
    if (fd_ >= 0) ::close(fd_);
}

int SyslogSender::connected() const {
    if (fd_ >= 0) return fd_;
    sockaddr_storage ss{};
    socklen_t len = tls::socket_address(peer_.server, ss);
    if (len == 0) return -1;
    int fd = ::socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
        ::close(fd);
        return -1;
    }
    return fd_ = fd;
}

void SyslogSender::send(int severity, std::string_view line) const {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    std::string message = "<" + std::to_string(peer_.facility * 8 + severity) + ">" + syslog_time() + " ";
    if (peer_.hostname) message += hostname_ + " ";
    message.append(peer_.tag).append(": ").append(line.substr(0, kMaxLine));
    std::lock_guard lock(mutex_);
    int fd = connected();
    if (fd < 0) return;
    if (::send(fd, message.data(), message.size(), MSG_NOSIGNAL) < 0) {
        ::close(fd_);  // as nginx: made again for the next line
        fd_ = -1;
    }
}

}  // namespace proxy
