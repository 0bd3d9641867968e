# cmake --install: the runtime headers, the clang-tidy plugin, valuetask-clangd
# and the CMake package, so that a consumer writes
#
#   find_package(valuetask CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE valuetask::runtime)
#   valuetask_enable_checks(app)        # clang-tidy + plugin, fails on findings
#
# Layout under the prefix:
#   include/valuetask/...                          the header-only runtime
#   lib/valuetask/valuetask-tidy.so                the plugin (for clang-tidy-N)
#   lib/valuetask/valuetask-clang-plugin.so        the compiler plugin (clang++-N -fplugin=)
#   bin/valuetask-clangd                           clangd with the checks
#   bin/valuetask-run-checks                       scripts/run-checks, for CI
#   lib/valuetask/valuetask_diagnostics.py         the clang-tidy output parser it uses
#   share/doc/valuetask/checks/*.md                the check pages (SARIF help URIs)
#   lib/cmake/valuetask/valuetask{Config,ConfigVersion,Targets}.cmake

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(VALUETASK_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/valuetask"
    CACHE STRING "Where the valuetask CMake package goes, relative to the prefix")
set(VALUETASK_INSTALL_PLUGINDIR "${CMAKE_INSTALL_LIBDIR}/valuetask"
    CACHE STRING "Where the clang-tidy plugin goes, relative to the prefix")

# -- the runtime ---------------------------------------------------------------
install(DIRECTORY "${CMAKE_CURRENT_LIST_DIR}/../include/valuetask"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT runtime
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
set_target_properties(valuetask-runtime PROPERTIES EXPORT_NAME runtime)
install(TARGETS valuetask-runtime EXPORT valuetaskTargets COMPONENT runtime)
install(EXPORT valuetaskTargets
        NAMESPACE valuetask::
        DESTINATION "${VALUETASK_INSTALL_CMAKEDIR}"
        COMPONENT runtime)

# -- the checks ----------------------------------------------------------------
# The plugin only loads into clang-tidy of the major it was built against: the
# package records that major and where that clang-tidy lives.
set(VALUETASK_PACKAGE_HAS_CHECKS OFF)
set(VALUETASK_PACKAGE_LLVM_MAJOR "")
set(VALUETASK_PACKAGE_LLVM_TOOLS_DIR "")
set(VALUETASK_PACKAGE_PLUGIN "${VALUETASK_INSTALL_PLUGINDIR}/valuetask-tidy${CMAKE_SHARED_MODULE_SUFFIX}")
set(VALUETASK_PACKAGE_CLANG_PLUGIN "${VALUETASK_INSTALL_PLUGINDIR}/valuetask-clang-plugin${CMAKE_SHARED_MODULE_SUFFIX}")
if(TARGET valuetask-tidy)
  set(VALUETASK_PACKAGE_HAS_CHECKS ON)
  set(VALUETASK_PACKAGE_LLVM_MAJOR "${VALUETASK_LLVM_MAJOR}")
  # LLVM_DIR resolves to <llvm prefix>/lib/cmake/llvm (Debian also links it
  # as <llvm prefix>/cmake); clang-tidy sits in <llvm prefix>/bin.
  get_filename_component(_vt_llvm_cmake_dir "${LLVM_DIR}" REALPATH)
  get_filename_component(VALUETASK_PACKAGE_LLVM_TOOLS_DIR "${_vt_llvm_cmake_dir}/../../../bin" ABSOLUTE)
  install(TARGETS valuetask-tidy
          LIBRARY DESTINATION "${VALUETASK_INSTALL_PLUGINDIR}" COMPONENT checks)
  if(TARGET valuetask-clang-plugin)
    install(TARGETS valuetask-clang-plugin
            LIBRARY DESTINATION "${VALUETASK_INSTALL_PLUGINDIR}" COMPONENT checks)
  endif()
  # The project-wide CI runner; installed, it finds the plugin above by itself.
  install(PROGRAMS "${CMAKE_CURRENT_LIST_DIR}/../../scripts/run-checks"
          DESTINATION "${CMAKE_INSTALL_BINDIR}" RENAME valuetask-run-checks
          COMPONENT checks)
  # The diagnostics parser it imports, and the check pages its SARIF links to.
  install(FILES "${CMAKE_CURRENT_LIST_DIR}/../../scripts/valuetask_diagnostics.py"
          DESTINATION "${VALUETASK_INSTALL_PLUGINDIR}" COMPONENT checks)
  install(DIRECTORY "${CMAKE_CURRENT_LIST_DIR}/../../docs/checks/"
          DESTINATION "${CMAKE_INSTALL_DOCDIR}/checks" COMPONENT checks
          FILES_MATCHING PATTERN "*.md")
endif()
if(TARGET valuetask-clangd)
  install(TARGETS valuetask-clangd
          RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT clangd)
endif()

# -- the package ---------------------------------------------------------------
configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/valuetaskConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/package/valuetaskConfig.cmake"
  INSTALL_DESTINATION "${VALUETASK_INSTALL_CMAKEDIR}"
  PATH_VARS VALUETASK_PACKAGE_PLUGIN VALUETASK_PACKAGE_CLANG_PLUGIN CMAKE_INSTALL_BINDIR)
# 0.x: a minor release may break the API.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/package/valuetaskConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES
          "${PROJECT_BINARY_DIR}/package/valuetaskConfig.cmake"
          "${PROJECT_BINARY_DIR}/package/valuetaskConfigVersion.cmake"
          "${CMAKE_CURRENT_LIST_DIR}/valuetaskChecks.cmake"
        DESTINATION "${VALUETASK_INSTALL_CMAKEDIR}"
        COMPONENT runtime)
