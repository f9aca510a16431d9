#pragma once

namespace proxy {

// What -v, -V and -h print (to stderr, as nginx).
void show_version_info(bool help, bool configure);

}  // namespace proxy
