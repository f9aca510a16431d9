#pragma once
// One complete gzip member (header, deflate data, trailer) for a piece of text: how access_log ... gzip
// writes each buffer, so the log is a series of members that gunzip and zcat read as one stream.
#include <string>
#include <string_view>

namespace proxy {

// Empty when zlib fails (out of memory): the caller writes nothing, as nginx does.
std::string gzip_member(std::string_view data, int level);

}  // namespace proxy
