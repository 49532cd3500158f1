#include "util/machine.hpp"

#include <unistd.h>

namespace hippo::util {

double physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 1e12;
}

}  // namespace hippo::util
