#include "mon/promql/ast.hpp"

namespace mon::promql {

std::string_view to_string(ValueType type) {
  switch (type) {
    case ValueType::none: return "none";
    case ValueType::scalar: return "scalar";
    case ValueType::vector: return "instant vector";
    case ValueType::matrix: return "range vector";
    case ValueType::string: return "string";
  }
  return "none";
}

std::string_view to_string(BinaryOp op) {
  switch (op) {
    case BinaryOp::add: return "+";
    case BinaryOp::sub: return "-";
    case BinaryOp::mul: return "*";
    case BinaryOp::div: return "/";
    case BinaryOp::mod: return "%";
    case BinaryOp::pow: return "^";
    case BinaryOp::atan2: return "atan2";
    case BinaryOp::eq: return "==";
    case BinaryOp::ne: return "!=";
    case BinaryOp::gt: return ">";
    case BinaryOp::lt: return "<";
    case BinaryOp::ge: return ">=";
    case BinaryOp::le: return "<=";
    case BinaryOp::land: return "and";
    case BinaryOp::lor: return "or";
    case BinaryOp::lunless: return "unless";
  }
  return "?";
}

bool is_comparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::eq:
    case BinaryOp::ne:
    case BinaryOp::gt:
    case BinaryOp::lt:
    case BinaryOp::ge:
    case BinaryOp::le: return true;
    default: return false;
  }
}

bool is_set_operator(BinaryOp op) { return op == BinaryOp::land || op == BinaryOp::lor || op == BinaryOp::lunless; }

std::string_view to_string(AggregateOp op) {
  switch (op) {
    case AggregateOp::sum: return "sum";
    case AggregateOp::avg: return "avg";
    case AggregateOp::min: return "min";
    case AggregateOp::max: return "max";
    case AggregateOp::count: return "count";
    case AggregateOp::stddev: return "stddev";
    case AggregateOp::stdvar: return "stdvar";
    case AggregateOp::quantile: return "quantile";
    case AggregateOp::topk: return "topk";
    case AggregateOp::bottomk: return "bottomk";
    case AggregateOp::count_values: return "count_values";
    case AggregateOp::group: return "group";
  }
  return "?";
}

bool Matcher::matches(std::string_view label_value) const {
  switch (op) {
    case MatchOp::equal: return label_value == value;
    case MatchOp::not_equal: return label_value != value;
    case MatchOp::regex: return regex ? regex->full_match(label_value) : false;
    case MatchOp::not_regex: return regex ? !regex->full_match(label_value) : true;
  }
  return false;
}

namespace {

struct TypeOf {
  ValueType operator()(const NumberLiteral&) const { return ValueType::scalar; }
  ValueType operator()(const StringLiteral&) const { return ValueType::string; }
  ValueType operator()(const VectorSelector&) const { return ValueType::vector; }
  ValueType operator()(const MatrixSelector&) const { return ValueType::matrix; }
  ValueType operator()(const Subquery&) const { return ValueType::matrix; }
  ValueType operator()(const Unary& u) const { return u.expr ? u.expr->type() : ValueType::none; }
  ValueType operator()(const Binary& b) const {
    if (b.lhs && b.rhs && b.lhs->type() == ValueType::scalar && b.rhs->type() == ValueType::scalar) return ValueType::scalar;
    return ValueType::vector;
  }
  ValueType operator()(const Aggregate&) const { return ValueType::vector; }
  ValueType operator()(const Call& c) const { return c.func ? c.func->returns : ValueType::none; }
  ValueType operator()(const Paren& p) const { return p.expr ? p.expr->type() : ValueType::none; }
};

}  // namespace

ValueType Expr::type() const { return std::visit(TypeOf{}, node); }

}  // namespace mon::promql
