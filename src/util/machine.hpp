// What the machine can do, for the checks made before long or large work starts.
#pragma once

namespace hippo::util {

// Physical memory in bytes (sysconf); a size estimate beyond it is refused before allocating.
double physical_memory_bytes();

}  // namespace hippo::util
