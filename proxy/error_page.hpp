#pragma once
// nginx's error_page (ngx_http_send_error_page): an error answer the level names a page for goes there
// instead: by an internal redirect to a URI (as a GET), to a named location, or as a redirect to a URL.
// Once per request, unless recursive_error_pages.
#include "proxy/exchange.hpp"
#include "proxy/rewrite.hpp"

namespace proxy {

// The level's page for `code`, or null.
const confparse::ErrorPage* find_error_page(const confparse::HttpScope& scope, int code);

// The code a page answers with: its "=code", 0 for "=" (the redirected request's own), -1 to keep the
// error's; as nginx, 494..497 become 400 unless a code is given.
int error_page_code(const confparse::ErrorPage& page, int code);

// The content phase (dispatch.hpp).
template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten);

// Serves the request again from the location the rewrite phases chose for it, under that location's settings.
template <class Stream>
net::awaitable<void> serve_internally(Exchange<Stream>& x, const RewriteAnswer& rewritten) {
    const confparse::HttpScope& scope = x.r.location ? x.r.location->scope : x.r.server->scope;
    Exchange<Stream> inner = rescoped(x, scope);
    co_await dispatch(inner, rewritten);
    take_state(x, inner);
}

// The named location `name` ("@x") an internal redirect goes to, as ngx_http_named_location finds it; null
// with nginx's error line written when there is none (the caller answers 500).
template <class Stream>
const confparse::Location* find_named_location(Exchange<Stream>& x, const std::string& name) {
    RequestContext& r = x.r;
    const confparse::Location* location = r.uri.empty() ? nullptr : x.runtime.router().find_named(*r.server, name);
    if (!location) {
        x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, r.connection->id,
            std::string(r.uri.empty() ? "empty URI in redirect to named location \""
                                      : "could not find named location \"") +
                name + "\"" + error_context(r));
    }
    return location;
}

// nginx's internal redirect (ngx_http_internal_redirect, ngx_http_named_location): the request, its URI
// already changed (or `named`, a named location, chosen), is served again from the start, while it has
// URI changes left; else 500. `target` names where it went, for the log.
template <class Stream>
net::awaitable<void> redirect_internally(Exchange<Stream>& x, const std::string& target,
                                         const confparse::Location* named) {
    RequestContext& r = x.r;
    if (--r.uri_changes == 0) {
        x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, r.connection->id,
            "rewrite or internal redirection cycle while " +
                std::string(named ? "redirect to named location \"" : "internally redirecting to \"") + target +
                "\"" + error_context(r));
        co_return co_await send_error(x, 500);
    }
    r.internal = true;
    r.add_uri_to_alias = false;
    co_await serve_internally(x, x.runtime.rewriter().run(x.runtime, r, named));
}

template <class Stream>
net::awaitable<bool> follow_error_page(Exchange<Stream>& x, int code, const std::string& redirect_to) {
    RequestContext& r = x.r;
    if (r.error_page || x.scope.error_page->empty() || r.uri_changes == 0) co_return false;
    if (!*x.scope.recursive_error_pages) r.error_page = true;  // as nginx: even when no page is for this code
    const confparse::ErrorPage* page = find_error_page(x.scope, code);
    if (!page) co_return false;
    int overwrite = error_page_code(*page, code);
    if (overwrite >= 0) r.error_status = overwrite;
    std::string uri = page->has_variables ? x.runtime.text(page->uri).render(r) : page->uri;
    if (!uri.empty() && (uri[0] == '/' || uri[0] == '@')) {
        const confparse::Location* location = nullptr;
        std::string target = uri;
        if (uri[0] == '@') {
            location = find_named_location(x, uri);
            if (!location) {
                co_await send_error(x, 500);
                co_return true;
            }
        } else {
            std::string args = page->args;
            if (page->has_variables && uri.find('?') != std::string::npos) {
                args = uri.substr(uri.find('?') + 1);
                uri.resize(uri.find('?'));
            }
            r.uri = std::move(uri);
            r.args = std::move(args);
            r.has_args = !r.args.empty();
            r.rewritten = true;
            if (r.method != "HEAD") r.method = "GET";
        }
        // as nginx: a redirect's Location stays in the answer the page gives
        if (!redirect_to.empty()) r.kept_headers.push_back({"Location", absolute_location(x, redirect_to)});
        co_await redirect_internally(x, target, location);
        co_return true;
    }
    if (overwrite != 301 && overwrite != 302 && overwrite != 303 && overwrite != 307 && overwrite != 308) {
        r.error_status = 302;
    }
    co_await send_special_page(x, r.error_status, uri);
    co_return true;
}

}  // namespace proxy
