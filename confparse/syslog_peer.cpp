#include "confparse/syslog_peer.hpp"

#include <cctype>
#include <iterator>
#include <string_view>

#include "confparse/address.hpp"
#include "confparse/setters.hpp"

namespace confparse {
namespace {

constexpr std::string_view kFacilities[] = {"kern",   "user",   "mail",   "daemon", "auth",     "intern",
                                            "lpr",    "news",   "uucp",   "clock",  "authpriv", "ftp",
                                            "ntp",    "audit",  "alert",  "cron",   "local0",   "local1",
                                            "local2", "local3", "local4", "local5", "local6",   "local7"};

int facility_named(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kFacilities); ++i) {
        if (kFacilities[i] == name) return static_cast<int>(i);
    }
    return -1;
}

// "server=": an address as ngx_parse_url reads it, the port 514 unless given; a name is resolved to its
// first address.
std::string read_server(const Directive& d, const std::string& text) {
    std::string err;
    if (names_unix_socket(text)) {
        auto u = parse_unix_socket_url(text, false, err);
        if (!u) fail(d, err + " in syslog server \"" + text + "\"");
        return unix_peer_name(u->path);
    }
    auto hp = parse_host_port(text, false, err);
    if (!hp) fail(d, err + " in syslog server \"" + text + "\"");
    std::vector<std::string> found = resolve_host(hp->host, hp->has_port ? hp->port : 514);
    if (found.empty()) fail(d, "host not found in syslog server \"" + text + "\"");
    return found.front();
}

}  // namespace

SyslogPeer read_syslog_peer(const Directive& d, const std::string& arg) {
    SyslogPeer peer;
    bool server = false, facility = false, severity = false, tag = false;
    std::string_view rest = std::string_view(arg).substr(7);
    for (;;) {
        std::size_t comma = rest.find(',');
        std::string p(rest.substr(0, comma));
        if (p.rfind("server=", 0) == 0) {
            if (server) fail(d, "duplicate syslog \"server\"");
            peer.server = read_server(d, p.substr(7));
            server = true;
        } else if (p.rfind("facility=", 0) == 0) {
            if (facility) fail(d, "duplicate syslog \"facility\"");
            peer.facility = facility_named(std::string_view(p).substr(9));
            if (peer.facility < 0) fail(d, "unknown syslog facility \"" + p.substr(9) + "\"");
            facility = true;
        } else if (p.rfind("severity=", 0) == 0) {
            if (severity) fail(d, "duplicate syslog \"severity\"");
            // as nginx: its log levels' names, not syslog's own ("err", "warning")
            auto level = log_level_named(std::string_view(p).substr(9));
            if (!level) fail(d, "unknown syslog severity \"" + p.substr(9) + "\"");
            peer.severity = static_cast<int>(*level);
            severity = true;
        } else if (p.rfind("tag=", 0) == 0) {
            if (tag) fail(d, "duplicate syslog \"tag\"");
            peer.tag = p.substr(4);
            if (peer.tag.size() > 32) fail(d, "syslog tag length exceeds 32");
            for (unsigned char c : peer.tag) {
                if (!std::isalnum(c) && c != '_')
                    fail(d, "syslog \"tag\" only allows alphanumeric characters and underscore");
            }
            tag = true;
        } else if (p == "nohostname") {
            peer.hostname = false;
        } else {
            fail(d, "unknown syslog parameter \"" + p + "\"");
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (!server) fail(d, "no syslog server specified");
    return peer;
}

}  // namespace confparse
