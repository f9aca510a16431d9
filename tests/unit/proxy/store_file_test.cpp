// proxy_store's file: written beside its place, moved there whole with its mode and time, or removed.
#include "proxy/store_file.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "temp_folder.hpp"

using proxy::StoreFile;
using proxy_test::file_text;
using proxy_test::TempFolder;

namespace {

std::size_t entries(const std::string& folder) {
    auto it = std::filesystem::directory_iterator(folder);
    return static_cast<std::size_t>(std::distance(it, std::filesystem::directory_iterator()));
}

}  // namespace

TEST_CASE("a committed store file takes its place with its mode and time", "[store]") {
    TempFolder t;
    std::string path = t.path + "/a/b/file.txt";
    std::string error;
    {
        StoreFile file;
        REQUIRE(file.open(path, 0644, error));
        CHECK_FALSE(std::filesystem::exists(path));  // not before it is whole
        REQUIRE(file.write("hello ", 6, error));
        REQUIRE(file.write("world", 5, error));
        REQUIRE(file.commit(1700000000, error));
    }
    CHECK(file_text(path) == "hello world");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    CHECK(st.st_mtime == 1700000000);
    REQUIRE(::stat((t.path + "/a/b").c_str(), &st) == 0);
    CHECK((st.st_mode & 0700) == 0700);  // the folders made get x where the file has r
    CHECK(entries(t.path + "/a/b") == 1);
}

TEST_CASE("a store file not committed leaves nothing, an old file stays", "[store]") {
    TempFolder t;
    std::string path = t.path + "/file.txt";
    std::string error;
    {
        std::ofstream(path) << "old";
        StoreFile file;
        REQUIRE(file.open(path, 0600, error));
        REQUIRE(file.write("partial", 7, error));
    }
    CHECK(file_text(path) == "old");
    CHECK(entries(t.path) == 1);
}

TEST_CASE("a store file that cannot be made says why, as nginx", "[store]") {
    TempFolder t;
    std::string error;
    std::ofstream(t.path + "/plain") << "a file, not a folder";
    StoreFile file;
    CHECK_FALSE(file.open(t.path + "/plain/under/file.txt", 0600, error));
    CHECK(error.rfind("open() \"" + t.path + "/plain/under/.nproxy-store-", 0) == 0);
    CHECK(error.find("failed (20: Not a directory)") != std::string::npos);
}
