// The fleet as a mixed-integer programme, solved by COIN-OR CBC.
//
//   variables  N_c ≥ 0 integer       replicas of option c owned (all day)
//              R_pc ≥ 0 integer      replicas of c rented in period p
//              y_pcb ≥ 0             requests/s of bucket b sent to c in period p
//   minimise   Σ_c own_c N_c + Σ_p (hours_p / 24) Σ_c rent_c R_pc        (mean cost per hour)
//   subject to Σ_c y_pcb ≥ D_pb                        every bucket served in every period
//              Σ_b y_pcb / cap_cb ≤ N_c + R_pc         a replica's time shared between buckets
// A replica serving a mix of buckets is assumed to split its time in proportion to load, so its
// capacity for the mix is the harmonic combination of its per-bucket capacities.
//
// The model is built and solved through CBC's C interface; CBC_EXTERN_C exposes the CbcModel
// behind it (Coin_C_defines.h), to which an event handler is attached for the caller's callback.
#define CBC_EXTERN_C
#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <OsiClpSolverInterface.hpp>
#include <Cbc_C_Interface.h>

#include <algorithm>
#include <exception>
#include <cassert>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include "hippo/plan.hpp"

namespace hippo::plan {

namespace {

struct Layout {
  int options, periods, buckets;
  int owned(int c) const { return c; }
  int rented(int p, int c) const { return options + p * options + c; }
  int load(int p, int c, int b) const { return options * (1 + periods) + (p * options + c) * buckets + b; }
  int columns() const { return options * (1 + periods) + periods * options * buckets; }
  int demand_row(int p, int b) const { return p * buckets + b; }
  int capacity_row(int p, int c) const { return periods * buckets + p * options + c; }
  int rows() const { return periods * (buckets + options); }
};

bool can_serve(const FleetProblem& pr, int c, int b) {
  return (pr.allowed.empty() || pr.allowed[c]) && pr.options[c].capacity_req_s[b] > 0;
}

// Calls the caller's AfterNode when CBC finishes a branch-and-bound node. An exception must not
// unwind through CBC (it would leave the model half-changed), so it is kept, CBC is told to stop,
// and solve_fleet rethrows it once Cbc_solve has returned. CBC clones the handler into the models
// it makes; every clone shares the callback and the kept exception.
class NodeEvents final : public CbcEventHandler {
 public:
  NodeEvents(const AfterNode& after, std::exception_ptr& error) : after_(&after), error_(&error) {}
  CbcEventHandler* clone() const override { return new NodeEvents(*this); }
  using CbcEventHandler::event;
  CbcAction event(CbcEvent which) override {
    if (which != node && which != treeStatus) return noAction;
    if (*error_) return stop;
    try {
      (*after_)();
    } catch (...) {
      *error_ = std::current_exception();
      return stop;
    }
    return noAction;
  }

