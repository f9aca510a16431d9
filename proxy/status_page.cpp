#include "proxy/status_render.hpp"

namespace proxy {
namespace {

// proxy/status_page.html, compiled in by CMake (one file to edit as HTML, nothing to read at run time).
constexpr std::string_view kTemplate =
#include "proxy/status_page_html.inc"
    ;

constexpr std::string_view kSlot = "{{STATUS_JSON}}";

}  // namespace

std::string status_page(const StatusView& view) {
    // The JSON goes inside a <script> element: "</" could end it early, and "<\/" reads the same in JSON.
    std::string json = status_json(view);
    for (std::size_t at = 0; (at = json.find("</", at)) != std::string::npos; at += 3) json.replace(at, 2, "<\\/");
    const std::size_t slot = kTemplate.find(kSlot);
    std::string page;
    page.reserve(kTemplate.size() + json.size());
    page.append(kTemplate.substr(0, slot)).append(json).append(kTemplate.substr(slot + kSlot.size()));
    return page;
}

}  // namespace proxy
