#pragma once
// Alertmanager's routing (dispatch/route.go) and inhibition (inhibit/inhibit.go): the routes an
// alert takes through the tree, the aggregation group it joins there, and whether a firing alert
// inhibits it.
#include <string>
#include <vector>

#include "mon/model/metric.hpp"
#include "mon/notify/alert.hpp"
#include "mon/notify/config.hpp"

namespace mon::notify {

// Depth-first: a route whose matchers hold tries its children in order; the first child that
// matches ends the search unless it has `continue: true`; a route none of whose children match is
// itself the match. Empty when the root's matchers fail (never for a valid root).
std::vector<const Route*> match_routes(const Route& root, const model::Labels& labels);

// The labels of `labels` named by the route's group_by (all of them with `...`).
model::Labels group_labels(const Route& route, const model::Labels& labels);

// Alertmanager's group key: the route's key, ':', the group labels as a label set prints
// ({alertname="X", job="y"}).
std::string group_key(const Route& route, const model::Labels& group_labels);

// Prometheus' LabelSet.String(): {a="1", b="2"} with Go's %q quoting.
std::string label_set_text(const model::Labels& labels);

// True when some firing alert of `alerts` (at now_ms) is the source of a rule whose target
// `target` is, with equal values of the rule's `equal` labels. When the target matches the source matchers too, sources that also match the
// target matchers do not count (Alertmanager's two-sided rule): an alert never inhibits itself.
bool inhibited(const std::vector<InhibitRule>& rules, const Alert& target, const std::vector<Alert>& alerts,
               std::int64_t now_ms);

}  // namespace mon::notify
