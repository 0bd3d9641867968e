# valuetask_enable_checks(<target>... [MODE clang-tidy|compiler] [CHECKS <globs>]
#                         [WARNINGS_AS_ERRORS <globs>] [HEADER_FILTER <regex>]
#                         [EXTRA_ARGS <args>...])
#
# MODE clang-tidy (the default) runs clang-tidy with the valuetask plugin on
# every C++ source of each target as it compiles (CMake's CXX_CLANG_TIDY),
# and fails the build on findings.
#
# MODE compiler loads the compiler plugin into the compilation itself
# (clang++ -fplugin=valuetask-clang-plugin.so): no second parse, the
# findings come with the compiler's own warnings. It needs the project's C++
# compiler to be clang++ of the plugin's LLVM major, and says so otherwise.
#
#   CHECKS              clang-tidy --checks; without it, the valuetask checks
#                       that are on by default, adjusted by what the project's
#                       .clang-tidy files (per directory) say about valuetask-*
#                       checks ("-valuetask-double-await" turns that one off)
#                       (compiler: -fplugin-arg-valuetask-checks=, default the
#                       checks that are on by default)
#   WARNINGS_AS_ERRORS  clang-tidy --warnings-as-errors, default "valuetask-*";
#                       pass "" to report without failing the build
#                       (compiler: all findings are errors, or none with "")
#   HEADER_FILTER       clang-tidy --header-filter, default: the headers of this
#                       source tree (LLVM 19 and 22 differ in their defaults)
#   EXTRA_ARGS          more clang-tidy arguments, e.g. --config-file=...
#                       (compiler: plugin arguments without their prefix,
#                       e.g. "ValueTaskTypes=::valuetask::value_task$<SEMICOLON>::lib::task")
#
# clang-tidy must be the same LLVM major as the plugin (VALUETASK_LLVM_MAJOR):
# it is looked up as clang-tidy-N, then in the LLVM the plugin was built
# against; set VALUETASK_CLANG_TIDY to choose one.

function(valuetask_enable_checks)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "MODE;CHECKS;WARNINGS_AS_ERRORS;HEADER_FILTER" "EXTRA_ARGS")
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
  if(arg_MODE STREQUAL "compiler")
    _valuetask_enable_compiler_checks()
    return()
  elseif(DEFINED arg_MODE AND NOT arg_MODE STREQUAL "clang-tidy")
    message(FATAL_ERROR "valuetask_enable_checks: MODE '${arg_MODE}' is neither "
                        "'clang-tidy' nor 'compiler'")
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

# MODE compiler of valuetask_enable_checks(), in its scope (targets, arg_*):
# -fplugin=valuetask-clang-plugin.so and its arguments on each target's C++
# compilations, after checking that the compiler can load the plugin.
macro(_valuetask_enable_compiler_checks)
  set(_vt_plugin "${VALUETASK_CLANG_PLUGIN}")
  if(NOT _vt_plugin AND TARGET valuetask-clang-plugin) # inside valuetask's own build
    set(_vt_plugin "$<TARGET_FILE:valuetask-clang-plugin>")
  endif()
  if(NOT _vt_plugin)
    message(FATAL_ERROR "valuetask_enable_checks(MODE compiler): this valuetask "
                        "installation has no compiler plugin (valuetask-clang-plugin.so); "
                        "use MODE clang-tidy, or install valuetask's 'checks' component")
  endif()
  # The plugin is clang's own ABI: only clang++ of the plugin's major loads it.
  string(REGEX MATCH "^[0-9]+" _vt_compiler_major "${CMAKE_CXX_COMPILER_VERSION}")
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "valuetask_enable_checks(MODE compiler): the compiler plugin runs "
                        "inside clang++-${VALUETASK_LLVM_MAJOR}, but this project compiles C++ "
                        "with ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION} "
                        "(${CMAKE_CXX_COMPILER}), which cannot load clang plugins. Configure "
                        "with -DCMAKE_CXX_COMPILER=clang++-${VALUETASK_LLVM_MAJOR}, or use "
                        "MODE clang-tidy, which works beside any compiler.")
  endif()
  if(NOT _vt_compiler_major STREQUAL "${VALUETASK_LLVM_MAJOR}")
    message(FATAL_ERROR "valuetask_enable_checks(MODE compiler): the compiler plugin was "
                        "built for LLVM ${VALUETASK_LLVM_MAJOR}, but this project compiles C++ "
                        "with clang ${CMAKE_CXX_COMPILER_VERSION} (${CMAKE_CXX_COMPILER}); a "
                        "plugin only loads into the clang of its own major. Configure with "
                        "-DCMAKE_CXX_COMPILER=clang++-${VALUETASK_LLVM_MAJOR}, or build valuetask "
                        "against LLVM ${_vt_compiler_major}.")
  endif()

  set(_vt_args "")
  if(DEFINED arg_CHECKS)
    list(APPEND _vt_args "checks=${arg_CHECKS}")
  endif()
  if(NOT DEFINED arg_WARNINGS_AS_ERRORS OR arg_WARNINGS_AS_ERRORS MATCHES "^(valuetask-)?\\*$")
    list(APPEND _vt_args "werror")
  elseif(NOT arg_WARNINGS_AS_ERRORS STREQUAL "")
    message(FATAL_ERROR "valuetask_enable_checks(MODE compiler): WARNINGS_AS_ERRORS "
                        "'${arg_WARNINGS_AS_ERRORS}': the compiler plugin makes every finding "
                        "an error or none; write \"valuetask-*\" or \"\"")
  endif()
  if(NOT DEFINED arg_HEADER_FILTER)
    string(REGEX REPLACE "([][+.*?()^$|\\\\{}])" "\\\\\\1" _vt_escaped "${CMAKE_SOURCE_DIR}")
    set(arg_HEADER_FILTER "^${_vt_escaped}/")
  endif()
  list(APPEND _vt_args "header-filter=${arg_HEADER_FILTER}" ${arg_EXTRA_ARGS})

  set(_vt_flags "-fplugin=${_vt_plugin}")
  foreach(_vt_arg IN LISTS _vt_args)
    list(APPEND _vt_flags "-fplugin-arg-valuetask-${_vt_arg}")
  endforeach()
  foreach(target IN LISTS targets)
    if(NOT TARGET "${target}")
      message(FATAL_ERROR "valuetask_enable_checks: '${target}' is not a target")
    endif()
    foreach(_vt_flag IN LISTS _vt_flags)
      target_compile_options("${target}" PRIVATE "$<$<COMPILE_LANGUAGE:CXX>:${_vt_flag}>")
    endforeach()
  endforeach()
endmacro()
