// open_log_file_cache over real files: which names stay open, which are dropped, and where lines go once
// a file's folder is renamed.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "proxy/open_log_cache.hpp"
#include "temp_folder.hpp"

using proxy::OpenLogCache;
using proxy_test::file_text;
using proxy_test::TempFolder;
using namespace std::chrono_literals;

namespace {

confparse::OpenLogFileCache settings(std::int64_t max, std::int64_t min_uses, std::int64_t inactive = 20,
                                     std::int64_t valid = 60) {
    confparse::OpenLogFileCache s;
    s.max = max;
    s.min_uses = min_uses;
    s.inactive = inactive;
    s.valid = valid;
    return s;
}

// What the access log does for one line; false when the file could not be opened.
bool log_line(OpenLogCache& cache, const std::string& path, OpenLogCache::Clock::time_point now) {
    auto log = cache.open(path, now);
    if (!log) return false;
    REQUIRE(::write(log->fd(), "/\n", 2) == 2);
    cache.release(path, now);
    return true;
}

}  // namespace

TEST_CASE("open_log_file_cache: kept after min_uses, least recently used dropped, kept files outlive a rename") {
    TempFolder t;
    const std::string dir = t.path + "/dir";
    std::filesystem::create_directory(dir);
    OpenLogCache cache(settings(3, 2));
    auto now = OpenLogCache::Clock::now();
    for (const char* name : {"lru", "lru", "once", "first", "first", "second", "second"}) {
        CHECK(log_line(cache, dir + "/" + name, now));
    }
    CHECK(cache.size() == 3);  // "lru" made room for "second"
    std::filesystem::rename(dir, t.path + "/moved");
    errno = 0;
    CHECK_FALSE(log_line(cache, dir + "/lru", now));  // dropped: opened again, and the folder is gone
    CHECK(errno == ENOENT);
    CHECK_FALSE(log_line(cache, dir + "/once", now));  // used once: not kept open
    CHECK(log_line(cache, dir + "/first", now));       // kept open: the line goes to the moved file
    CHECK(log_line(cache, dir + "/second", now));
    CHECK(cache.size() == 2);  // a name that fails is not remembered
    CHECK(file_text(t.path + "/moved/lru") == "/\n/\n");
    CHECK(file_text(t.path + "/moved/once") == "/\n");
    CHECK(file_text(t.path + "/moved/first") == "/\n/\n/\n");
    CHECK(file_text(t.path + "/moved/second") == "/\n/\n/\n");
}

TEST_CASE("open_log_file_cache: a name unused for longer than inactive is dropped") {
    TempFolder t;
    OpenLogCache cache(settings(10, 1, 20));
    auto start = OpenLogCache::Clock::now();
    CHECK(log_line(cache, t.path + "/a", start));
    CHECK(log_line(cache, t.path + "/b", start + 20s));
    CHECK(cache.size() == 2);  // "a" is exactly 20 s old: not yet
    CHECK(log_line(cache, t.path + "/b", start + 21s));
    CHECK(cache.size() == 1);
}

TEST_CASE("open_log_file_cache: after valid, a renamed file is let go and the name opened anew") {
    TempFolder t;
    const std::string name = t.path + "/log";
    OpenLogCache cache(settings(10, 1, 1000, 60));
    auto start = OpenLogCache::Clock::now();
    CHECK(log_line(cache, name, start));
    std::filesystem::rename(name, t.path + "/old");
    CHECK(log_line(cache, name, start + 59s));  // still valid: to the renamed file
    CHECK(log_line(cache, name, start + 60s));  // checked again: a new file under the name
    CHECK(log_line(cache, name, start + 61s));
    CHECK(file_text(t.path + "/old") == "/\n/\n");
    CHECK(file_text(name) == "/\n/\n");
}
