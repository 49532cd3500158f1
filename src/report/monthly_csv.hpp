// monthly.csv of `hippo run`: one row a month, the columns of results.json's monthly table.
#pragma once
#include <string>

#include "hippo/economics.hpp"

namespace hippo::report {

// Header `month,users,…`; numbers in the shortest form that reads back exactly.
std::string monthly_csv(const econ::EconResult& r);

}  // namespace hippo::report
