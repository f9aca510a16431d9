#pragma once
// Random bytes from BoringSSL's generator, for what must not be guessed ($request_id).
#include <cstddef>

namespace tls {

void random_bytes(unsigned char* out, std::size_t size);

}  // namespace tls
