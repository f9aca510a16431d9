# Finds BoringSSL as Debian ships it (android-libboringssl-dev): headers under <include>/android/openssl,
# libraries under <libdir>/<multiarch>/android. Both sit beside the system's OpenSSL, so only the android
# folders are searched, and the include root is given to users as an include directory of its own.
#
# Defines the imported targets BoringSSL::ssl and BoringSSL::crypto, and BoringSSL_LIBRARY_DIR (for an rpath).

set(_bssl_include_dirs)
set(_bssl_lib_dirs)
foreach(_prefix ${CMAKE_PREFIX_PATH} ${CMAKE_SYSTEM_PREFIX_PATH})
  list(APPEND _bssl_include_dirs "${_prefix}/include/android")
  if(CMAKE_LIBRARY_ARCHITECTURE)
    list(APPEND _bssl_lib_dirs "${_prefix}/lib/${CMAKE_LIBRARY_ARCHITECTURE}/android")
  endif()
  list(APPEND _bssl_lib_dirs "${_prefix}/lib/android" "${_prefix}/lib64/android")
endforeach()

find_path(BoringSSL_INCLUDE_DIR NAMES openssl/base.h PATHS ${_bssl_include_dirs} NO_DEFAULT_PATH)
find_library(BoringSSL_SSL_LIBRARY NAMES ssl PATHS ${_bssl_lib_dirs} NO_DEFAULT_PATH)
find_library(BoringSSL_CRYPTO_LIBRARY NAMES crypto PATHS ${_bssl_lib_dirs} NO_DEFAULT_PATH)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(BoringSSL
  REQUIRED_VARS BoringSSL_INCLUDE_DIR BoringSSL_SSL_LIBRARY BoringSSL_CRYPTO_LIBRARY)

if(BoringSSL_FOUND)
  get_filename_component(BoringSSL_LIBRARY_DIR "${BoringSSL_SSL_LIBRARY}" DIRECTORY)
  foreach(_lib crypto ssl)
    string(TOUPPER ${_lib} _up)
    if(NOT TARGET BoringSSL::${_lib})
      add_library(BoringSSL::${_lib} SHARED IMPORTED)
      set_target_properties(BoringSSL::${_lib} PROPERTIES
        IMPORTED_LOCATION "${BoringSSL_${_up}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${BoringSSL_INCLUDE_DIR}")
    endif()
  endforeach()
  set_property(TARGET BoringSSL::ssl PROPERTY INTERFACE_LINK_LIBRARIES BoringSSL::crypto)
endif()
mark_as_advanced(BoringSSL_INCLUDE_DIR BoringSSL_SSL_LIBRARY BoringSSL_CRYPTO_LIBRARY)
