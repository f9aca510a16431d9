#pragma once
// A temporary prefix for confparse tests: files are written under PREFIX/conf/ and loaded as nginx -t would.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "confparse/load.hpp"

namespace confparse_test {

class TempPrefix {
public:
    TempPrefix() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "confparse-XXXXXX").string();
        root_ = mkdtemp(tmpl.data());
        std::filesystem::create_directories(root_ + "/conf");
        std::filesystem::create_directories(root_ + "/logs");
    }
    ~TempPrefix() { std::filesystem::remove_all(root_); }
    TempPrefix(const TempPrefix&) = delete;
    TempPrefix& operator=(const TempPrefix&) = delete;

    std::string prefix() const { return root_ + "/"; }
    std::string conf(const std::string& name = "nginx.conf") const { return root_ + "/conf/" + name; }

    // Writes conf/NAME (creating folders) and returns its full path.
    std::string write(const std::string& name, const std::string& text) const {
        std::string path = conf(name);
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    confparse::Loaded load(const std::string& text) const {
        write("nginx.conf", text);
        return confparse::load({prefix(), conf(), ""});
    }

    // The error text a load fails with ("MESSAGE in FILE:LINE"), with the prefix shown as {P}; "" if none.
    std::string error(const std::string& text) const {
        try {
            load(text);
        } catch (const confparse::ConfigError& e) {
            std::string out = e.text();
            for (size_t at; (at = out.find(prefix())) != std::string::npos;) out.replace(at, prefix().size(), "{P}");
            return out;
        }
        return "";
    }

private:
    std::string root_;
};

// A config with an events block and TEXT inside "http { server { listen 8080; TEXT } }".
inline std::string in_server(const std::string& text) {
    return "events {}\nhttp {\nserver {\nlisten 8080;\n" + text + "}\n}\n";
}

// A config with an events block and TEXT inside "http { TEXT }".
inline std::string in_http(const std::string& text) { return "events {}\nhttp {\n" + text + "}\n"; }

}  // namespace confparse_test
