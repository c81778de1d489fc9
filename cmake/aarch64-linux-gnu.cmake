# Cross build for AArch64 Linux with Debian's cross toolchain and arm64 packages
# (g++-aarch64-linux-gnu, libasmjit-dev:arm64, ...; scripts/aarch64.sh installs them).
# Programs built for the target run under qemu-user, so CTest and the build's own
# generators work unchanged.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# `-L /`: the dynamic loader and libc of Debian's multiarch libc6:arm64 (/lib/aarch64-linux-gnu,
# which the arm64 -dev packages pull in). The cross toolchain's own copy under
# /usr/aarch64-linux-gnu is another build of glibc: its ld.so with the multiarch libc.so
# hangs in the first pthread_create.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /)
# Libraries and headers of the target from Debian's multiarch paths; tools (wat2wasm,
# clang for contracts, python3) from the build machine.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
# pkg-config (FindOpenSSL asks it) must describe the arm64 packages, not the host's.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
