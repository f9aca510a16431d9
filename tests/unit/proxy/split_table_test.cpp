// split_clients' choice (nginx's ngx_murmur_hash2 and its parts), against values nginx's own code gives.
#include <catch2/catch.hpp>

#include "proxy/murmur_hash.hpp"
#include "proxy/split_table.hpp"

TEST_CASE("murmur_hash2 gives ngx_murmur_hash2's values", "[split_clients]") {
    CHECK(proxy::murmur_hash2("") == 0u);
    CHECK(proxy::murmur_hash2("a") == 2456313694u);
    CHECK(proxy::murmur_hash2("ab") == 446775395u);
    CHECK(proxy::murmur_hash2("abc") == 324500635u);
    CHECK(proxy::murmur_hash2("abcd") == 646393889u);
    CHECK(proxy::murmur_hash2("abcde") == 1594468574u);
    CHECK(proxy::murmur_hash2("127.0.0.1AAA") == 3053215307u);
    CHECK(proxy::murmur_hash2("hello world") == 1151865881u);
    CHECK(proxy::murmur_hash2("y") == 3657681515u);
    CHECK(proxy::murmur_hash2("\xff\xfe\xfd") == 1029784976u);  // bytes read unsigned
}

TEST_CASE("split_clients picks the first part whose bound is above the hash, \"*\" taking the rest",
          "[split_clients]") {
    confparse::SplitClientsBlock block;
    block.source = "$arg_k";
    // 50% and 25% as nginx sums them: below 2147483647, then below 3221225470
    block.parts = {{2147483647u, "half"}, {3221225470u, "quarter"}};
    proxy::SplitTable partial(block);
    CHECK(partial.pick("abcd") == "half");             // 646393889
    CHECK(partial.pick("hello world") == "half");      // 1151865881
    CHECK(partial.pick("a") == "quarter");             // 2456313694
    CHECK(partial.pick("127.0.0.1AAA") == "quarter");  // 3053215307
    CHECK(partial.pick("y") == "");                    // 3657681515 is past both: nginx's empty value
    block.parts.push_back({0, "rest"});
    block.parts[1].bound = 3000000000u;
    proxy::SplitTable full(block);
    CHECK(full.pick("127.0.0.1AAA") == "rest");
    CHECK(full.pick("y") == "rest");
}
