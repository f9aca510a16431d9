// $remote_user: the user of "Authorization: Basic" credentials, as ngx_http_auth_basic_user reads them.
#include <catch2/catch.hpp>

#include "proxy/basic_auth.hpp"

using proxy::basic_auth_user;

TEST_CASE("basic auth: the user before the first ':' of the decoded credentials") {
    CHECK(basic_auth_user("Basic YWxpY2U6c2VjcmV0") == "alice");       // alice:secret
    CHECK(basic_auth_user("basic   YTpiOmM=") == "a");                 // a:b:c, any case, spaces
    CHECK(basic_auth_user("Basic YTpi=ignored") == "a");               // a:b, what follows '=' ignored
}

TEST_CASE("basic auth: nothing without a user, a password part or valid base64") {
    CHECK_FALSE(basic_auth_user("Basic OnNlY3JldA=="));  // :secret
    CHECK_FALSE(basic_auth_user("Basic YWxpY2U="));      // alice
    CHECK_FALSE(basic_auth_user("Basic YW*p"));
    CHECK_FALSE(basic_auth_user("Basic YWxpY"));         // a lone digit left over
    CHECK_FALSE(basic_auth_user("Basic "));
    CHECK_FALSE(basic_auth_user("Bearer YWxpY2U6c2VjcmV0"));
}
