#include "tls/probe.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "confparse/files.hpp"
#include "tls/handshake_error.hpp"
#include "tls/socket_address.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace tls {
namespace {

class Socket {
public:
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return fd_; }

private:
    int fd_;
};

// A connected blocking socket whose reads and writes time out, or -1 with errno set.
int connect_to(const std::string& address, int timeout_ms) {
    sockaddr_storage ss{};
    socklen_t len = socket_address(address, ss);
    if (len == 0) return errno = EINVAL, -1;
    int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 && errno != EINPROGRESS) {
        int e = errno;
        ::close(fd);
        return errno = e, -1;
    }
    pollfd p{fd, POLLOUT, 0};
    int error = ::poll(&p, 1, timeout_ms) == 1 ? 0 : ETIMEDOUT;
    socklen_t error_len = sizeof error;
    if (error == 0) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_len);
    if (error != 0) {
        ::close(fd);
        return errno = error, -1;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return fd;
}

// The library's first queued error (the queue is emptied), else the system's.
std::string library_error() {
    unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) return errno ? confparse::errno_text(errno) : "the connection was closed";
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    return text;
}

std::string certificate_text(X509* cert) {
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
    bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
    ASN1_TIME_print(bio.get(), X509_get0_notAfter(cert));
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    BIO_mem_contents(bio.get(), &data, &size);
    return "certificate \"" + std::string(subject) + "\" until " + std::string(reinterpret_cast<const char*>(data), size);
}

struct Connection {
    bssl::UniquePtr<SSL> ssl;
    bool asked_for_certificate = false;
};

int note_certificate_request(SSL* ssl, void*) {
    static_cast<Connection*>(SSL_get_app_data(ssl))->asked_for_certificate = true;
    return 1;  // whatever the context installed is sent
}

// Asks for "/" and returns the answer's status line, or what broke the connection.
std::string first_answer(SSL* ssl, const std::string& host) {
    std::string request = "HEAD / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    if (SSL_write(ssl, request.data(), static_cast<int>(request.size())) <= 0) return "writing failed: " + library_error();
    std::string answer;
    char buf[512];
    while (answer.find("\r\n") == std::string::npos && answer.size() < 4096) {
        int n = SSL_read(ssl, buf, sizeof buf);
        if (n <= 0) return answer.empty() ? "no answer: " + library_error() : answer;
        answer.append(buf, static_cast<std::size_t>(n));
    }
    return "answered \"" + answer.substr(0, answer.find("\r\n")) + "\"";
}

}  // namespace

ProbeResult probe_peer(const ClientContext& context, const std::string& address, const std::string& verify_name,
                       bool send_sni, int timeout_ms) {
    ProbeResult result;
    bssl::UniquePtr<SSL_SESSION> session;
    for (int attempt = 0; attempt < 2; ++attempt) {
        Socket socket(connect_to(address, timeout_ms));
        if (socket.fd() < 0) {
            result.detail = "unreachable (" + confparse::errno_text(errno) + ")";
            return result;
        }
        Connection c{context.new_connection(verify_name, send_sni)};
        if (!c.ssl) {
            result.detail = "no TLS connection could be made: " + library_error();
            return result;
        }
        SSL_set_app_data(c.ssl.get(), &c);
        SSL_set_cert_cb(c.ssl.get(), note_certificate_request, nullptr);
        SSL_set_fd(c.ssl.get(), socket.fd());
        if (session) SSL_set_session(c.ssl.get(), session.get());
        ERR_clear_error();
        errno = 0;
        if (SSL_connect(c.ssl.get()) != 1) {
            std::string error = upstream_handshake_error(c.ssl.get(), verify_name, library_error());
            result.detail = attempt == 0 ? "handshake failed: " + error : result.detail + ", second handshake failed";
            if (attempt == 0) return result;
            break;
        }
        if (attempt == 1) {
            result.detail += SSL_session_reused(c.ssl.get()) ? ", session resumed on a second connection"
                                                              : ", session NOT resumed on a second connection";
            break;
        }
        std::string answer = first_answer(c.ssl.get(), verify_name.empty() ? address : verify_name);
        session.reset(SSL_get1_session(c.ssl.get()));
        bssl::UniquePtr<X509> peer(SSL_get_peer_certificate(c.ssl.get()));
        long verify = SSL_get_verify_result(c.ssl.get());
        result.detail = std::string(SSL_get_version(c.ssl.get())) + " " +
                        SSL_CIPHER_get_name(SSL_get_current_cipher(c.ssl.get())) + ", " +
                        (peer ? certificate_text(peer.get()) : std::string("no certificate")) + ", " +
                        (context.verify() ? (verify == X509_V_OK ? std::string("verified")
                                                                  : "verify error (" + std::to_string(verify) + ":" +
                                                                        X509_verify_cert_error_string(verify) + ")")
                                          : std::string("not verified (proxy_ssl_verify off)")) +
                        ", " + (!c.asked_for_certificate         ? "no client certificate asked for"
                                : SSL_get_certificate(c.ssl.get()) ? "client certificate asked for and sent"
                                                                   : "client certificate asked for, none sent (no proxy_ssl_certificate)") +
                        ", " + answer;
        // an nginx backend answers 400 when it got no client certificate or refused ours
        result.ok = answer.rfind("answered \"HTTP/1.", 0) == 0 && answer.compare(18, 4, " 400") != 0;
        SSL_shutdown(c.ssl.get());
    }
    return result;
}

}  // namespace tls
