# The official spec suite as CTest tests (label `spec`), run through `shortcrust wast`.
# Registered only when the suite and wabt's wast2json are present. Included from
# tests/CMakeLists.txt; the `shortcrust_cli` target is the command under test.
set(SHORTCRUST_SPEC_SUITE "${PROJECT_SOURCE_DIR}/../shared/spec-testsuite"
    CACHE PATH "Directory of the WebAssembly spec test suite (core/, proposals/)")
find_program(SHORTCRUST_WAST2JSON_PROGRAM wast2json)

if(NOT IS_DIRECTORY "${SHORTCRUST_SPEC_SUITE}/core")
  message(STATUS "Spec suite not found at ${SHORTCRUST_SPEC_SUITE}: spec tests not registered")
elseif(NOT SHORTCRUST_WAST2JSON_PROGRAM)
  message(STATUS "wast2json (wabt) not found: spec tests not registered")
else()
  # name, then the arguments after `shortcrust wast`.
  # Every run under both tiers (HOUSE-STYLE §10).
  set(_spec_runs
    "spec.core|${SHORTCRUST_SPEC_SUITE}/core"
    "spec.core.memory64|--memory64|${SHORTCRUST_SPEC_SUITE}/core"
    "spec.memory64|${SHORTCRUST_SPEC_SUITE}/proposals/memory64"
    "spec.jit.core|--engine|jit|${SHORTCRUST_SPEC_SUITE}/core"
    "spec.jit.core.memory64|--engine|jit|--memory64|${SHORTCRUST_SPEC_SUITE}/core"
    "spec.jit.memory64|--engine|jit|${SHORTCRUST_SPEC_SUITE}/proposals/memory64")
  foreach(_run IN LISTS _spec_runs)
    string(REPLACE "|" ";" _args "${_run}")
    list(POP_FRONT _args _name)
    add_test(NAME ${_name} COMMAND shortcrust_cli wast ${_args})
    set_tests_properties(${_name} PROPERTIES
      LABELS spec
      TIMEOUT ${SHORTCRUST_LONG_TEST_TIMEOUT}
      ENVIRONMENT "SHORTCRUST_WAST2JSON=${SHORTCRUST_WAST2JSON_PROGRAM}")
  endforeach()
  # The x86-64 JIT's fallbacks for CPUs without LZCNT, TZCNT, POPCNT, BMI2 or SSE4.1
  # (jit/x64/numeric.cpp), forced on whatever machine runs the tests. AArch64 has no such
  # optional instructions in the baseline JIT, so the run exists on x86-64 only.
  if(SHORTCRUST_JIT_ARCH STREQUAL "x64")
    add_test(NAME spec.jit.core.baseline_cpu COMMAND shortcrust_cli wast --engine jit ${SHORTCRUST_SPEC_SUITE}/core)
    set_tests_properties(spec.jit.core.baseline_cpu PROPERTIES
      LABELS spec
      TIMEOUT ${SHORTCRUST_LONG_TEST_TIMEOUT}
      ENVIRONMENT "SHORTCRUST_WAST2JSON=${SHORTCRUST_WAST2JSON_PROGRAM};SHORTCRUST_JIT_CPU=baseline")
  endif()
endif()

# The command's argument parser, `run` and the state commands are unit-tested (tests/cli/)
# but live in the executable's sources, so the test binary compiles them too.
target_sources(shortcrust_tests PRIVATE ${PROJECT_SOURCE_DIR}/cli/args.cpp
               ${PROJECT_SOURCE_DIR}/cli/run_command.cpp ${PROJECT_SOURCE_DIR}/cli/state_commands.cpp)
