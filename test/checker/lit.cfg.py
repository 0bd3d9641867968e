# lit configuration of the valuetask-* check tests (see lit.site.cfg.py.in
# for the paths CMake fills in).
import os

import lit.formats

config.name = "valuetask-checks-llvm" + config.llvm_major
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "check_valuetask_tidy.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.valuetask_binary_dir

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])

inputs = os.path.join(config.test_source_root, "Inputs")
driver = os.path.join(config.test_source_root, "check_valuetask_tidy.py")
check = f"{config.python} {driver} --clang-tidy {config.clang_tidy} --plugin {config.plugin}"
check_compiler = f"{config.python} {driver} --clang {config.clang} --compiler-plugin {config.compiler_plugin}"
config.substitutions += [
    # The same, through clang++ -fsyntax-only -fplugin=valuetask-clang-plugin.so
    # (first: lit substitutes in order, and %check_valuetask is its prefix).
    ("%check_valuetask_compiler", check_compiler),
    ("%clang_plugin", config.compiler_plugin),
    ("%foreign_major_clang_plugin", config.foreign_major_compiler_plugin),
    ("%other_clangxx", config.other_clang),
    ("%clangxx", config.clang),
    # %check_valuetask <input> [driver options] -- <compiler args>
    ("%check_valuetask", check),
    ("%clang_tidy", config.clang_tidy),
    # the clang of this LLVM, to compile and run what --fix wrote
    ("%clangxx", os.path.join(config.llvm_tools_dir, "clang++")),
    ("%plugin", config.plugin),
    ("%foreign_major_plugin", config.foreign_major_plugin),
    ("%other_clang_tidy", config.other_clang_tidy),
    ("%other_major", config.other_major),
    ("%llvm_major", config.llvm_major),
    ("%inputs", inputs),
    ("%runtime_include", config.runtime_include),
    ("%project_root", config.project_root),
    ("%python", config.python),
    ("FileCheck", config.filecheck),
]

if config.other_clang_tidy:
    config.available_features.add("other-clang-tidy")
if config.other_clang:
    config.available_features.add("other-clang")
