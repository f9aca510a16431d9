#include "proxy/resolver.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <cctype>

#include "upstream/dns_message.hpp"

namespace proxy {
namespace {

using udp = net::ip::udp;
using UdpSocket = net::basic_datagram_socket<udp, Executor>;
using Timer = net::basic_waitable_timer<std::chrono::steady_clock, net::wait_traits<std::chrono::steady_clock>, Executor>;
using Clock = std::chrono::steady_clock;

// as nginx's resolver: an unanswered query goes again (to the next server) after resend_timeout
constexpr std::chrono::seconds kResend{5};
// with this many answers kept, a new one first sweeps out those expired (the cache stays bounded by TTLs)
constexpr std::size_t kCacheSweep = 1024;
// aliases followed before giving up, as a bound on a CNAME loop
constexpr int kMaxAliases = 8;
// as nginx's resolver tcp_timeout: how long a query asked again over TCP may take
constexpr std::chrono::seconds kTcpTimeout{5};

udp::endpoint server_endpoint(const std::string& server) {
    std::size_t colon = server.rfind(':');
    std::string host = server.substr(0, colon);
    if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
    error_code ec;
    return {net::ip::make_address(host, ec), static_cast<unsigned short>(std::stoi(server.substr(colon + 1)))};
}

struct Query {
    std::uint16_t type;
    std::uint16_t id;
    std::string message;
    bool answered = false;
    upstream::dns::Response response;
};

// As nginx: a truncated answer is asked again of the same server over TCP (each message after its
// two-byte length), within `deadline`. False when no whole answer came.
net::awaitable<bool> ask_over_tcp(const udp::endpoint& server, const Query& q, const std::string& name,
                                  Clock::time_point deadline, upstream::dns::Response& out) {
    using namespace net::experimental::awaitable_operators;
    auto executor = co_await net::this_coro::executor;
    net::basic_stream_socket<tcp, Executor> socket(executor);
    Timer timer(executor);
    timer.expires_at(deadline);
    auto connected = co_await (socket.async_connect(tcp::endpoint(server.address(), server.port()), use_nothrow) ||
                               timer.async_wait(use_nothrow));
    if (connected.index() == 1 || std::get<0>(std::get<0>(connected))) co_return false;
    std::string framed(2, '\0');
    framed[0] = static_cast<char>(q.message.size() >> 8);
    framed[1] = static_cast<char>(q.message.size() & 0xff);
    framed += q.message;
    auto wrote = co_await (net::async_write(socket, net::buffer(framed), use_nothrow) || timer.async_wait(use_nothrow));
    if (wrote.index() == 1 || std::get<0>(std::get<0>(wrote))) co_return false;
    std::array<std::uint8_t, 2> length;
    auto head = co_await (net::async_read(socket, net::buffer(length), use_nothrow) || timer.async_wait(use_nothrow));
    if (head.index() == 1 || std::get<0>(std::get<0>(head))) co_return false;
    std::vector<std::uint8_t> message(static_cast<std::size_t>(length[0] << 8 | length[1]));
    auto body = co_await (net::async_read(socket, net::buffer(message), use_nothrow) || timer.async_wait(use_nothrow));
    if (body.index() == 1 || std::get<0>(std::get<0>(body))) co_return false;
    std::string error;
    co_return upstream::dns::decode_response(message, q.id, name, q.type, out, error) == upstream::dns::Decoded::Ok &&
        out.rcode != upstream::dns::kFormatError;
}

// nginx's rule for the two answers: any error code is the result; no address of either type is
// "Host not found"; else every address, IPv4 first.
Resolution combine(std::vector<Query>& queries, std::string& alias, std::uint32_t& ttl) {
    Resolution result;
    for (Query& q : queries) {
        if (q.response.rcode) return {q.response.rcode, {}};
        ttl = std::min(ttl, q.response.ttl);
        result.addresses.insert(result.addresses.end(), q.response.addresses.begin(), q.response.addresses.end());
        if (alias.empty()) alias = q.response.cname;
    }
    if (!result.addresses.empty()) alias.clear();
    if (result.addresses.empty() && alias.empty()) result.state = upstream::dns::kNotFound;
    return result;
}

}  // namespace

net::awaitable<Resolution> Resolver::resolve(const confparse::ResolverSettings& settings, std::string name,
                                             confparse::Msec timeout) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string key = name + (settings.ipv6 ? "|6|" : "|4|") + settings.servers.front();
    auto now = Clock::now();
    if (auto it = cache_.find(key); it != cache_.end()) {
        if (it->second.expires > now) {
            // as nginx: a cached name's addresses are handed out from a rotating start
            Resolution hit{0, it->second.addresses};
            std::rotate(hit.addresses.begin(), hit.addresses.begin() + random_() % hit.addresses.size(),
                        hit.addresses.end());
            co_return hit;
        }
        cache_.erase(it);
    }
    Resolution result = co_await ask(settings, name, now + std::chrono::milliseconds(timeout));
    if (result.state != 0) co_return result;  // as nginx: errors are not kept
    now = Clock::now();
    if (cache_.size() >= kCacheSweep) std::erase_if(cache_, [&](const auto& entry) { return entry.second.expires <= now; });
    auto valid = settings.valid ? std::chrono::seconds(settings.valid) : std::chrono::seconds(result.ttl);
    cache_[key] = {result.addresses, now + valid};
    co_return result;
}

