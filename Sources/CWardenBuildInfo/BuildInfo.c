// The revision comes from Package.swift (environment WARDEN_REVISION at build time).
#include "CWardenBuildInfo.h"
#ifndef WARDEN_REVISION
#define WARDEN_REVISION "unknown"
#endif
const char *warden_build_revision(void) { return WARDEN_REVISION; }
