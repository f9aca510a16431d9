// The sub_filter matcher: nginx-tests' cases, a body cut at every position (and byte by byte) giving what
// the whole body gives, a naive leftmost-first reference on random bodies and patterns, once on and off,
// many patterns, empty replacements, and what is held back staying below the longest pattern.
#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "proxy/sub_matcher.hpp"

using proxy::SubMatcher;

namespace {

struct Pair {
    std::string match;  // lower-cased
    std::string replacement;
};

SubMatcher matcher(const std::vector<Pair>& pairs, bool once) {
    std::vector<std::string> patterns;
    for (const Pair& p : pairs) patterns.push_back(p.match);
    return SubMatcher(std::move(patterns), once);
}

// The body in the pieces `cuts` makes of it (positions, ascending).
std::string run(const std::vector<Pair>& pairs, bool once, const std::string& body,
                const std::vector<std::size_t>& cuts, std::size_t* most_held = nullptr) {
    SubMatcher m = matcher(pairs, once);
    std::string out;
    std::size_t longest = 0;
    for (const Pair& p : pairs) longest = std::max(longest, p.match.size());
    auto replacement = [&](std::size_t i) -> std::string_view { return pairs[i].replacement; };
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        m.feed(std::string_view(body).substr(from, cut - from), out, replacement);
        CHECK(m.held() < longest);
        if (most_held) *most_held = std::max(*most_held, m.held());
        from = cut;
    }
    m.feed(std::string_view(body).substr(from), out, replacement);
    CHECK(m.held() < longest);
    m.finish(out);
    return out;
}

std::string whole(const std::vector<Pair>& pairs, bool once, const std::string& body) {
    return run(pairs, once, body, {});
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; }

// nginx's result, the slow way: at each position the first pattern (in order, not replaced yet with once)
// found whole there is replaced; a pattern cut short by the end stops the search, the rest going as it is.
std::string reference(const std::vector<Pair>& pairs, bool once, const std::string& body) {
    std::vector<bool> used(pairs.size());
    std::size_t left = pairs.size();
    std::string out;
    std::size_t at = 0;
    while (at < body.size()) {
        if (once && left == 0) break;
        bool replaced = false;
        for (std::size_t i = 0; i < pairs.size() && !replaced; ++i) {
            if (once && used[i]) continue;
            const std::string& m = pairs[i].match;
            std::size_t k = 0;
            while (k < m.size() && at + k < body.size() && lower(body[at + k]) == m[k]) ++k;
            if (k == m.size()) {
                out += pairs[i].replacement;
                at += m.size();
                replaced = true;
                if (once) used[i] = true, --left;
            } else if (at + k == body.size()) {
                return out + body.substr(at);  // cut short by the end
            }
        }
        if (!replaced) out += body[at++];
    }
    return out + body.substr(at);
}

}  // namespace

TEST_CASE("nginx-tests' single-pattern cases", "[sub_filter]") {
    CHECK(whole({{"foo", "bar"}}, true, "foofoo") == "barfoo");
    CHECK(whole({{"foo", "bar"}}, false, "foofoo") == "barbar");
    CHECK(whole({{"foo", "bar"}}, true, "FOO") == "bar");
    CHECK(whole({{"foo", "bar"}}, false, "foofo") == "barfo");
    CHECK(whole({{"abac", "_replaced"}}, true, "abaabac") == "aba_replaced");
    CHECK(whole({{"abac", "_replaced"}}, true, "ababac") == "ab_replaced");
    CHECK(whole({{"ababx", "_replaced"}}, true, "abababX") == "ab_replaced");
    CHECK(whole({{"aab", "_replaced"}}, true, "aaaab") == "aa_replaced");
    CHECK(whole({{"a", "B"}}, true, "CAAC") == "CBAC");
    CHECK(whole({{"a", "B"}}, false, "CAAC") == "CBBC");
}

TEST_CASE("several patterns: leftmost first, then the configuration's order", "[sub_filter]") {
    CHECK(whole({{"aab", "+"}, {"yyz", "-"}}, false, "aabAyyzBaab") == "+A-B+");
    CHECK(whole({{"aabb", "+"}, {"aaabb", "-"}}, false, "aabbaaabbaabb") == "+-+");
    CHECK(whole({{"aacbb", "+"}, {"aadbb", "-"}}, false, "aadbbaacbb") == "-+");
    CHECK(whole({{"ab", "+"}, {"cd", "-"}, {"ef", "*"}, {"gh", "!"}, {"x", "_"}}, false,
                "AAabcdefghBxBabCxCcdDDefEEghFF") == "AA+-*!B_B+C_C-DD*EE!FF");
    // at one position the earlier pattern wins, even a shorter one
    CHECK(whole({{"ab", "1"}, {"abc", "2"}}, false, "abcabc") == "1c1c");
    CHECK(whole({{"abc", "2"}, {"ab", "1"}}, false, "abcabd") == "21d");
    // overlapping candidates: a failed longer one leaves the next position to be looked at
    CHECK(whole({{"abcd", "+"}, {"bcx", "-"}}, false, "abcx") == "a-");
    CHECK(whole({{"aab", "+"}}, false, "aaab") == "a+");
}

