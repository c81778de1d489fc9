# Building Shortcrust contracts: shortcrust_add_contract() compiles C/C++ sources with clang
# into <build>/contracts/NAME.wasm (ARCHITECTURE.md §6.1 rules: one exported memory, immutable
# exported global `A`, explicit (i32) -> i32 exports, no start function), and
# shortcrust_add_wat_module() turns a .wat file into a .wasm in the same directory. Installed
# with the package, so embedders use the same functions; the SDK header comes along.

include_guard(GLOBAL)

# Where the contracts go; tests read it through a compile definition.
set(SHORTCRUST_CONTRACTS_DIR "${CMAKE_BINARY_DIR}/contracts" CACHE INTERNAL
    "Directory of the .wasm files built by shortcrust_add_contract")

# The SDK header: the source tree when used from the project, <prefix>/include when installed
# (this file then lives in <prefix>/<libdir>/cmake/shortcrust).
if(NOT SHORTCRUST_SDK_INCLUDE_DIR)
  # Installed: lib/cmake/shortcrust or a multiarch lib/<triple>/cmake/shortcrust.
  foreach(_sc_rel IN ITEMS ../sdk/include ../../../include ../../../../include)
    get_filename_component(_sc_inc "${CMAKE_CURRENT_LIST_DIR}/${_sc_rel}" ABSOLUTE)
    if(EXISTS "${_sc_inc}/shortcrust/contract.h")
      set(SHORTCRUST_SDK_INCLUDE_DIR "${_sc_inc}" CACHE PATH "Directory holding shortcrust/contract.h")
      break()
    endif()
  endforeach()
  unset(_sc_rel)
  unset(_sc_inc)
  if(NOT SHORTCRUST_SDK_INCLUDE_DIR)
    message(FATAL_ERROR "ShortcrustContract.cmake: shortcrust/contract.h not found; "
                        "set SHORTCRUST_SDK_INCLUDE_DIR")
  endif()
endif()

# clang picks wasm-ld itself (it must be on PATH or next to clang).
find_program(SHORTCRUST_CONTRACT_CLANG NAMES clang clang-14 clang-15 clang-16 clang-17 clang-18
             DOC "clang used to compile contracts to wasm32/wasm64")
find_program(SHORTCRUST_WAT2WASM_PROGRAM wat2wasm)

function(_shortcrust_contract_aggregate target)
  if(NOT TARGET shortcrust_contracts)
    add_custom_target(shortcrust_contracts ALL)
  endif()
  add_dependencies(shortcrust_contracts ${target})
endfunction()

# shortcrust_add_contract(NAME SOURCES src... [WASM64] [FLAGS flag...]
#                         [INCLUDE_DIRECTORIES dir...] [DEPENDS file...])
# Builds ${SHORTCRUST_CONTRACTS_DIR}/NAME.wasm and the target shortcrust_contract_NAME, which the
# aggregate target shortcrust_contracts depends on. Exports are the functions marked SC_EXPORT
# (clang's export_name), the memory (`memory`) and `A`; nothing else, so helper functions and
# the mutable __stack_pointer global stay internal.
function(shortcrust_add_contract name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "WASM64" "" "SOURCES;FLAGS;INCLUDE_DIRECTORIES;DEPENDS")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "shortcrust_add_contract(${name}): no SOURCES")
  endif()
  if(NOT SHORTCRUST_CONTRACT_CLANG)
    message(FATAL_ERROR "shortcrust_add_contract(${name}): clang not found")
  endif()
  set(target_triple wasm32)
  if(arg_WASM64)
    set(target_triple wasm64)
  endif()
  set(includes "-I${SHORTCRUST_SDK_INCLUDE_DIR}")
  foreach(dir IN LISTS arg_INCLUDE_DIRECTORIES)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND includes "-I${dir}")
  endforeach()
  # One object per source (C11 or C++20 by extension), then one link step.
  set(obj_dir "${CMAKE_CURRENT_BINARY_DIR}/shortcrust_contracts/${name}")
  set(objects)
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(src_name "${src}" NAME)
    if(src MATCHES "\\.(cc|cpp|cxx)$")
      set(lang_flags -std=c++20 -fno-exceptions -fno-rtti)
    else()
      set(lang_flags -std=c11)
    endif()
    set(obj "${obj_dir}/${src_name}.o")
    add_custom_command(OUTPUT "${obj}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${obj_dir}"
      COMMAND ${SHORTCRUST_CONTRACT_CLANG} --target=${target_triple} -O2 -ffreestanding
              -Wall -Wextra ${lang_flags} ${includes} ${arg_FLAGS}
              -MD -MF "${obj}.d" -c "${src}" -o "${obj}"
      DEPENDS "${src}" ${arg_DEPENDS}
      DEPFILE "${obj}.d"
      COMMENT "Compiling contract ${name}: ${src_name} (${target_triple})"
      VERBATIM)
    list(APPEND objects "${obj}")
  endforeach()
  # --no-entry: no _start; --export=A: the argbuf's address as an immutable global. Without
  # --export-dynamic only SC_EXPORT functions are exported (plus the memory, always).
  # --stack-first: the shadow stack sits below the data, so an overflow runs below address 0
  # and traps instead of silently overwriting globals and the argbuf. No -O at the link step:
  # clang would then run wasm-opt when it is on PATH, and the output would depend on that.
  set(out "${SHORTCRUST_CONTRACTS_DIR}/${name}.wasm")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${SHORTCRUST_CONTRACTS_DIR}"
    COMMAND ${SHORTCRUST_CONTRACT_CLANG} --target=${target_triple} -nostdlib ${objects}
            -Wl,--no-entry -Wl,--export=A -Wl,--stack-first -Wl,--strip-debug
            -o "${out}"
    DEPENDS ${objects}
    COMMENT "Linking contract ${name}.wasm"
    VERBATIM)
  add_custom_target(shortcrust_contract_${name} DEPENDS "${out}")
  _shortcrust_contract_aggregate(shortcrust_contract_${name})
endfunction()

# shortcrust_add_wat_module(NAME SOURCE file.wat [FEATURES feature...])
# Builds ${SHORTCRUST_CONTRACTS_DIR}/NAME.wasm with wat2wasm; FEATURES are wabt feature names
# (memory64, multi-memory, ...) passed as --enable-<feature>.
function(shortcrust_add_wat_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SOURCE" "FEATURES")
  if(NOT SHORTCRUST_WAT2WASM_PROGRAM)
    message(FATAL_ERROR "shortcrust_add_wat_module(${name}): wat2wasm not found")
  endif()
  get_filename_component(src "${arg_SOURCE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(enables)
  foreach(feature IN LISTS arg_FEATURES)
    list(APPEND enables "--enable-${feature}")
  endforeach()
  set(out "${SHORTCRUST_CONTRACTS_DIR}/${name}.wasm")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${SHORTCRUST_CONTRACTS_DIR}"
    COMMAND ${SHORTCRUST_WAT2WASM_PROGRAM} ${enables} "${src}" -o "${out}"
    DEPENDS "${src}"
    COMMENT "wat2wasm ${name}.wasm"
    VERBATIM)
  add_custom_target(shortcrust_contract_${name} DEPENDS "${out}")
  _shortcrust_contract_aggregate(shortcrust_contract_${name})
endfunction()
