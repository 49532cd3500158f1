# hippo serve's load test (bench/serve_load.cpp): a program of its own, not a Google Benchmark —
# it measures whole HTTP requests from 8 clients (docs/benchmarks.md).
add_executable(hippo_serve_load ${CMAKE_CURRENT_SOURCE_DIR}/serve_load.cpp)
target_link_libraries(hippo_serve_load PRIVATE hippo_serve PkgConfig::HTTPLIB)
