#pragma once
// Log lines sent to syslog as nginx's ngx_syslog_writer sends them: one datagram each, over UDP or a unix
// socket, "<PRI>Mmm dd hh:mm:ss HOSTNAME TAG: " and the line without its line end. A datagram that cannot
// go is dropped, as nginx drops it; the socket is made again for the next.
#include <mutex>
#include <string>
#include <string_view>

#include "confparse/config.hpp"

namespace proxy {

class SyslogSender {
public:
    explicit SyslogSender(confparse::SyslogPeer peer);
    ~SyslogSender();
    SyslogSender(const SyslogSender&) = delete;
    SyslogSender& operator=(const SyslogSender&) = delete;

    // Sends `line` (a trailing line end is left out) at `severity` (0 emerg to 7 debug).
    void send(int severity, std::string_view line) const;
    // The peer's own severity, for access log lines.
    int severity() const { return peer_.severity; }

private:
    // A datagram socket connected to the server; -1 when one cannot be made now.
    int connected() const;

    confparse::SyslogPeer peer_;
    std::string hostname_;
    mutable std::mutex mutex_;  // the worker threads share the socket
    mutable int fd_ = -1;
};

}  // namespace proxy
