#include "proxy/version.hpp"

#include <openssl/crypto.h>

#include <string>

#include "proxy/defaults.hpp"
#include "tls/boringssl.hpp"

namespace proxy {
namespace {

void out(const std::string& s) { fputs(s.c_str(), stderr); }

}  // namespace

void show_version_info(bool help, bool configure) {
    // The second line is for tools that key on nginx's version (nginx's own test harness among them):
    // nproxy implements that release's behaviour.
    out(std::string("nproxy version: nproxy/") + NPROXY_VERSION + "\n");
    out(std::string("nginx version: nginx/") + NPROXY_NGINX_VERSION + " (compatible; nproxy/" + NPROXY_VERSION + ")\n");
    if (help) {
        out(std::string("Usage: nproxy [-?hvVtTq] [-s signal] [-p prefix]\n"
                        "              [-e filename] [-c filename] [-g directives] [--strict] [--probe]\n\n"
                        "Options:\n"
                        "  -?,-h         : this help\n"
                        "  -v            : show version and exit\n"
                        "  -V            : show version and configure options then exit\n"
                        "  -t            : test configuration and exit\n"
                        "  -T            : test configuration, dump it and exit\n"
                        "  -q            : suppress non-error messages during configuration testing\n"
                        "  -s signal     : send signal to a master process: stop, quit, reopen, reload\n"
                        "  -p prefix     : set prefix path (default: ") + kDefaultPrefix + ")\n"
            "  -e filename   : set error log file (default: " + kDefaultErrorLog + ")\n"
            "  -c filename   : set configuration file (default: " + kDefaultConfFile + ")\n"
            "  -g directives : set global directives out of configuration file\n"
            "  --strict      : with -t, fail the test on any warning about TLS\n"
            "  --probe       : test configuration, then connect to every https upstream peer and report\n\n");
    }
    if (configure) {
        // as nginx built with this library: the compatible OpenSSL version it claims, then the library's name
        out(std::string("built with " OPENSSL_VERSION_TEXT " (running with ") + OpenSSL_version(OPENSSL_VERSION) +
            ", BORINGSSL_API_VERSION " + std::to_string(BORINGSSL_API_VERSION) + ")\n");
        out("TLS SNI support enabled\n");
        // The nginx modules nproxy behaves as, and honestly the ones it does not have.
        out(std::string("configure arguments: --prefix=") + kDefaultPrefix + " --conf-path=" + kDefaultConfFile +
            " --with-http_ssl_module --with-http_realip_module --with-http_sub_module"
            " --with-http_gzip_static_module --with-http_auth_request_module --with-threads --with-file-aio"
            " --without-http_fastcgi_module"
            " --without-http_uwsgi_module --without-http_scgi_module --without-http_grpc_module"
            " --without-http_memcached_module"
            " --without-http_autoindex_module"
            " --without-http_userid_module --without-http_browser_module --without-http_empty_gif_module"
            " --without-mail_pop3_module --without-mail_imap_module --without-mail_smtp_module"
            " --without-stream_access_module\n");
    }
}

}  // namespace proxy
