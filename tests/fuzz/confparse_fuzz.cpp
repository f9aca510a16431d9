// Feeds arbitrary bytes to confparse as a configuration file: tokenizer, parser, schema and builder.
// Every outcome but a ConfigError or success (a crash, a sanitizer report, another exception) is a bug.
#include <netdb.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>

#include "confparse/load.hpp"
#include "tests/fuzz/fuzz_prefix.hpp"

// Name resolution without the network: numeric addresses and "localhost" only, so that a fuzzed host
// name never waits on DNS. Defined here, it takes the place of libc's for this binary.
extern "C" int getaddrinfo(const char* node, const char*, const addrinfo*, addrinfo** res) {
    auto* sin = static_cast<sockaddr_in*>(std::calloc(1, sizeof(sockaddr_in)));
    sin->sin_family = AF_INET;
    if (std::strcmp(node, "localhost") == 0) node = "127.0.0.1";
    if (inet_pton(AF_INET, node, &sin->sin_addr) != 1) {
        std::free(sin);
        return EAI_NONAME;
    }
    auto* ai = static_cast<addrinfo*>(std::calloc(1, sizeof(addrinfo)));
    ai->ai_family = AF_INET;
    ai->ai_socktype = SOCK_STREAM;
    ai->ai_addrlen = sizeof(sockaddr_in);
    ai->ai_addr = reinterpret_cast<sockaddr*>(sin);
    *res = ai;
    return 0;
}

extern "C" void freeaddrinfo(addrinfo* ai) {
    while (ai) {
        addrinfo* next = ai->ai_next;
        std::free(ai->ai_addr);
        std::free(ai);
        ai = next;
    }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    // An include may name any file (/dev/zero, /dev/stdin): reading those tests the machine, not the parser.
    if (text.find("include") != std::string_view::npos) return 0;
    std::string conf = fuzz_prefix() + "conf/nginx.conf";
    std::ofstream(conf, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(size));
    try {
        confparse::load({fuzz_prefix(), conf, ""});
    } catch (const confparse::ConfigError& e) {
        if (e.text().empty()) std::abort();
    }
    return 0;
}
