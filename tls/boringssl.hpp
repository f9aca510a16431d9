#pragma once
// Includes BoringSSL's base header and refuses to build against any other OpenSSL-compatible library:
// the system's OpenSSL headers sit in the default include path, and a build that picked them up while
// linking BoringSSL would compile and then misbehave at run time.
#include <openssl/base.h>

#ifndef OPENSSL_IS_BORINGSSL
#error "nproxy must be built against BoringSSL (android-libboringssl-dev), not OpenSSL's headers"
#endif
