#pragma once
// nginx's access phase checker (ngx_http_core_access_phase and the post-access step after it): how the
// answers of the access modules, in nginx's order (allow/deny, then auth_basic), become the request's,
// as satisfy says.
#include "confparse/config.hpp"

namespace proxy {

// One access module's answer, as nginx's handlers return it: no say (NGX_DECLINED), the request let on
// (NGX_OK), else the HTTP status that refuses it.
inline constexpr int kAccessDeclined = -1;
inline constexpr int kAccessAllowed = 0;

class AccessPhase {
public:
    explicit AccessPhase(confparse::Satisfy satisfy) : any_(satisfy == confparse::Satisfy::Any) {}

    // Takes the next module's answer; true once the phase is decided, and the modules after it do not run.
    bool decided_by(int answer);

    // 0 to let the request on, else the status to answer it with.
    int status() const { return status_; }

    // as nginx: under "satisfy any" a module that allows drops the WWW-Authenticate a refusal kept, one
    // kept before an error_page's internal redirect too
    bool drops_challenge() const { return decided_ && status_ == 0; }

    // as nginx's post-access step: a 403 that "satisfy any" kept to the end is logged "access forbidden by
    // rule" then (allow/deny logs it itself only under "satisfy all").
    bool logs_forbidden() const { return !decided_ && status_ == 403; }

private:
    bool any_;
    bool decided_ = false;
    int status_ = 0;
};

}  // namespace proxy
