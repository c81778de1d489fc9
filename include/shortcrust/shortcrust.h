// The whole public API of Shortcrust in one include: engine and modules, stores and
// their objects, linking, host functions, traps, values and types, and the contract VM.
#pragma once

#include "shortcrust/abi.h"
#include "shortcrust/config.h"
#include "shortcrust/engine.h"
#include "shortcrust/error.h"
#include "shortcrust/host.h"
#include "shortcrust/linker.h"
#include "shortcrust/result.h"
#include "shortcrust/store.h"
#include "shortcrust/trap.h"
#include "shortcrust/types.h"
#include "shortcrust/value.h"
#include "shortcrust/state_proof.h"
#include "shortcrust/vm.h"
