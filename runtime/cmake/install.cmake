# placeholder: install rules and the CMake package (find_package(valuetask))