net::awaitable<Resolution> Resolver::ask(const confparse::ResolverSettings& settings, std::string name,
                                         std::chrono::steady_clock::time_point deadline) {
    using namespace net::experimental::awaitable_operators;
    auto executor = co_await net::this_coro::executor;
    std::uint32_t ttl = UINT32_MAX;
    std::array<std::uint8_t, 4096> reply;
    std::string servers;
    for (const std::string& server : settings.servers) servers.append(server).append(1, ' ');
    for (int alias_count = 0; alias_count <= kMaxAliases; ++alias_count) {
        std::vector<Query> queries;
        for (std::uint16_t type : {upstream::dns::kTypeA, upstream::dns::kTypeAaaa}) {
            if (type == upstream::dns::kTypeAaaa && !settings.ipv6) continue;
            auto id = static_cast<std::uint16_t>(random_());
            std::string message = upstream::dns::encode_query(id, name, type);
            if (message.empty()) co_return Resolution{upstream::dns::kFormatError, {}};
            queries.push_back({type, id, std::move(message), false, {}});
        }
        bool all_answered = false;
        while (!all_answered && Clock::now() < deadline) {
            UdpSocket socket(executor);
            udp::endpoint server = server_endpoint(settings.servers[next_server_[servers]++ % settings.servers.size()]);
            error_code ec;
            socket.open(server.protocol(), ec);
            if (!ec) socket.connect(server, ec);  // only the server's datagrams are read
            for (const Query& q : queries) {
                if (!ec && !q.answered) socket.send(net::buffer(q.message), 0, ec);
            }
            Timer timer(executor);
            timer.expires_at(std::min(deadline, Clock::now() + kResend));
            while (!all_answered) {
                if (ec) {
                    co_await timer.async_wait(use_nothrow);  // nothing can come: wait for the next turn
                    break;
                }
                auto got = co_await (socket.async_receive(net::buffer(reply), use_nothrow) || timer.async_wait(use_nothrow));
                if (got.index() == 1) break;
                std::size_t n;
                std::tie(ec, n) = std::get<0>(got);
                if (ec) continue;
                for (Query& q : queries) {
                    std::string error;
                    upstream::dns::Response response;
                    if (q.answered || upstream::dns::decode_response(std::span(reply.data(), n), q.id, name, q.type,
                                                                     response, error) != upstream::dns::Decoded::Ok) {
                        continue;
                    }
                    // as nginx: a format error is no answer (the query goes again, to the next server)
                    if (response.rcode == upstream::dns::kFormatError) continue;
                    if (response.truncated &&
                        !co_await ask_over_tcp(server, q, name, std::min(deadline, Clock::now() + kTcpTimeout), response)) {
                        continue;
                    }
                    q.answered = true;
                    q.response = std::move(response);
                }
                all_answered = std::all_of(queries.begin(), queries.end(), [](const Query& q) { return q.answered; });
            }
        }
        if (!all_answered) co_return Resolution{upstream::dns::kTimedOut, {}};
        std::string alias;
        Resolution result = combine(queries, alias, ttl);
        if (alias.empty()) {
            result.ttl = ttl;
            co_return result;
        }
        name = std::move(alias);  // as nginx: an alias without addresses is resolved in turn
    }
    co_return Resolution{upstream::dns::kNotFound, {}};
}

}  // namespace proxy
