// Build facts that only the build knows (the git revision), exposed to Swift as a function
// because Swift has no compile-time string defines.
#ifndef CWARDEN_BUILD_INFO_H
#define CWARDEN_BUILD_INFO_H
const char *warden_build_revision(void);
#endif
