# valuetask_enable_checks(<target>... [CHECKS <globs>] [WARNINGS_AS_ERRORS <globs>]
#                         [HEADER_FILTER <regex>] [EXTRA_ARGS <args>...])
#
# Runs clang-tidy with the valuetask plugin on every C++ source of each target
# as it compiles (CMake's CXX_CLANG_TIDY), and fails the build on findings.
#
#   CHECKS              clang-tidy --checks; without it, the valuetask checks
#                       that are on by default, adjusted by what the project's
#                       .clang-tidy files (per directory) say about valuetask-*
#                       checks ("-valuetask-double-await" turns that one off)
#   WARNINGS_AS_ERRORS  clang-tidy --warnings-as-errors, default "valuetask-*";
#                       pass "" to report without failing the build
#   HEADER_FILTER       clang-tidy --header-filter, default: the headers of this
#                       source tree (LLVM 19 and 22 differ in their defaults)
#   EXTRA_ARGS          more clang-tidy arguments, e.g. --config-file=...
#
# clang-tidy must be the same LLVM major as the plugin (VALUETASK_LLVM_MAJOR):
# it is looked up as clang-tidy-N, then in the LLVM the plugin was built
# against; set VALUETASK_CLANG_TIDY to choose one.

function(valuetask_enable_checks)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "CHECKS;WARNINGS_AS_ERRORS;HEADER_FILTER" "EXTRA_ARGS")
  set(targets ${arg_UNPARSED_ARGUMENTS})
  if(NOT targets)
    message(FATAL_ERROR "valuetask_enable_checks: name at least one target")
  endif()
  # Before CMake 3.31 (CMP0174) a keyword followed by "" leaves its variable
  # undefined, as if it were not given; "" is a value here ("report without
  # failing"), so look at the arguments themselves.
  math(EXPR last "${ARGC} - 2")
  if(last GREATER_EQUAL 0)
    foreach(i RANGE 0 ${last})
      math(EXPR next "${i} + 1")
      set(word "${ARGV${i}}")
      if(word MATCHES "^(CHECKS|WARNINGS_AS_ERRORS|HEADER_FILTER)$"
         AND NOT DEFINED arg_${word} AND "${ARGV${next}}" STREQUAL "")
        set(arg_${word} "")
      endif()
    endforeach()
  endif()
  if(NOT VALUETASK_HAS_CHECKS)
    message(FATAL_ERROR "valuetask_enable_checks: this valuetask installation has no "
                        "clang-tidy plugin (built with VALUETASK_BUILD_CHECKER=OFF, or "
                        "installed without the 'checks' component)")
  endif()
  _valuetask_find_clang_tidy()

  # -- the clang-tidy arguments ------------------------------------------------
  if(NOT DEFINED arg_WARNINGS_AS_ERRORS)
    set(arg_WARNINGS_AS_ERRORS "valuetask-*")
  endif()
  if(NOT DEFINED arg_HEADER_FILTER)
    string(REGEX REPLACE "([][+.*?()^$|\\\\{}])" "\\\\\\1" escaped "${CMAKE_SOURCE_DIR}")
    set(arg_HEADER_FILTER "^${escaped}/")
  endif()
  set(tidy_args
      "--load=${VALUETASK_TIDY_PLUGIN}"
      "--warnings-as-errors=${arg_WARNINGS_AS_ERRORS}"
      "--header-filter=${arg_HEADER_FILTER}"
      "--quiet"
      ${arg_EXTRA_ARGS})

  # -- how clang-tidy attaches to each compile (CXX_CLANG_TIDY) -----------------
  if(DEFINED arg_CHECKS)
    set(command "${VALUETASK_CLANG_TIDY}" "--checks=${arg_CHECKS}" ${tidy_args})
  elseif(VALUETASK_RUN_CHECKS)
    # clang-tidy appends --checks to the .clang-tidy file's Checks, so a fixed
    # --checks would undo the project's "-valuetask-..." entries: the runner
    # reads the file governing each source and passes the checks for it.
    set(command "${VALUETASK_RUN_CHECKS}" --compile-step "${VALUETASK_CLANG_TIDY}" ${tidy_args})
  else()
    message(FATAL_ERROR "valuetask_enable_checks: valuetask-run-checks is not installed "
                        "(it reads the project's .clang-tidy); pass CHECKS explicitly")
  endif()
  foreach(target IN LISTS targets)
    if(NOT TARGET "${target}")
      message(FATAL_ERROR "valuetask_enable_checks: '${target}' is not a target")
    endif()
    set_property(TARGET "${target}" PROPERTY CXX_CLANG_TIDY "${command}")
  endforeach()
endfunction()

# Sets VALUETASK_CLANG_TIDY (cache) to a clang-tidy of VALUETASK_LLVM_MAJOR, or
# stops with a message that says what to install.
function(_valuetask_find_clang_tidy)
  set(major "${VALUETASK_LLVM_MAJOR}")
  find_program(VALUETASK_CLANG_TIDY
    NAMES clang-tidy-${major} clang-tidy
    HINTS "${VALUETASK_LLVM_TOOLS_DIR_HINT}" "/usr/lib/llvm-${major}/bin"
    DOC "clang-tidy of LLVM ${major}, for the valuetask plugin")
  if(NOT VALUETASK_CLANG_TIDY)
    message(FATAL_ERROR "valuetask: no clang-tidy-${major} found; the plugin was built for "
                        "LLVM ${major} (Debian/Ubuntu: apt install clang-tidy-${major}), "
                        "or set VALUETASK_CLANG_TIDY")
  endif()
  # A plugin loaded into another major fails in confusing ways: check up front.
  execute_process(COMMAND "${VALUETASK_CLANG_TIDY}" --version
                  OUTPUT_VARIABLE version RESULT_VARIABLE status ERROR_QUIET)
  if(NOT status EQUAL 0 OR NOT version MATCHES "LLVM version ${major}\\.")
    string(STRIP "${version}" version)
    message(FATAL_ERROR "valuetask: ${VALUETASK_CLANG_TIDY} is not clang-tidy ${major} "
                        "(it says: ${version}); the plugin needs LLVM ${major}. "
                        "Set VALUETASK_CLANG_TIDY to clang-tidy-${major}.")
  endif()
endfunction()
