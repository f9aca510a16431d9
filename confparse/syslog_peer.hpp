#pragma once
// The "syslog:" target of error_log and access_log, read as nginx's ngx_syslog_process_conf.
#include <string>

#include "confparse/config.hpp"
#include "confparse/tree.hpp"

namespace confparse {

// Whether a log's first argument names syslog rather than a file.
inline bool names_syslog(const std::string& arg) { return arg.rfind("syslog:", 0) == 0; }

// The parameters after "syslog:" (comma-separated: server=, facility=, severity=, tag=, nohostname), with
// nginx's errors; the server's name is resolved now, as nginx resolves it at load.
SyslogPeer read_syslog_peer(const Directive& d, const std::string& arg);

}  // namespace confparse
