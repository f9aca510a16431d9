#include "tls/stapling.hpp"

#include <openssl/bio.h>
#include <openssl/bytestring.h>
#include <openssl/ssl.h>

#include <vector>

#include "tls/ssl_error.hpp"

namespace tls {
namespace {

// What the file holds, or nginx's error for one BoringSSL cannot open.
std::vector<uint8_t> read_file(const std::string& path) {
    bssl::UniquePtr<BIO> bio(BIO_new_file(path.c_str(), "rb"));
    if (!bio) throw_ssl_error("BIO_new_file(\"" + path + "\") failed");
    std::vector<uint8_t> data;
    uint8_t chunk[4096];
    int n;
    while ((n = BIO_read(bio.get(), chunk, sizeof chunk)) > 0) data.insert(data.end(), chunk, chunk + n);
    return data;
}

// An OCSPResponse (RFC 6960): a SEQUENCE that starts with the ENUMERATED responseStatus, and nothing after
// it. BoringSSL cannot parse the rest; nginx with OpenSSL refuses a file that is no such structure.
bool looks_like_ocsp_response(const std::vector<uint8_t>& der) {
    CBS cbs, response, status;
    CBS_init(&cbs, der.data(), der.size());
    return CBS_get_asn1(&cbs, &response, CBS_ASN1_SEQUENCE) && CBS_len(&cbs) == 0 &&
           CBS_get_asn1(&response, &status, CBS_ASN1_ENUMERATED);
}

}  // namespace

void configure_stapling(SSL_CTX* ctx, const confparse::HttpScope& scope) {
    if (!*scope.ssl_stapling || scope.ssl_stapling_file->empty()) return;
    const std::string& path = *scope.ssl_stapling_file;
    std::vector<uint8_t> der = read_file(path);
    if (!looks_like_ocsp_response(der)) {
        throw confparse::ConfigError("d2i_OCSP_RESPONSE_bio(\"" + path + "\") failed (SSL: not a DER OCSP response)");
    }
    if (!SSL_CTX_set_ocsp_response(ctx, der.data(), der.size())) throw_ssl_error("SSL_CTX_set_ocsp_response() failed");
}

void refuse_ocsp(const confparse::HttpScope& scope) {
    if (!*scope.ssl_ocsp) return;
    if (*scope.ssl_verify_client == confparse::VerifyClient::OptionalNoCa) {
        throw confparse::ConfigError("\"ssl_ocsp\" is incompatible with \"ssl_verify_client optional_no_ca\"");
    }
    throw confparse::ConfigError("\"ssl_ocsp\" is not supported on this platform");
}

std::string stapling_warning(const confparse::HttpScope& scope) {
    if (!*scope.ssl_stapling || !scope.ssl_stapling_file->empty()) return "";
    return "\"ssl_stapling\" ignored, OCSP responses are not fetched (only an \"ssl_stapling_file\" is stapled)";
}

}  // namespace tls
