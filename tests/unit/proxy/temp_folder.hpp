#pragma once
// A folder of its own for a test that works with real files, removed with everything in it at the end.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace proxy_test {

struct TempFolder {
    std::string path;
    TempFolder() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "nproxy-test-XXXXXX").string();
        path = mkdtemp(tmpl.data());
    }
    ~TempFolder() { std::filesystem::remove_all(path); }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
};

inline std::string file_text(const std::string& name) {
    std::ifstream in(name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace proxy_test
