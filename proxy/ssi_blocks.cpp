#include "proxy/ssi_blocks.hpp"

#include <algorithm>

namespace proxy::ssi {

void Blocks::begin(const std::string& name) {
    open_ = nullptr;
    if (find(name)) return;
    blocks_.emplace_back(name, std::string());
    open_ = &blocks_.back().second;
}

bool Blocks::add(std::string_view text) {
    if (!open_) return true;
    std::size_t room = kLimit - size_;
    open_->append(text.substr(0, room));
    size_ += std::min(room, text.size());
    return text.size() <= room;
}

const std::string* Blocks::find(std::string_view name) const {
    auto it = std::find_if(blocks_.begin(), blocks_.end(), [&](const auto& b) { return b.first == name; });
    return it == blocks_.end() ? nullptr : &it->second;
}

std::string command_text(std::string_view name, const std::vector<Param>& params) {
    std::string text = "<!--#";
    text += name;
    for (const Param& p : params) text += " " + p.name + "=\"" + p.value + "\"";
    text += " -->";
    return text;
}

}  // namespace proxy::ssi
