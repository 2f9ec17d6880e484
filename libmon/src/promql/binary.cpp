// Binary operators: arithmetic and comparison between scalars and vectors, vector matching
// (one-to-one, many-to-one, one-to-many with on/ignoring and group_x labels), and/or/unless.
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "eval.hpp"

namespace mon::promql::detail {

namespace {

bool changes_schema(BinaryOp op) {
  switch (op) {
    case BinaryOp::add:
    case BinaryOp::sub:
    case BinaryOp::mul:
    case BinaryOp::div:
    case BinaryOp::mod:
    case BinaryOp::pow:
    case BinaryOp::atan2: return true;
    default: return false;
  }
}

double arith(BinaryOp op, double l, double r) {
  switch (op) {
    case BinaryOp::add: return l + r;
    case BinaryOp::sub: return l - r;
    case BinaryOp::mul: return l * r;
    case BinaryOp::div: return l / r;
    case BinaryOp::mod: return std::fmod(l, r);
    case BinaryOp::pow: return std::pow(l, r);
    case BinaryOp::atan2: return std::atan2(l, r);
    default: return 0;
  }
}

// Prometheus' vectorElemBinop: the value, and whether a comparison holds (always true for arithmetic).
bool elem(BinaryOp op, double l, double r, double& out) {
  switch (op) {
    case BinaryOp::eq: out = l; return l == r;
    case BinaryOp::ne: out = l; return l != r;
    case BinaryOp::gt: out = l; return l > r;
    case BinaryOp::lt: out = l; return l < r;
    case BinaryOp::ge: out = l; return l >= r;
    case BinaryOp::le: out = l; return l <= r;
    default: out = arith(op, l, r); return true;
  }
}

const VectorMatching& matching_of(const Binary& b) {
  static const VectorMatching one_to_one{};
  static const VectorMatching many_to_many{Cardinality::many_to_many, false, {}, {}};
  if (b.matching) return *b.matching;
  return is_set_operator(b.op) ? many_to_many : one_to_one;
}

EVector set_and(EVector lhs, const EVector& rhs, const VectorMatching& m) {
  if (lhs.empty() || rhs.empty()) return {};
  std::unordered_set<std::string> sigs;
  for (const auto& s : rhs) sigs.insert(signature(s.labels, m.labels, m.on));
  EVector out;
  for (auto& s : lhs)
    if (sigs.count(signature(s.labels, m.labels, m.on))) out.push_back(std::move(s));
  return out;
}

EVector set_or(EVector lhs, EVector rhs, const VectorMatching& m) {
  if (lhs.empty()) return rhs;
  if (rhs.empty()) return lhs;
  std::unordered_set<std::string> sigs;
  for (const auto& s : lhs) sigs.insert(signature(s.labels, m.labels, m.on));
  EVector out = std::move(lhs);
  for (auto& s : rhs)
    if (!sigs.count(signature(s.labels, m.labels, m.on))) out.push_back(std::move(s));
  return out;
}

EVector set_unless(EVector lhs, const EVector& rhs, const VectorMatching& m) {
  if (lhs.empty() || rhs.empty()) return lhs;
  std::unordered_set<std::string> sigs;
  for (const auto& s : rhs) sigs.insert(signature(s.labels, m.labels, m.on));
  EVector out;
  for (auto& s : lhs)
    if (!sigs.count(signature(s.labels, m.labels, m.on))) out.push_back(std::move(s));
  return out;
}

Labels result_metric(const Labels& lhs, const Labels& rhs, BinaryOp op, const VectorMatching& m, bool drop_name) {
  Labels out = lhs;
  if (drop_name || changes_schema(op)) drop_metric_name(out);
  if (m.card == Cardinality::one_to_one) {
    if (m.on)
      out = match_labels(out, m.labels, true);
    else
      for (const auto& n : m.labels) del_label(out, n);
  }
  for (const auto& n : m.include) set_label(out, n, label_value(rhs, n));
  return out;
}

EVector vector_binop(Evaluator& ev, BinaryOp op, EVector lhs, EVector rhs, const VectorMatching& m, bool return_bool) {
  if (lhs.empty() || rhs.empty()) return {};
  const bool swapped = m.card == Cardinality::one_to_many;
  if (swapped) std::swap(lhs, rhs);
  std::unordered_map<std::string, std::size_t> right;
  right.reserve(rhs.size());
  for (std::size_t i = 0; i < rhs.size(); ++i) {
    auto [it, fresh] = right.emplace(signature(rhs[i].labels, m.labels, m.on), i);
    if (!fresh) {
      auto a = labels_string(rhs[i].labels), b = labels_string(rhs[it->second].labels);
      if (a > b) std::swap(a, b);
      fail("found duplicate series for the match group " + labels_string(match_labels(rhs[i].labels, m.labels, m.on)) +
           " on the " + (swapped ? "left" : "right") + " hand-side of the operation: [" + a + ", " + b +
           "];many-to-many matching not allowed: matching labels must be unique on one side");
    }
  }
  std::unordered_set<std::string> matched_one;
  std::unordered_map<std::string, std::unordered_set<std::string>> matched_many;
  EVector out;
  for (auto& ls : lhs) {
    auto sig = signature(ls.labels, m.labels, m.on);
    auto it = right.find(sig);
    if (it == right.end()) continue;
    const auto& rs = rhs[it->second];
    double fl = ls.v, fr = rs.v;
    if (swapped) std::swap(fl, fr);
    double value = 0;
    bool keep = elem(op, fl, fr, value);
    if (return_bool) value = keep ? 1.0 : 0.0;
    Labels metric = result_metric(ls.labels, rs.labels, op, m, !ev.delayed() && return_bool);
    if (m.card == Cardinality::one_to_one) {
      if (!matched_one.insert(sig).second)
        fail("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
    } else if (!matched_many[sig].insert(full_key(metric)).second) {
      fail("multiple matches for labels: grouping labels must ensure unique matches");
    }
    if (!keep && !return_bool) continue;
    out.push_back(ESample{std::move(metric), value, ls.t, return_bool});
  }
  return out;
}

EVector vector_scalar(Evaluator& ev, BinaryOp op, EVector lhs, double scalar, bool swap, bool return_bool) {
  EVector out;
  out.reserve(lhs.size());
  for (auto& s : lhs) {
    double l = s.v, r = scalar;
    if (swap) std::swap(l, r);
    double value = 0;
    bool keep = elem(op, l, r, value);
    if (is_comparison(op) && swap) value = r;
    if (return_bool) {
      value = keep ? 1.0 : 0.0;
      keep = true;
    }
    if (!keep) continue;
    s.v = value;
    if (changes_schema(op) || return_bool) ev.drop_name(s);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

EValue Evaluator::binary(const Binary& b, std::int64_t t) {
  EValue lhs = eval(*b.lhs, t);
  EValue rhs = eval(*b.rhs, t);
  EValue out;
  if (lhs.type == ValueType::scalar && rhs.type == ValueType::scalar) {
    out.type = ValueType::scalar;
    double value = 0;
    bool keep = elem(b.op, lhs.scalar, rhs.scalar, value);
    out.scalar = is_comparison(b.op) ? (keep ? 1.0 : 0.0) : value;
    return out;
  }
  out.type = ValueType::vector;
  if (lhs.type == ValueType::vector && rhs.type == ValueType::vector) {
    const auto& m = matching_of(b);
    switch (b.op) {
      case BinaryOp::land: out.vector = set_and(std::move(lhs.vector), rhs.vector, m); break;
      case BinaryOp::lor: out.vector = set_or(std::move(lhs.vector), std::move(rhs.vector), m); break;
      case BinaryOp::lunless: out.vector = set_unless(std::move(lhs.vector), rhs.vector, m); break;
      default:
        out.vector = vector_binop(*this, b.op, std::move(lhs.vector), std::move(rhs.vector), m, b.return_bool);
        if (!delayed()) check_unique(out.vector);
    }
    return out;
  }
  if (lhs.type == ValueType::vector && rhs.type == ValueType::scalar)
    out.vector = vector_scalar(*this, b.op, std::move(lhs.vector), rhs.scalar, false, b.return_bool);
  else if (lhs.type == ValueType::scalar && rhs.type == ValueType::vector)
    out.vector = vector_scalar(*this, b.op, std::move(rhs.vector), lhs.scalar, true, b.return_bool);
  else
    fail("binary operator \"" + std::string(to_string(b.op)) + "\" between " + std::string(to_string(lhs.type)) +
         " and " + std::string(to_string(rhs.type)) + " is not allowed");
  if (!delayed()) check_unique(out.vector);
  return out;
}

}  // namespace mon::promql::detail
