// The policies a scenario chooses among, as enums. Each is read once from its key's name at the
// scenario edge (src/scenario/schema.cpp lists the names in this order) and compared as an enum
// everywhere below; `choice_name` gives the name back for reports and cache keys.
#pragma once
#include <string_view>

namespace hippo {

enum class Attention { tp, dp };                            // service.attention
enum class Scheduler { chunked, prefill_first };            // service.scheduler
enum class Router { round_robin, least_outstanding, power_of_two };  // service.router
enum class Arrival { poisson, gamma, constant };            // workload.arrival
enum class Sizing { throughput, simulated };                // fleet.sizing
enum class Procurement { owned, rented, owned_plus_burst }; // fleet.procurement
enum class FacilityMode { lease, build };                   // facility.mode

constexpr std::string_view choice_name(Attention a) { return a == Attention::dp ? "dp" : "tp"; }
constexpr std::string_view choice_name(Scheduler s) { return s == Scheduler::chunked ? "chunked" : "prefill_first"; }
constexpr std::string_view choice_name(Router r) {
  return r == Router::round_robin ? "round_robin" : r == Router::least_outstanding ? "least_outstanding" : "power_of_two";
}
constexpr std::string_view choice_name(Arrival a) {
  return a == Arrival::poisson ? "poisson" : a == Arrival::gamma ? "gamma" : "constant";
}
constexpr std::string_view choice_name(Sizing z) { return z == Sizing::simulated ? "simulated" : "throughput"; }
constexpr std::string_view choice_name(Procurement p) {
  return p == Procurement::owned ? "owned" : p == Procurement::rented ? "rented" : "owned_plus_burst";
}
constexpr std::string_view choice_name(FacilityMode m) { return m == FacilityMode::build ? "build" : "lease"; }

}  // namespace hippo
