#pragma once
// nginx's auth_basic module: a level with a realm and a user file lets a request on only with a user of
// the file and that user's password ("Authorization: Basic"); the file is read at each request, as nginx.
namespace confparse {
struct HttpScope;
}

namespace proxy {

class Runtime;
struct RequestContext;

// nginx's handler's answer (proxy/access_phase.hpp): kAccessDeclined without a realm or a file,
// kAccessAllowed for a user of the file with the right password, else the status (401 with a
// WWW-Authenticate kept for the answer, 403 when the file is missing, 500), its error log line written as
// nginx's whatever satisfy says.
int auth_basic_status(const Runtime& runtime, const confparse::HttpScope& scope, RequestContext& r);

}  // namespace proxy
