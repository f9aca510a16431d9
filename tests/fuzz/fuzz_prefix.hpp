#pragma once
// A prefix folder of the fuzz targets' own (with conf/ and logs/), made once per process in the system's
// temporary folder: nproxy -p would be given this.
#include <stdlib.h>

#include <filesystem>
#include <string>

inline const std::string& fuzz_prefix() {
    static const std::string p = [] {
        std::string tmpl = (std::filesystem::temp_directory_path() / "nproxy-fuzz-XXXXXX").string();
        std::string dir = mkdtemp(tmpl.data());
        std::filesystem::create_directories(dir + "/conf");
        std::filesystem::create_directories(dir + "/logs");
        return dir + "/";
    }();
    return p;
}