TEST_CASE("once: each pattern replaced once, then the rest goes as it is", "[sub_filter]") {
    std::vector<Pair> pairs{{"aab", "+"}, {"yyz", "-"}};
    CHECK(whole(pairs, true, "aabyyzaab") == "+-aab");
    CHECK(whole(pairs, true, "yyzaabyyz") == "-+yyz");
    CHECK(whole(pairs, true, "yyzyyzaabaabyyz") == "-yyz+aabyyz");
    // the same pattern twice: the second takes the next occurrence
    CHECK(whole({{"a", "1"}, {"a", "2"}}, true, "aaa") == "12a");
}

TEST_CASE("empty replacements remove the match", "[sub_filter]") {
    CHECK(whole({{"<!-- x -->", ""}}, false, "a<!-- X -->b<!-- x -->") == "ab");
    CHECK(whole({{"ab", ""}, {"c", ""}}, true, "abcabc") == "abc");
}

TEST_CASE("the end of the body: a pattern cut short goes out as it is, as nginx's", "[sub_filter]") {
    CHECK(whole({{"foo", "bar"}}, false, "fo") == "fo");
    // nginx does not look past the first pattern cut short, even for a shorter one inside
    CHECK(whole({{"abcd", "+"}, {"bc", "-"}}, false, "abc") == "abc");
    CHECK(whole({{"abcd", "+"}, {"bc", "-"}}, false, "abcX") == "a-X");
}

TEST_CASE("a match split at any position of the body gives what the whole body gives", "[sub_filter]") {
    std::vector<std::vector<Pair>> sets{
        {{"abpatternyz", "+"}},
        {{"abpatternyz", "+"}, {"abpa", "-"}, {"tter", "*"}},
        {{"abyz", "+"}, {"abpattternyz", "-"}},
        {{"abpattxernyz", "+"}, {"abpattternyz", "-"}, {"_", "*"}},
    };
    std::string body = "xxabpatternyzAabpattternyz_abpattxernyzabpaYabyzABPATTERNYZabpatternyabpa";
    for (const auto& pairs : sets) {
        for (bool once : {false, true}) {
            std::string expected = whole(pairs, once, body);
            CHECK(expected == reference(pairs, once, body));
            for (std::size_t cut = 0; cut <= body.size(); ++cut) {
                INFO("cut at " << cut);
                CHECK(run(pairs, once, body, {cut}) == expected);
            }
            std::vector<std::size_t> every;
            for (std::size_t i = 1; i < body.size(); ++i) every.push_back(i);
            CHECK(run(pairs, once, body, every) == expected);
        }
    }
}

TEST_CASE("random bodies and patterns, in random pieces, as the naive reference", "[sub_filter]") {
    std::mt19937 rng(20221019);
    auto text = [&](std::size_t n, const char* alphabet) {
        std::string s;
        std::size_t k = std::strlen(alphabet);
        for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % k];
        return s;
    };
    for (int round = 0; round < 2000; ++round) {
        std::vector<Pair> pairs;
        std::size_t count = 1 + rng() % 5;
        for (std::size_t i = 0; i < count; ++i) pairs.push_back({text(1 + rng() % 6, "abc"), text(rng() % 3, "XY")});
        std::string body = text(rng() % 80, "abcABd");
        std::vector<std::size_t> cuts;
        for (std::size_t at = 0; body.size() && at < body.size();) {
            at += 1 + rng() % 7;
            if (at < body.size()) cuts.push_back(at);
        }
        bool once = rng() % 2;
        INFO("body " << body << " once " << once);
        CHECK(run(pairs, once, body, cuts) == reference(pairs, once, body));
    }
}

TEST_CASE("many patterns at once, and a long one across many pieces", "[sub_filter]") {
    std::vector<Pair> pairs;
    for (int i = 0; i < 255; ++i) pairs.push_back({"p" + std::to_string(i) + "q", "<" + std::to_string(i) + ">"});
    std::string body, expected;
    for (int i = 254; i >= 0; --i) {
        body += "P" + std::to_string(i) + "Q.";
        expected += "<" + std::to_string(i) + ">.";
    }
    std::vector<std::size_t> cuts;
    for (std::size_t at = 3; at < body.size(); at += 5) cuts.push_back(at);
    CHECK(run(pairs, false, body, cuts) == expected);
    CHECK(run(pairs, true, body + body, cuts) == expected + body);

    std::string longp;
    for (int i = 0; i < 17; ++i) longp += "0123456789abcdef";
    std::string big;
    for (int i = 0; i < 100; ++i) big += "ABC" + longp + "yz";
    std::vector<std::size_t> small;
    for (std::size_t at = 7; at < big.size(); at += 7) small.push_back(at);
    std::size_t most_held = 0;
    std::string out = run({{longp, "+"}, {"yz", "-"}}, false, big, small, &most_held);
    std::string want;
    for (int i = 0; i < 100; ++i) want += "ABC+-";
    CHECK(out == want);
    CHECK(most_held > 0);
    CHECK(most_held < longp.size());
}

TEST_CASE("a body without candidates is never held back", "[sub_filter]") {
    SubMatcher m({"za"}, false);
    std::string out;
    auto none = [](std::size_t) -> std::string_view { return "ZA"; };
    m.feed("xyq", out, none);
    CHECK(out == "xyq");
    CHECK(m.held() == 0);
    m.feed("xyz", out, none);
    CHECK(out == "xyqxy");  // "z" may begin "za"
    CHECK(m.held() == 1);
    m.feed("a!", out, none);
    CHECK(out == "xyqxyZA!");
}
