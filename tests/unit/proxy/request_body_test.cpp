// What of a request body stays in memory, what the body variables show, and its temporary file.
#include <catch2/catch.hpp>

#include <filesystem>

#include "proxy/request_body.hpp"
#include "temp_folder.hpp"

using proxy::BodyFile;
using proxy::RequestBody;

using proxy_test::file_text;
using proxy_test::TempFolder;

TEST_CASE("a body of known length stays in memory below a buffer and a quarter past what came along", "[request_body]") {
    CHECK(proxy::memory_bound(false, 0, 2048) == 2559);
    CHECK(proxy::memory_bound(false, 700, 2048) == 3259);
    CHECK(proxy::memory_bound(false, 0, 0) == 0);
}

TEST_CASE("a chunked body stays in memory while it fits the buffer", "[request_body]") {
    CHECK(proxy::memory_bound(true, 700, 2048) == 2048);
}

TEST_CASE("$request_body is the body only while all of it is in memory", "[request_body]") {
    RequestBody body;
    CHECK(!proxy::request_body_value(nullptr));
    body.memory = "0123";
    CHECK(!proxy::request_body_value(&body));  // not whole yet
    body.whole = true;
    CHECK(proxy::request_body_value(&body) == std::optional<std::string>("0123"));
    CHECK(!proxy::request_body_file_value(&body));
}

TEST_CASE("temporary files are named as nginx hashes them into level folders", "[request_body]") {
    CHECK(proxy::temp_file_name("/t", {}, 12345) == "/t/0000012345");
    CHECK(proxy::temp_file_name("/t", {1, 2}, 12345) == "/t/5/34/0000012345");
    CHECK(proxy::temp_file_name("/t", {2}, 4294967295u) == "/t/95/4294967295");
}

TEST_CASE("a body file is created with its level folders and kept as client_body_in_file_only says", "[request_body]") {
    TempFolder folder;
    std::string root = folder.path + "/client_body_temp";
    std::string kept_name, clean_name;
    {
        RequestBody body;
        body.whole = true;
        body.file = std::make_unique<BodyFile>(root, std::vector<int>{1, 2}, BodyFile::Keep::Yes);
        REQUIRE(body.file->ok());
        REQUIRE(body.file->append("0123456789", 10));
        kept_name = body.file->name();
        CHECK(kept_name.rfind(root + "/", 0) == 0);
        CHECK(proxy::request_body_file_value(&body) == std::optional<std::string>(kept_name));
        CHECK(!proxy::request_body_value(&body));
        char back[4];
        CHECK(body.file->read_at(8, back, sizeof back) == 2);

        BodyFile clean(root, {}, BodyFile::Keep::UntilDone);
        REQUIRE(clean.ok());
        clean_name = clean.name();
        CHECK(std::filesystem::exists(clean_name));

        BodyFile gone(root, {}, BodyFile::Keep::No);
        REQUIRE(gone.ok());
        CHECK(!std::filesystem::exists(gone.name()));  // as nginx: unlinked at once, still written through its fd
        CHECK(gone.append("x", 1));
    }
    CHECK(file_text(kept_name) == "0123456789");
    CHECK(!std::filesystem::exists(clean_name));
}

TEST_CASE("a body file that cannot be created says why", "[request_body]") {
    BodyFile file("/proc/nonexistent-folder", {}, BodyFile::Keep::No);
    CHECK(!file.ok());
    CHECK(file.error() != 0);
}
