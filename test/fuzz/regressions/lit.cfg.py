# lit configuration of the fuzzer's regression tests: each test is a minimal
# program a fuzz or real-code run found, pinned with FileCheck.
# Parameters (given by test/fuzz/CMakeLists.txt with --param):
#   clang_tidy, plugin, filecheck, runtime_include, exec_root
import os

import lit.formats

config.name = "valuetask-fuzz-regressions"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".cpp"]
config.test_source_root = os.path.dirname(__file__)
# Output/ and the timing file belong in the build tree, never in the sources.
config.test_exec_root = lit_config.params.get("exec_root") or lit_config.fatal("missing --param exec_root=...")
config.excludes = ["Inputs"]


def param(name):
    value = lit_config.params.get(name)
    if not value:
        lit_config.fatal("missing --param %s=..." % name)
    return value


clang_tidy = param("clang_tidy")
plugin = param("plugin")
include = param("runtime_include")
config.substitutions.append(
    ("%tidy",
     "%s --load=%s --header-filter=^$ --quiet" % (clang_tidy, plugin)))
config.substitutions.append(("%cxxflags", "-std=c++20 -I%s" % include))
config.substitutions.append(("FileCheck", param("filecheck")))
