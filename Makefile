# The front end: `make demo` and `make test` are the README's quick start.
# Each installs missing Debian packages, configures, builds and runs.
JOBS ?= $(shell nproc)
BUILD := build
CMAKE_FLAGS := -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

.PHONY: all release deps demo test test-release test-sanitize bench format clean

all: release

deps:
	@bash scripts/install-deps.sh

$(BUILD)/release/build.ninja: | deps
	cmake -S . -B $(BUILD)/release $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release

$(BUILD)/asan/build.ninja: | deps
	cmake -S . -B $(BUILD)/asan $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUNMASK_SANITIZE=ON -DUNMASK_BENCH=OFF

release: deps $(BUILD)/release/build.ninja
	cmake --build $(BUILD)/release -j $(JOBS)

demo: release
	$(BUILD)/release/unmask demo --out out/demo

# The whole suite: release tests, then the same tests under ASan + UBSan.
test: test-release test-sanitize

test-release: release
	cd $(BUILD)/release && ctest --output-on-failure -j $(JOBS) --timeout 600

test-sanitize: deps $(BUILD)/asan/build.ninja
	cmake --build $(BUILD)/asan -j $(JOBS)
	cd $(BUILD)/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900 -LE slow

bench: release
	$(BUILD)/release/bench/unmask_bench
	$(BUILD)/release/bench/near_dup_bench

format:
	find src apps tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) out
