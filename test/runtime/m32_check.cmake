# Builds and runs m32_program.cpp with -m32 (a 32-bit x86 target); skips,
# with a message, when the compiler cannot build 32-bit programs (on Debian:
# g++-12-multilib or gcc-multilib missing). Variables: COMPILER, SOURCE, INCLUDE_DIR, WORK_DIR.
file(MAKE_DIRECTORY ${WORK_DIR})
file(WRITE ${WORK_DIR}/probe.cpp "#include <string>\nint main() { return std::string(\"x\").size() == 1 ? 0 : 1; }\n")
execute_process(COMMAND ${COMPILER} -m32 ${WORK_DIR}/probe.cpp -o ${WORK_DIR}/probe
                RESULT_VARIABLE probe OUTPUT_QUIET ERROR_QUIET)
if(NOT probe EQUAL 0)
  message("SKIPPED: ${COMPILER} cannot link -m32 programs (install g++-12-multilib and gcc-multilib)")
  return()
endif()
execute_process(
  COMMAND ${COMPILER} -m32 -std=c++20 -O1 -Wall -Wextra -Wpedantic -Werror -I${INCLUDE_DIR}
          ${SOURCE} -o ${WORK_DIR}/m32_program -pthread
  RESULT_VARIABLE built OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "the -m32 build failed:\n${output}")
endif()
execute_process(COMMAND ${WORK_DIR}/m32_program RESULT_VARIABLE ran OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT ran EQUAL 0)
  message(FATAL_ERROR "the -m32 program failed:\n${output}")
endif()
message(STATUS "${output}")
