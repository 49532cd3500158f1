# The two commands of README.md: `make run` and `make test`. Each does its own set-up.
BUILD ?= build
JOBS  ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: setup build run test test-slow test-sanitize fuzz fuzz-build fuzz-long bench clean

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: build
	./$(BUILD)/hippo

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -LE slow

test-slow: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -L slow

# Second CI stage: the tests built with AddressSanitizer and UndefinedBehaviorSanitizer, at -O1 with
# line tables only (-g1): half the compile time of RelWithDebInfo's -O2 -g (54 s against 24 s for
# src/cli/cmd_plan.cpp), and stack traces still name file and line.
SANITIZE_FLAGS ?= -O1 -g1 -DNDEBUG
test-sanitize: setup
	@cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHIPPO_SANITIZE=ON \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$(SANITIZE_FLAGS)" >/dev/null
	@cmake --build build-sanitize -j$(JOBS)
	cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -j$(JOBS) -LE 'slow|nosanitize'

# Third CI stage: libFuzzer targets (fuzz/, clang), 20,000 inputs each from seed 1 (the same inputs on
# any machine; 240 s cap per target; about three minutes for the six here), built with the sanitizer
# stage's SANITIZE_FLAGS; fuzz-long runs FUZZ_SECONDS (default an hour) per target. docs/fuzzing.md
# says what they cover.
FUZZ_SECONDS ?= 3600
fuzz-build: setup
	@CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHIPPO_FUZZ=ON \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$(SANITIZE_FLAGS)" -DHIPPO_BUILD_TESTS=OFF -DHIPPO_BUILD_BENCH=OFF >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target fuzz_scenario fuzz_trace fuzz_economics fuzz_hf_import fuzz_cli fuzz_serve

fuzz: fuzz-build
	FUZZ_SEED=1 FUZZ_RUNS=20000 fuzz/run.sh 240

fuzz-long: fuzz-build
	fuzz/run.sh $(FUZZ_SECONDS)

bench: build
	@cmake --build $(BUILD) -j$(JOBS) --target hippo_bench
	./$(BUILD)/bench/hippo_bench

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz
