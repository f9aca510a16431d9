#include "proxy/chunked_decoder.hpp"

#include <algorithm>
#include <cstring>

namespace proxy {

namespace {

// As nginx: a size is an off_t, refused once one more digit could take it past the largest.
constexpr std::uint64_t kMaxSize = 0x7fffffffffffffffULL;

int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    char c = static_cast<char>(ch | 0x20);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

bool ChunkedDecoder::line_end(char ch, State next) {
    if (ch == '\r') {
        state_ = State::Cr;
        after_cr_ = next;
    } else if (ch == '\n') {  // as nginx: a bare LF ends a line too
        state_ = next;
    } else {
        return false;
    }
    return true;
}

ChunkedDecoder::Step ChunkedDecoder::decode(std::string_view in, char* out, std::size_t room, std::uint64_t limit) {
    Step step;
    std::size_t pos = 0;
    auto broken = [&] {
        state_ = State::Broken;
        step.used = pos;
        step.status = Status::Invalid;
        return step;
    };
    while (pos < in.size() && state_ != State::Done) {
        const char ch = in[pos];
        switch (state_) {
            case State::Start: {
                int digit = hex_digit(ch);
                if (digit < 0) return broken();
                size_ = static_cast<std::uint64_t>(digit);
                state_ = State::Size;
                break;
            }
            case State::Size: {
                if (size_ > kMaxSize / 16) return broken();
                if (int digit = hex_digit(ch); digit >= 0) {
                    size_ = size_ * 16 + static_cast<std::uint64_t>(digit);
                    break;
                }
                const bool last = size_ == 0;
                if (line_end(ch, last ? State::Trailer : State::Data)) break;
                if (ch != ';' && ch != ' ' && ch != '\t') return broken();
                state_ = last ? State::LastExtension : State::Extension;
                break;
            }
            case State::Extension:
                line_end(ch, State::Data);
                break;
            case State::Data: {
                if (limit && received_ + size_ > limit) {
                    step.used = pos;
                    step.status = Status::TooLarge;
                    return step;
                }
                std::size_t n = static_cast<std::size_t>(
                    std::min<std::uint64_t>(size_, std::min(in.size() - pos, room - step.produced)));
                if (n == 0) {  // no room left for data
                    step.used = pos;
                    return step;
                }
                std::memcpy(out + step.produced, in.data() + pos, n);
                step.produced += n;
                received_ += n;
                size_ -= n;
                pos += n;
                if (size_ == 0) state_ = State::AfterData;
                continue;
            }
            case State::AfterData:
                if (!line_end(ch, State::Start)) return broken();
                break;
            case State::LastExtension:
                line_end(ch, State::Trailer);
                break;
            case State::Trailer:
                if (!line_end(ch, State::Done)) state_ = State::TrailerLine;
                break;
            case State::TrailerLine:
                line_end(ch, State::Trailer);
                break;
            case State::Cr:
                if (ch != '\n') return broken();
                state_ = after_cr_;
                break;
            case State::Done:
                break;
            case State::Broken:
                return broken();
        }
        ++pos;
    }
    step.used = pos;
    if (state_ == State::Done)
        step.status = Status::Done;
    else if (state_ == State::Broken)
        step.status = Status::Invalid;
    return step;
}

}  // namespace proxy
