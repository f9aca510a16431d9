#include "proxy/access_phase.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>

using confparse::Satisfy;
using proxy::AccessPhase;
using proxy::kAccessAllowed;
using proxy::kAccessDeclined;

namespace {

struct Outcome {
    int status;
    int asked;  // how many modules' answers were taken before the phase was decided
    bool logs_forbidden;
    bool drops_challenge;
};

// The phase fed the modules' answers in order, until it is decided.
Outcome run(Satisfy satisfy, std::initializer_list<int> answers) {
    AccessPhase phase(satisfy);
    int asked = 0;
    for (int answer : answers) {
        ++asked;
        if (phase.decided_by(answer)) break;
    }
    return {phase.status(), asked, phase.logs_forbidden(), phase.drops_challenge()};
}

}  // namespace

TEST_CASE("satisfy all: every module must allow or decline; the first refusal answers", "[access]") {
    CHECK(run(Satisfy::All, {kAccessDeclined, kAccessDeclined}).status == 0);
    CHECK(run(Satisfy::All, {kAccessAllowed, kAccessAllowed}).status == 0);
    Outcome denied = run(Satisfy::All, {403, 401});
    CHECK((denied.status == 403 && denied.asked == 1));
    CHECK_FALSE(denied.logs_forbidden);  // allow/deny logs it itself under satisfy all
    Outcome unauthorized = run(Satisfy::All, {kAccessAllowed, 401});
    CHECK((unauthorized.status == 401 && unauthorized.asked == 2));
    CHECK(run(Satisfy::All, {kAccessDeclined, 500}).status == 500);
    CHECK_FALSE(run(Satisfy::All, {kAccessAllowed, kAccessAllowed}).drops_challenge);
}

TEST_CASE("satisfy any: the first module that allows is enough", "[access]") {
    Outcome allowed = run(Satisfy::Any, {kAccessAllowed, 401});
    CHECK((allowed.status == 0 && allowed.asked == 1 && allowed.drops_challenge));
    CHECK(run(Satisfy::Any, {403, kAccessAllowed}).status == 0);
    CHECK(run(Satisfy::Any, {401, kAccessAllowed}).drops_challenge);
    // none with a say lets the request on, as under satisfy all
    Outcome declined = run(Satisfy::Any, {kAccessDeclined, kAccessDeclined});
    CHECK((declined.status == 0 && !declined.drops_challenge));
}

TEST_CASE("satisfy any: refused by all, 401 wins over 403 and a 403 is logged then", "[access]") {
    Outcome unauthorized = run(Satisfy::Any, {403, 401});
    CHECK((unauthorized.status == 401 && unauthorized.asked == 2 && !unauthorized.logs_forbidden));
    CHECK(run(Satisfy::Any, {401, 403}).status == 401);
    CHECK(run(Satisfy::Any, {kAccessDeclined, 401}).status == 401);
    Outcome forbidden = run(Satisfy::Any, {403, kAccessDeclined});
    CHECK((forbidden.status == 403 && forbidden.logs_forbidden));
    // auth_basic's missing file (403) after allow/deny declined: logged as forbidden too, as nginx
    CHECK(run(Satisfy::Any, {kAccessDeclined, 403}).logs_forbidden);
}

TEST_CASE("satisfy any: another status (500) answers at once", "[access]") {
    Outcome failed = run(Satisfy::Any, {403, 500, kAccessAllowed});
    CHECK((failed.status == 500 && failed.asked == 2 && !failed.logs_forbidden && !failed.drops_challenge));
}
