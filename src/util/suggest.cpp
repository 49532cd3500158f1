#include "util/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace hippo::util {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string closest(std::string_view name, const std::vector<std::string>& candidates) {
  // A name that is the start of a known one ("h100" for "h100-sxm") is a shortened id.
  std::string prefixed;
  for (const auto& c : candidates)
    if (name.size() >= 3 && c.size() > name.size() && c.compare(0, name.size(), name) == 0 &&
        (prefixed.empty() || c.size() < prefixed.size()))
      prefixed = c;
  if (!prefixed.empty()) return prefixed;
  std::string best;
  std::size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d < best_d) best_d = d, best = c;
  }
  // A typo changes a few characters; beyond a third of the name it is another word.
  std::size_t limit = std::max<std::size_t>(2, name.size() / 3);
  return best_d <= limit ? best : std::string{};
}

std::string suggestion_suffix(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best = closest(name, candidates);
  if (!best.empty()) return " (did you mean '" + best + "'?)";
  std::string all;
  for (const auto& c : candidates) all += (all.empty() ? "" : ", ") + c;
  return all.empty() ? std::string{} : " (known: " + all + ")";
}

}  // namespace hippo::util
