// The single translation unit that compiles Boost.Asio (with its SSL layer) and Boost.Beast.
// Built with BOOST_ASIO_SEPARATE_COMPILATION / BOOST_BEAST_SEPARATE_COMPILATION, as is every user.
#include "tls/boringssl.hpp"

#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
