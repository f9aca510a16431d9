#pragma once
// The status page's three forms, all rendered from one StatusView.
#include <string>

#include "proxy/status_view.hpp"

namespace proxy {

// JSON (`?format=json`): every counter, with latency histograms as cumulative buckets and estimates.
std::string status_json(const StatusView& view);

// Prometheus' text exposition format 0.0.4 (`?format=prometheus`).
std::string status_prometheus(const StatusView& view);

// A self-contained HTML page (the default): the JSON above rendered by its own script, which fetches it
// again every few seconds.
std::string status_page(const StatusView& view);

}  // namespace proxy