 private:
  const AfterNode* after_;
  std::exception_ptr* error_;
};

}  // namespace

FleetSolution solve_fleet(const FleetProblem& pr, const AfterNode& after_node) {
  const Layout L{static_cast<int>(pr.options.size()), static_cast<int>(pr.demand_req_s.size()),
                 pr.demand_req_s.empty() ? 0 : static_cast<int>(pr.demand_req_s[0].size())};
  assert(pr.period_hours.size() == pr.demand_req_s.size());
  FleetSolution s;
  // A bucket with demand that no allowed option serves makes the programme infeasible.
  for (int p = 0; p < L.periods; ++p)
    for (int b = 0; b < L.buckets; ++b) {
      if (pr.demand_req_s[p][b] <= 0) continue;
      bool any = false;
      for (int c = 0; c < L.options; ++c) any = any || can_serve(pr, c, b);
      if (!any) return s;
    }

  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> lb(L.columns(), 0), ub(L.columns(), inf), obj(L.columns(), 0);
  std::vector<double> row_lb(L.rows(), -inf), row_ub(L.rows(), inf);
  // Column-major sparse matrix: each column's entries in row order.
  std::vector<CoinBigIndex> start{0};
  std::vector<int> index;
  std::vector<double> value;
  std::vector<std::vector<std::pair<int, double>>> col(L.columns());
  for (int c = 0; c < L.options; ++c) {
    const bool allowed = pr.allowed.empty() || pr.allowed[c];
    obj[L.owned(c)] = pr.options[c].owned_cost_per_hour;
    if (!allowed) ub[L.owned(c)] = 0;
    for (int p = 0; p < L.periods; ++p) {
      obj[L.rented(p, c)] = pr.options[c].rented_cost_per_hour * pr.period_hours[p] / 24.0;
      if (!allowed || !pr.allow_rent) ub[L.rented(p, c)] = 0;
      col[L.owned(c)].push_back({L.capacity_row(p, c), -1.0});
      col[L.rented(p, c)].push_back({L.capacity_row(p, c), -1.0});
      row_ub[L.capacity_row(p, c)] = 0;
      for (int b = 0; b < L.buckets; ++b) {
        const int y = L.load(p, c, b);
        if (!can_serve(pr, c, b)) {
          ub[y] = 0;
          continue;
        }
        col[y].push_back({L.demand_row(p, b), 1.0});
        col[y].push_back({L.capacity_row(p, c), 1.0 / pr.options[c].capacity_req_s[b]});
      }
    }
  }
  for (int p = 0; p < L.periods; ++p)
    for (int b = 0; b < L.buckets; ++b) row_lb[L.demand_row(p, b)] = pr.demand_req_s[p][b];
  for (const auto& entries : col) {
    for (const auto& [row, v] : entries) {
      index.push_back(row);
      value.push_back(v);
    }
    start.push_back(static_cast<CoinBigIndex>(index.size()));
  }

  std::unique_ptr<Cbc_Model, decltype(&Cbc_deleteModel)> m(Cbc_newModel(), Cbc_deleteModel);
  Cbc_loadProblem(m.get(), L.columns(), L.rows(), start.data(), index.data(), value.data(), lb.data(), ub.data(),
                  obj.data(), row_lb.data(), row_ub.data());
  for (int c = 0; c < L.options; ++c) {
    Cbc_setInteger(m.get(), L.owned(c));
    for (int p = 0; p < L.periods; ++p) Cbc_setInteger(m.get(), L.rented(p, c));
  }
  Cbc_setLogLevel(m.get(), 0);
  Cbc_setAllowableGap(m.get(), 1e-9);
  Cbc_setAllowableFractionGap(m.get(), pr.relative_gap);
  if (pr.max_nodes > 0) Cbc_setMaximumNodes(m.get(), pr.max_nodes);
  std::exception_ptr stopped;
  const NodeEvents events(after_node, stopped);
  if (after_node) m->model_->passInEventHandler(&events);  // CBC keeps a clone
  Cbc_solve(m.get());
  if (stopped) std::rethrow_exception(stopped);
  if (Cbc_isProvenInfeasible(m.get())) return s;
  const double* x = Cbc_getColSolution(m.get());
  // Every option serves each bucket it can without limit, so the programme always has a fleet;
  // without one CBC stopped before its first (node limit far too low).
  if (!x || !(Cbc_getObjValue(m.get()) < inf))
    throw std::runtime_error("CBC found no fleet within the node limit");
  const double best = Cbc_getObjValue(m.get());
  s.lower_bound = std::min(best, Cbc_getBestPossibleObjValue(m.get()));
  s.optimal = Cbc_isProvenOptimal(m.get()) && best - s.lower_bound <= 1e-9 * std::max(1.0, best);
  s.feasible = true;
  s.owned.assign(L.options, 0);
  s.rented.assign(L.periods, std::vector<int>(L.options, 0));
  s.load.assign(L.periods, std::vector<std::vector<double>>(L.options, std::vector<double>(L.buckets, 0)));
  auto count = [](double v) {  // make_plan bounds the fleet far below int's range first
    if (!(v > -0.5 && v < std::numeric_limits<int>::max())) throw std::logic_error("replica count outside int");
    return static_cast<int>(std::lround(v));
  };
  for (int c = 0; c < L.options; ++c) {
    s.owned[c] = count(x[L.owned(c)]);
    s.owned_cost_per_hour += s.owned[c] * pr.options[c].owned_cost_per_hour;
    for (int p = 0; p < L.periods; ++p) {
      s.rented[p][c] = count(x[L.rented(p, c)]);
      s.rented_cost_per_hour += s.rented[p][c] * obj[L.rented(p, c)];
      for (int b = 0; b < L.buckets; ++b) s.load[p][c][b] = std::max(0.0, x[L.load(p, c, b)]);
    }
  }
  s.cost_per_hour = s.owned_cost_per_hour + s.rented_cost_per_hour;
  return s;
}

}  // namespace hippo::plan
