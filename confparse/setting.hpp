#pragma once
#include <optional>
#include <utility>

#include "confparse/error.hpp"

namespace confparse {

// A directive's value at one level of the configuration: unset, or set with where it was set.
// After merging, every setting of a location is set (from itself, an enclosing level, or the default).
template <class T>
struct Setting {
    std::optional<T> value;
    SourceRef where;

    bool is_set() const { return value.has_value(); }
    const T& operator*() const { return *value; }
    const T* operator->() const { return &*value; }

    // nginx's merge: a level that did not set the directive takes its parent's value, else the default.
    void merge(const Setting& parent, const T& fallback) {
        if (is_set()) return;
        if (parent.is_set()) {
            *this = parent;
        } else {
            value = fallback;
        }
    }
};

}  // namespace confparse
