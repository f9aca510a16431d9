#include "tls/random.hpp"

#include "tls/boringssl.hpp"

#include <openssl/rand.h>

namespace tls {

void random_bytes(unsigned char* out, std::size_t size) { RAND_bytes(out, size); }

}  // namespace tls
